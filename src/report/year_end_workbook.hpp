#pragma once
// The year-end workbook: Summary, Monthly, Targets <year+1>, Breakdown, Data quality and
// Definitions sheets, written through an AtomicFile so a failed run leaves the previous
// workbook in place.
#include <filesystem>
#include <map>
#include <string>

#include "model/summary.hpp"

namespace cskpi {

struct WorkbookOptions {
    std::filesystem::path path;  // the workbook's place, named in every error
    std::string lang = "en";     // "en" | "zh-CN"
    // Set when the caller stages the run's outputs as a set (core/output_set.hpp): the
    // staged file to write, which the caller commits. Empty: staged and committed here.
    std::filesystem::path staged_file = {};
    // The report year's own targets (kpi id -> value), saved by last year's year-end run:
    // drawn as a dashed line on the Monthly charts when given.
    std::map<std::string, double> year_targets = {};
};

// Expects apply_target_policy() to have filled KpiComparison::target. The Targets sheet's
// formulas reproduce that policy, and their cached results are the plans' values.
// Throws UsageError for an unknown language and OutputError when the file cannot be written.
void write_year_end_workbook(const Summary& summary, const WorkbookOptions& options);

}  // namespace cskpi
