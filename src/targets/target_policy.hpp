#pragma once
// The default next-year target policy of docs/contract/kpis.md ("Next-year targets"): benchmark,
// gap closure, mandated targets, stretch flag, quarterly milestones and warning lines,
// every number overridable per KPI from the report definition's [targets] section.
//
// Configuration keys (an INI file's section.key, so `[targets]` + `fcr.rate.benchmark`
// reads as `targets.fcr.rate.benchmark`; Poco's IniFileConfiguration keeps keys flat,
// so the dots inside KPI ids need no escaping):
//   targets.gap_closure, targets.profile                  defaults for every KPI
//   targets.<kpi id>.benchmark | .gap_closure | .mandated | .profile | .warning | .weight
// An empty benchmark, mandated or warning clears the default.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "model/summary.hpp"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace cskpi {

struct TargetSettings {
    std::optional<double> benchmark;  // none: the KPI keeps its level ("maintain")
    double gap_closure = 0.5;         // share of the gap to the benchmark closed in one year
    std::optional<double> mandated;   // replaces the computed target
    std::string profile = "linear";   // linear | back_loaded
    std::optional<double> warning;    // alert line, crossed in the KPI's bad direction
    double weight = 1.0;              // scorecard weight
};

// Cumulative share of the year's change reached by the end of Q1..Q4.
// Throws UsageError for a name other than linear | back_loaded.
std::array<double, 4> milestone_profile(std::string_view profile);

// The documented defaults (docs/targets.md) for one KPI id; empty settings for ids
// without a direction.
TargetSettings default_target_settings(std::string_view kpi_id);

// Defaults, then targets.gap_closure / targets.profile, then targets.<id>.*.
// Throws UsageError naming the key for an unparsable or out-of-range value.
TargetSettings target_settings(std::string_view kpi_id, const Poco::Util::AbstractConfiguration& config);

// Throws UsageError for a key under `targets.` that names no KPI with a direction or
// no setting, so a typo in the report definition does not silently fall back to defaults.
void check_target_keys(const Poco::Util::AbstractConfiguration& config);

// A month's value takes part in the achievability rule only when it and the same month a
// year earlier each rest on at least this many observations (tickets, survey responses or
// calls offered that month): a month of a dozen surveys swings by tens of points.
inline constexpr double min_month_observations = 30;

// The achievable improvement of docs/targets.md: the largest improvement in the KPI's good
// direction among the annual change (current - previous) and each month's change against
// the same month one year earlier (Summary::monthly, "YYYY-MM" vs "YYYY-1-MM") where both
// months have at least min_month_observations observations. Staff KPIs take the annual
// change only: their monthly values are monthly rates of a few leavers among a few agents,
// on another scale than the annual level. 0 when nothing improved or there is no data.
double best_yoy_improvement(const Summary& summary, const KpiComparison& kpi);

// The plan for one KPI; nullopt for direction none or a null current value. A computed
// target past the warning line is the warning line (basis warning_line); any target that
// asks more improvement than `best_yoy_improvement` is flagged stretch.
std::optional<TargetPlan> plan_target(const KpiComparison& kpi, const TargetSettings& settings,
                                      double best_yoy_improvement);

// Fills KpiComparison::target of every KPI in summary.kpis, and the year-end `status`
// (tracking.hpp, apply_year_end_status) of those with a warning line.
void apply_target_policy(Summary& summary, const Poco::Util::AbstractConfiguration& config);

}  // namespace cskpi
