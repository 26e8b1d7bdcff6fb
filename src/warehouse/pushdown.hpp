#pragma once
// `[warehouse] mode = pushdown`: the scan and the aggregation run inside the warehouse and
// only aggregates come back (docs/warehouse.md). The SQL is generated from the definitions
// the file path uses: the canonical columns and their bounds (ingest/schema.hpp), the enum
// spellings (ingest/row_parser.hpp), the reject order of docs/contract/inputs.md, the
// per-row rules of metrics/row_rules.hpp rendered as SQL (warehouse/sql_expr.hpp), and the
// sums of the per-month state from its StatSum tables (ticket_stat_sums, call_stat_sums).
// What comes back fills the per-month state of metrics/, and the KPI values are computed
// from it by the same C++ functions as on the file path. Percentiles, which do not merge, come back per
// period (each month, each year, year-to-date) from percentile_cont.
#include <string>

#include "ingest/ingest.hpp"
#include "metrics/kpi_engine.hpp"
#include "sources/source.hpp"

namespace cskpi {

// Fills the ticket state of `aggregate` from the warehouse. Returns the source with its row
// accounting (rows read, accepted, rejected by reason, out of period) and no rows. Throws
// InputError for connection and query failures, a missing column or a column of a type
// pushdown cannot read, and duplicate ticket ids (naming a few); UsageError for settings
// pushdown does not support (a preset other than generic). Percentiles come back for each
// month, each year, and when `ytd_months` > 0 (a monthly run) for the first `ytd_months`
// months of each year; MonthlyAggregate::kpis() reports any other period's as unavailable.
TicketSource push_down_tickets(const SourceConfig& tickets, const FetchOptions& options, const std::string& timezone,
                               int ytd_months, MonthlyAggregate& aggregate);

// The same for surveys; csat.key_rate joins them to `tickets` in the warehouse, so both
// must be in the same database (the same uri).
SurveySource push_down_surveys(const SourceConfig& surveys, const SourceConfig& tickets, const FetchOptions& options,
                               const std::string& timezone, MonthlyAggregate& aggregate);

// The same for calls.
CallSource push_down_calls(const SourceConfig& calls, const FetchOptions& options, const std::string& timezone,
                           MonthlyAggregate& aggregate);

}  // namespace cskpi
