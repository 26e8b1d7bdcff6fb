#pragma once
// What parsing one block of whole records yields, before the merge puts the blocks in file
// order (chunk_merge.hpp). Lines are relative to the block's first line until then.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ingest/records.hpp"
#include "ingest/spelling_tally.hpp"
#include "ingest/ticket_rows.hpp"
#include "model/reject_reason.hpp"

namespace cskpi {

struct RejectAt {
    std::int64_t line;  // relative to the chunk's first line until rebased
    RejectReason reason;
    std::string detail;
};

// The line each kept row starts on, stored only where it stops being "previous + 1"
// (multi-line rows, blank lines, rejected rows): a few entries instead of one per row.
class RowLines {
public:
    void add(std::size_t row, std::int64_t line) {
        const std::int64_t offset = line - std::int64_t(row);
        if (steps_.empty() || steps_.back().second != offset) steps_.emplace_back(row, offset);
    }
    std::int64_t line_of(std::size_t row) const {
        auto it = std::upper_bound(steps_.begin(), steps_.end(), row,
                                   [](std::size_t r, const auto& step) { return r < step.first; });
        return std::int64_t(row) + std::prev(it)->second;
    }

private:
    std::vector<std::pair<std::size_t, std::int64_t>> steps_;  // first row, line - row from there on
};

template <class Record>
struct ChunkResult {
    Rows<Record> records;
    std::vector<std::uint64_t> keys;
    RowLines lines;  // relative line of each record
    std::int64_t rows_read = 0;
    std::int64_t line_breaks = 0;
    std::array<std::int64_t, kRejectReasonCount> reject_counts{};
    std::vector<RejectAt> samples;
    std::unordered_map<std::uint32_t, std::string> team_names;
    // tickets: the rows' agent numbers are those of the parser's AgentNumbering
    // (agent_numbering.hpp) `agent_numbering`; agent_names are the agents it numbered first
    // in this block, numbered first_agent_number, first_agent_number + 1, …
    std::uint32_t agent_numbering = 0;
    std::uint32_t first_agent_number = 1;
    std::vector<std::string> agent_names;
    SpellingTally spellings;  // unknown spellings and catch-all hits, by relative line
    std::vector<std::pair<std::size_t, SurveyRecord>> ticket_surveys;  // record index, rating
    // The block ends inside a quoted field that never closes (only the file's last block
    // can): the relative line where it opened and its first bytes, escaped. -1 = none.
    std::int64_t open_quote_line = -1;
    std::string open_quote_text;
};

}  // namespace cskpi
