#pragma once
// Streams one export through a block reader and parallel parsers into compact records,
// with the row accounting of docs/contract/inputs.md (every row read is accepted or rejected).
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/records.hpp"
#include "ingest/schema.hpp"
#include "model/summary.hpp"
#include "sources/source.hpp"

namespace cskpi {

inline constexpr std::array<std::string_view, 10> kRejectReasons = {
    "field_count", "missing_required", "bad_timestamp", "bad_date", "bad_number",
    "bad_enum",    "out_of_range",     "time_order",    "duplicate_id", "bad_encoding"};

struct IngestOptions {
    std::string timezone = "UTC";
    unsigned threads = 2;
    std::size_t block_bytes = std::size_t(8) << 20;
    std::size_t samples_per_reason = 10;  // first rejected lines kept per reason
};

template <class Record>
struct IngestedSource {
    // Accepted rows in file order, kept in the chunks they were parsed in (no large
    // reallocation while reading).
    std::vector<std::vector<Record>> chunks;
    HeaderBinding binding;
    SourceReport report;  // out_of_period is filled by the metrics
    std::unordered_map<std::uint32_t, std::string> team_names;  // tickets: team key -> name
    std::vector<std::uint64_t> key_tier_ids;  // tickets: sorted id keys of customer_tier = key
    // tickets: the preset's satisfaction rating column was found (presets.hpp); the rated
    // tickets as survey responses, read in the same pass (docs/presets.md).
    bool rates_satisfaction = false;
    std::vector<SurveyRecord> ticket_surveys;

    std::size_t size() const {
        std::size_t n = 0;
        for (const auto& c : chunks) n += c.size();
        return n;
    }
    template <class F>
    void for_each(F&& f) const {
        for (const auto& c : chunks)
            for (const auto& r : c) f(r);
    }
};

using TicketSource = IngestedSource<TicketRecord>;
using SurveySource = IngestedSource<SurveyRecord>;
using AgentSource = IngestedSource<AgentRecord>;
using CallSource = IngestedSource<CallRecord>;

// Reads `local.path` as the export `source.name`. Throws InputError for unreadable files,
// a missing header or required column; bad rows become rejects, never exceptions.
template <class Record>
IngestedSource<Record> ingest_source(const SourceConfig& source, const LocalSource& local,
                                     const IngestOptions& options);

// The ratings a tickets export carries (rates_satisfaction) as a surveys export, for a run
// without one: its report names the tickets export and the rating column. Moves the
// ratings out of `tickets`.
SurveySource surveys_from_ticket_ratings(TicketSource& tickets);

}  // namespace cskpi
