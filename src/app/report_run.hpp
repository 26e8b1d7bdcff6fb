#pragma once
// The pipeline of one report run: sources -> ingest -> metrics -> targets -> report -> deliver.
#include <iosfwd>

#include "app/run_config.hpp"
#include "metrics/kpi_engine.hpp"

namespace cskpi {

// Resolves and reads every configured export. Throws InputError when the tickets export
// is missing, a file cannot be read, or a source rejects more than max_reject_rate.
IngestedExports read_exports(const RunConfig& config, bool enforce_reject_rate);

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
