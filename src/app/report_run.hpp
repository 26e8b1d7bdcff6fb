#pragma once
// The pipeline of one report run: sources -> ingest -> metrics -> targets -> report -> deliver.
#include <iosfwd>

#include "app/run_config.hpp"
#include "metrics/kpi_engine.hpp"

namespace cskpi {

// Resolves and reads every configured export; with an aggregate, each export is folded
// into it and its rows released right after reading (bounded memory). Throws InputError
// when a file cannot be read or a source rejects more than max_reject_rate (if enforced),
// UsageError when no tickets export is given.
IngestedExports read_exports(const RunConfig& config, bool enforce_reject_rate, MonthlyAggregate* aggregate);

// `cskpi year-end` and `cskpi monthly`; returns the process exit code.
int run_report(const RunConfig& config, std::ostream& out);

// `cskpi validate`: row accounting and the first rejected lines; exit 0 when clean.
int run_validate(const RunConfig& config, std::ostream& out);

}  // namespace cskpi
