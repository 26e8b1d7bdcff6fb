#pragma once
// Tracking the report year against its targets in monthly runs (docs/monthly.md): where
// the year's targets come from and the status of each KPI.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/summary.hpp"
#include "model/target_plan.hpp"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace cskpi {

enum class KpiStatus { none, on_track, at_risk, alert, ok };

std::string_view to_string(KpiStatus status);  // "" | "on_track" | "at_risk" | "alert" | "ok"

// 1..4 for months 1..12.
int quarter_of_month(int month);

// The one status rule of monthly runs, in the KPI's good direction:
//   alert     the month's value is past the warning line (up: below it, down: above it);
//   at_risk   otherwise, the year-to-date value is behind the milestone of the quarter
//             `month` falls in (up: below it, down: above it);
//   on_track  otherwise.
// Values equal to a line are not past it. A null value takes no part; with neither a month
// value nor a year-to-date value the status is none. Attrition KPIs (staff.attrition_rate,
// staff.core_attrition_rate, staff.attrition_annualized) are judged on the annualized year
// to date alone, for the line and the milestone: one leaver in a team of a dozen makes a
// single month read 0 % or 100 % a year. The rates that add up over months are annualized
// as year to date × 12 / month; staff.attrition_annualized already is.
KpiStatus kpi_status(const KpiInfo& info, const TargetPlan& plan, int month, std::optional<double> month_value,
                     std::optional<double> ytd_value);

// The report year's targets when no year-end run saved them: the target policy of
// target_policy.hpp with the previous year's annual values as the baselines
// (`previous_year`: one entry per KPI, its `current` = that annual value). Only the
// previous year is known then, so the best year-over-year improvement is taken as 0 and a
// mandated target asking any improvement is flagged stretch.
std::map<std::string, TargetPlan> targets_from_policy(const std::vector<KpiComparison>& previous_year,
                                                      const Poco::Util::AbstractConfiguration& config);

// An explicit `targets.<id>.warning` key of the report definition replaces the warning line
// of a saved target (an empty value clears it), so alerting can be tightened mid-year
// without replanning. Other saved numbers stay.
void apply_warning_overrides(std::map<std::string, TargetPlan>& targets,
                             const Poco::Util::AbstractConfiguration& config);

// Sets `target` and `status` of every KPI with a target on both the month entries
// (summary.kpis) and the year-to-date entries (summary.ytd). Expects a monthly summary.
void apply_tracking(Summary& summary, const std::map<std::string, TargetPlan>& targets);

// Annualized year-to-date attrition as kpi_status judges it: `ytd_value` × 12 / month for
// the attrition rates that add up over months, `ytd_value` itself for other KPIs.
std::optional<double> judged_ytd_value(const KpiInfo& info, int month, std::optional<double> ytd_value);
// True for the attrition KPIs kpi_status judges on the year to date alone.
bool judged_on_year_to_date(std::string_view kpi_id);

// The status of year-end runs (docs/contract/summary-json.md): every KPI with a target, a
// warning line and a current value gets `alert` when the year's value is past the line
// (equal is not past), else `ok`.
KpiStatus year_end_status(const KpiInfo& info, const TargetPlan& plan, std::optional<double> value);
// Sets `status` of every KPI of a year-end summary whose target has a warning line.
void apply_year_end_status(Summary& summary);

// The month entries in alert, in catalog order (for year-end runs: the year's entries).
std::vector<const KpiComparison*> alert_kpis(const Summary& summary);

}  // namespace cskpi
