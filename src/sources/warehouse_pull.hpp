#pragma once
// `pull` from a warehouse: the rows of a source's table or query streamed as CSV with a
// header (COPY (SELECT ...) TO STDOUT WITH CSV HEADER), so the ingest reads them exactly as
// it reads a file: the same header binding, row accounting, rejects and duplicate rule
// (later row wins, in the order the query returns rows). Nothing is held in memory beyond
// the ingest's blocks.
#include <string>
#include <vector>

#include "sources/source.hpp"

namespace cskpi {

class PgConnection;

// The SELECT list that turns a relation's typed columns into spellings inputs.md accepts:
// timestamptz as UTC with `Z`, timestamp as its wall clock, dates as YYYY-MM-DD, booleans
// as true/false, everything else as the server writes it. One entry per column, in order.
std::vector<std::string> pull_select_list(const PgConnection& conn, const std::string& relation);

// Connects, checks the relation, and starts the COPY; the returned source's reader yields
// the CSV. Throws InputError (connection, credentials, query errors) or UsageError
// (neither or both of table and query given).
LocalSource open_warehouse_pull(const SourceConfig& source, const FetchOptions& options);

}  // namespace cskpi
