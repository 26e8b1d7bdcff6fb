#pragma once
// `cskpi inspect`: how an export's header binds to the canonical columns, with a few
// sample values per column and the row accounting of a full read (unknown spellings
// included).
#include <string>
#include <vector>

#include "ingest/ingest.hpp"

namespace cskpi {

struct InspectedColumn {
    std::string name;            // canonical column, or "satisfaction" / "satisfaction date"
    BindRule rule = BindRule::none;
    std::string header;          // the export's header ("" = not bound); derived: the duration column
    std::string note;            // e.g. "Created at + minutes", "preset looks for: Id, Ticket ID"
    bool required = false;
    std::vector<std::string> samples;  // up to kSamples distinct non-empty values, as exported
};

struct Inspection {
    SourceKind kind = SourceKind::tickets;
    std::vector<std::string> header;
    char delimiter = ',';
    std::vector<InspectedColumn> columns;  // canonical order, then the preset's extras
    std::vector<std::string> unbound;      // export headers nothing reads
    SourceReport report;                   // the full read: rows, rejects, unknown spellings
};

inline constexpr std::size_t kInspectSamples = 3;

// Reads `local` as the export `source`: the header and the first rows for samples, then
// the whole file through ingest_source. Throws as ingest_source does.
Inspection inspect_export(SourceKind kind, const SourceConfig& source, const LocalSource& local,
                          const IngestOptions& options);

}  // namespace cskpi
