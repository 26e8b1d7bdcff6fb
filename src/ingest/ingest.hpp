#pragma once
// Streams one export into compact records, with the row accounting of
// docs/contract/inputs.md (every row read is accepted or rejected). The stages, in the
// manner of DuckDB's CSV scanner, each in its own file:
//   export_stream.hpp  bytes: read, SHA-256 of the original, UTF-16 transcoded as a stream
//   header_reader.hpp  the header record: BOM, delimiter, column binding
//   parallel_scan.hpp  blocks cut at record ends (csv/record_scanner.hpp), parsed by workers
//   chunk_merge.hpp    lines rebased, later duplicates win, rejects counted and sampled
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/records.hpp"
#include "ingest/schema.hpp"
#include "ingest/ticket_agent_index.hpp"
#include "ingest/ticket_rows.hpp"
#include "model/summary.hpp"
#include "sources/source.hpp"

namespace cskpi {

struct IngestOptions {
    std::string timezone = "UTC";
    unsigned threads = 2;
    // Read size. Small enough that the passes over a block (UTF-8 check, line count,
    // tokenizer) find it in the core's cache; tests set it smaller still (e.g. 64).
    std::size_t block_bytes = std::size_t(2) << 20;
    // A row (or the header) longer than this stops the run: memory stays bounded whatever
    // the quoting, e.g. when a quote opened by mistake never closes.
    std::size_t max_record_bytes = std::size_t(64) << 20;
    std::size_t samples_per_reason = 10;  // first rejected lines kept per reason
    // One thread reads the whole file as one block: the reference the parallel block
    // cutting is tested against (same rows, rejects and lines). Holds the file in memory.
    bool whole_file = false;
};

template <class Record>
struct IngestedSource {
    // Accepted rows in file order, kept in the chunks they were parsed in (no large
    // reallocation while reading).
    std::vector<Rows<Record>> chunks;  // tickets packed (ticket_rows.hpp)
    HeaderBinding binding;
    SourceReport report;  // out_of_period is filled by the metrics
    std::unordered_map<std::uint32_t, std::string> team_names;  // tickets: team key -> name
    std::vector<std::uint64_t> key_tier_ids;  // tickets: id keys of customer_tier = key, file order
    // tickets: agent_id texts, TicketRecord::agent indexes them; [0] = "" (no agent)
    std::vector<std::string> agent_names;
    // tickets: the agent of every accepted ticket with an agent_id, by ticket id key
    TicketAgentIndex ticket_agents;
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
