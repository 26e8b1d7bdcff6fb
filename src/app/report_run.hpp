#pragma once
// The pipeline of one report run: sources -> ingest -> metrics -> targets -> report -> deliver.
#include <iosfwd>

#include "app/run_config.hpp"
#include "metrics/kpi_engine.hpp"
#include "metrics/summary_builder.hpp"

namespace cskpi {

// Resolves and reads every configured export; with an aggregate, each export is folded
// into it and its rows released right after reading (bounded memory). Throws InputError
// when a file cannot be read or a source rejects more than max_reject_rate (if enforced),
// UsageError when no tickets export is given.
IngestedExports read_exports(const RunConfig& config, bool enforce_reject_rate, MonthlyAggregate* aggregate);

// The run's period, cut-off and metric settings from its configuration. Throws UsageError
// for an as_of that is not a timestamp.
ReportRequest make_request(const RunConfig& config);

// `cskpi year-end` and `cskpi monthly`; returns the process exit code. Holds the run lock
// for the whole run; writes the workbook (atomically), then the summary JSON, then records
// the run in the history store (a year-end run also saves next year's targets), then mails
// the committed workbook once per ledger key. Throws RunError with the documented codes.
int run_report(const RunConfig& config, std::ostream& out);

// `cskpi history`: the runs of the history store, by period.
int run_history(const RunConfig& config, std::ostream& out);

// `cskpi validate`: row accounting and the first rejected lines; exit 0 when clean.
int run_validate(const RunConfig& config, std::ostream& out);

}  // namespace cskpi
