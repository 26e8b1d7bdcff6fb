#pragma once
// Next year's staffing plan (docs/contract/staffing.md): volume forecast, Erlang C per
// call interval, ticket workload, FTE, headcount roll-forward and hiring.
#include <optional>

#include "metrics/kpi_engine.hpp"
#include "model/staffing_plan.hpp"
#include "model/summary.hpp"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace cskpi {

// The report definition's [staffing] section as given (empty = the contract's default).
struct StaffingConfig {
    std::optional<double> growth, growth_calls, growth_tickets;
    double deflection = 0;
    int interval_min = 30;
    std::optional<double> aht_sec;
    double sl_target = 0.8;
    double max_occupancy = 0.85;
    double shrinkage = 0.30;
    double ticket_occupancy = 0.85;
    double hours_per_week = 40;
    std::optional<double> attrition;
    int hire_lead_months = 2;
    std::optional<double> cost_per_fte_year;
    std::optional<double> ticket_handle_sec;
};

// Reads staffing.* keys; throws UsageError naming the key for a value that is not a
// number or out of its range (docs/staffing.md "Settings").
StaffingConfig staffing_config(const Poco::Util::AbstractConfiguration& config);

// The plan for the year after summary.report.year. The summary supplies the defaults that
// come from the report year (growth, aht, the attrition target: apply the target policy
// first); service_level_sec is [metrics] service_level_sec.
StaffingPlan plan_staffing(const StaffingFacts& facts, const Summary& summary, const StaffingConfig& config,
                           double service_level_sec);

}  // namespace cskpi
