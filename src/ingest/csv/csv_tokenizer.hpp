#pragma once
// RFC 4180 record splitter over a mutable buffer, by the quoting rule of csv_rule.hpp.
// Quoted fields are unescaped in place ("" -> "), so fields are views into the buffer and
// no per-field allocation happens.
#include <cstdint>
#include <string_view>
#include <vector>

namespace cskpi {

struct CsvRecord {
    std::vector<std::string_view> fields;
    int line_breaks = 0;  // physical line ends consumed, including those inside quotes
    bool blank = false;   // an empty line: skipped, not counted
    // The last field is a quoted field the data never closes: it runs to the end of the
    // data. The caller decides (at the end of the file it stops the run).
    bool open_quote = false;
    int open_quote_line = 0;  // line ends in this record before the opening quote
};

class CsvTokenizer {
public:
    explicit CsvTokenizer(char delimiter) : delimiter_(delimiter) {}

    // Reads the record at `cursor` and advances past its line end. Returns false at `end`.
    bool next(char*& cursor, char* end, CsvRecord& out) const;

private:
    char delimiter_;
};

// The delimiter of a header line: the most frequent of , ; and tab outside quotes.
char sniff_delimiter(std::string_view header_line);

}  // namespace cskpi
