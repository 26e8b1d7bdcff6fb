#pragma once
// Counts the unknown spellings of an export (row_parser.hpp SpellingEvent) with the line
// each first appeared on, per chunk and then over the whole file.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ingest/row_parser.hpp"
#include "model/summary.hpp"

namespace cskpi {

class SpellingTally {
public:
    // Distinct spellings kept per column; further ones are counted together.
    static constexpr std::size_t kMaxPerColumn = 50;

    void add(const std::vector<SpellingEvent>& events, std::int64_t line);
    // Adds a later chunk's tally whose lines are relative to `line_offset`.
    void merge(const SpellingTally& later, std::int64_t line_offset);
    // By column, then most rows first (ties: first line).
    std::vector<UnknownSpelling> listing() const;
    bool empty() const { return entries_.empty(); }

private:
    struct Entry {
        std::int64_t count = 0;
        std::int64_t first_line = 0;
        std::string read_as;
    };
    void count(const std::string& column, const std::string& spelling, std::int64_t rows, std::int64_t line,
               const std::string& read_as);
    std::map<std::pair<std::string, std::string>, Entry> entries_;
    std::map<std::string, std::size_t> distinct_;  // per column
};

// Export text for a terminal line: control characters escaped (\xNN), at most 200 bytes
// (cut at a character boundary, "…" marks the cut), in single quotes.
std::string quote_export_text(std::string_view text);

// "channel 'Carrier pigeon': 12 rows, first line 5, read as other" / "… rejected (bad_enum);
// add: value.channel.Carrier pigeon = <value>"
std::string describe(const UnknownSpelling& u);

// The report-definition line that maps `spelling` of `column` (docs/presets.md).
std::string value_line(const UnknownSpelling& u);

}  // namespace cskpi
