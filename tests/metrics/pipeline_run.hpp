#pragma once
// Runs ingest -> aggregate -> summary in-process, the way `cskpi year-end` / `monthly`
// do (app/report_run.cpp), so KPI tests see exactly what the reports show.
#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "model/summary.hpp"
#include "support/process.hpp"

namespace cskpi::test {

struct ExportFiles {
    std::filesystem::path tickets;
    std::optional<std::filesystem::path> surveys, agents, calls;
};

struct PipelineOptions {
    std::string kind = "year-end";  // year-end | monthly
    int year = 2026;
    int month = 0;                  // monthly runs
    std::string timezone = "Asia/Shanghai";
    std::string as_of;              // empty = end of the report period
};

// Every row the exports reject is tolerated here (max_reject_rate = 1): the tests look at
// the rejects themselves.
Summary run_pipeline(const ExportFiles& files, const PipelineOptions& options = {});

// The comparison of one KPI; fails the test when the id is missing.
const KpiComparison& kpi(const Summary& summary, std::string_view id);
const SourceReport& source(const Summary& summary, std::string_view name);
// The monthly series value of a KPI; fails the test when the month is missing.
std::optional<double> monthly(const Summary& summary, const std::string& id, const std::string& month);

// Close enough for values computed in double from exact inputs.
inline Approx exactly(double expected) { return Approx(expected).epsilon(1e-12).margin(1e-12); }


}  // namespace cskpi::test
