#pragma once
// The monthly tracking workbook: Tracking (alerts first, then per KPI the month, the same
// month last year, year to date, the previous year to date, target, the quarter's
// milestone and status), Monthly trend, Data quality and Definitions. Written through an
// AtomicFile; the same numbers give a byte-identical file.
#include <map>
#include <optional>
#include <set>
#include <string>

#include "model/summary.hpp"
#include "report/workbook_sheets.hpp"
#include "report/year_end_workbook.hpp"

namespace cskpi {

// The trend sheet's values: this run's monthly series, with the months its exports no
// longer cover filled from the history store.
struct MonthlyTrend {
    sheets::MonthlySeries series;
    std::map<std::string, std::set<std::string>> from_history;  // kpi id -> months taken from history
};

// Merges `history` (kpi id -> "YYYY-MM" -> value, as HistoryStore::monthly_values gives)
// under this run's series for January of the previous year to the report month. A month
// this run has no ticket in is not covered by its exports, so every stored value of that
// month is taken; in a covered month a stored value fills only a KPI this run left null.
MonthlyTrend merge_trend(const Summary& summary, const sheets::MonthlySeries& history);

// Writes options.path (the run names it <out>/<name>-<YYYY-MM>.xlsx). Expects a monthly
// Summary with `ytd` and apply_tracking() applied. Throws UsageError for an unknown
// language and OutputError when the file cannot be written.
void write_monthly_workbook(const Summary& summary, const MonthlyTrend& trend, const WorkbookOptions& options);

}  // namespace cskpi
