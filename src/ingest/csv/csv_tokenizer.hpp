#pragma once
// RFC 4180 record splitter: a small state machine over a mutable buffer that holds whole
// records. Quoted fields are unescaped in place ("" -> "), so fields are views into the
// buffer and no per-field allocation happens.
#include <cstdint>
#include <string_view>
#include <vector>

namespace cskpi {

struct CsvRecord {
    std::vector<std::string_view> fields;
    int line_breaks = 0;  // physical line ends consumed, including those inside quotes
    bool blank = false;   // an empty line: skipped, not counted
};

class CsvTokenizer {
public:
    explicit CsvTokenizer(char delimiter) : delimiter_(delimiter) {}

    // Reads the record at `cursor` and advances past its line end. Returns false at `end`.
    bool next(char*& cursor, char* end, CsvRecord& out) const;

private:
    char delimiter_;
};

// Where the last complete record in [begin, end) ends (one past its '\n'), given that
// begin starts a record; nullptr when the buffer holds no complete record. Quote parity
// decides whether a '\n' ends a record, since "" inside quotes toggles twice.
const char* last_record_end(const char* begin, const char* end);

// The delimiter of a header line: the most frequent of , ; and tab outside quotes.
char sniff_delimiter(std::string_view header_line);

}  // namespace cskpi
