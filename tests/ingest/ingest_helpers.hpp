#pragma once
// Ingests CSV text written to a temporary file, as a run would read an export.
#include <fstream>
#include <string>

#include "ingest/ingest.hpp"
#include "support/process.hpp"

namespace cskpi::test {

template <class Record>
IngestedSource<Record> ingest_text(const std::string& csv, SourceConfig source = {}, IngestOptions options = {}) {
    TempDir dir;
    const auto path = dir / "export.csv";
    std::ofstream(path, std::ios::binary) << csv;
    if (source.name.empty()) {
        if constexpr (std::is_same_v<Record, TicketRecord>) source.name = "tickets";
        if constexpr (std::is_same_v<Record, SurveyRecord>) source.name = "surveys";
        if constexpr (std::is_same_v<Record, AgentRecord>) source.name = "agents";
        if constexpr (std::is_same_v<Record, CallRecord>) source.name = "calls";
    }
    source.uri = path.string();
    if (options.timezone == "UTC") options.timezone = "Asia/Shanghai";
    return ingest_source<Record>(source, LocalSource{path, path.string()}, options);
}

// The reason of the only rejected row, or "" when every row was accepted.
template <class Record>
std::string only_reject(const std::string& csv) {
    const auto r = ingest_text<Record>(csv);
    if (r.report.rows_rejected == 0) return "";
    if (r.report.first_rejects.size() != 1) return "several";
    return std::string(to_string(r.report.first_rejects.front().reason));
}

}  // namespace cskpi::test
