#include "metrics/staff_kpis.hpp"

#include <algorithm>
#include <optional>

namespace cskpi {

namespace {

bool active_on(const AgentRecord& a, std::int32_t day) {
    return a.hired_day <= day && (a.left_day == kNoDay || a.left_day > day);
}

struct MonthFigures {
    double avg_headcount = 0;
    double leavers = 0;
};

// A month's average headcount, (HC(first day) + HC(first day of next month, capped at
// as_of's date)) / 2, and its leavers dated before as_of.
MonthFigures month_figures(const std::vector<AgentRecord>& agents, const PeriodFrame& f, int m, bool core_only) {
    const std::int32_t first = f.month_first_day[std::size_t(m)];
    const std::int32_t next = f.month_first_day[std::size_t(m) + 1];
    const std::int32_t end_point = std::min(next, f.as_of_day);
    std::int64_t hc_first = 0, hc_end = 0, leavers = 0;
    for (const auto& a : agents) {
        if (core_only && !a.core) continue;
        hc_first += active_on(a, first);
        hc_end += active_on(a, end_point);
        if (a.left_day != kNoDay && a.left_day >= first && a.left_day < next && f.day_before_as_of(a.left_day))
            ++leavers;
    }
    return {double(hc_first + hc_end) / 2.0, double(leavers)};
}

// SHRM turnover: the sum of monthly leavers / monthly average headcount. A month without
// headcount adds nothing; a period without any has no denominator at all, so null.
std::optional<double> attrition(const std::vector<AgentRecord>& agents, const PeriodFrame& f,
                                const std::vector<int>& months, bool core_only) {
    double rate = 0;
    bool any_headcount = false;
    for (int m : months) {
        const auto fig = month_figures(agents, f, m, core_only);
        if (fig.avg_headcount > 0) {
            rate += fig.leavers / fig.avg_headcount;
            any_headcount = true;
        }
    }
    if (!any_headcount) return std::nullopt;
    return rate;
}

}  // namespace

void staff_kpis(const Roster& roster, const PeriodFrame& f, const std::vector<int>& period_months, KpiValues& out) {
    std::vector<int> months;
    for (int m : period_months)
        if (f.month_started(m)) months.push_back(m);
    if (months.empty()) {
        for (const char* id : {"staff.avg_headcount", "staff.hires", "staff.leavers", "staff.attrition_rate",
                               "staff.attrition_annualized", "staff.core_attrition_rate"})
            out[id] = unavailable("no month of the period has started by as_of");
        return;
    }
    const std::int32_t period_first = f.month_first_day[std::size_t(period_months.front())];
    const std::int32_t period_end = f.month_first_day[std::size_t(period_months.back()) + 1];
    double headcount_sum = 0;
    for (int m : months) headcount_sum += month_figures(roster.agents, f, m, false).avg_headcount;
    std::int64_t hires = 0, leavers = 0;
    for (const auto& a : roster.agents) {
        if (a.hired_day >= period_first && a.hired_day < period_end && f.day_before_as_of(a.hired_day)) ++hires;
        if (a.left_day != kNoDay && a.left_day >= period_first && a.left_day < period_end &&
            f.day_before_as_of(a.left_day))
            ++leavers;
    }
    constexpr const char* kNoHeadcount = "no agent was employed in the period";
    const auto rate = attrition(roster.agents, f, months, false);
    out["staff.avg_headcount"] = known(headcount_sum / double(months.size()));
    out["staff.hires"] = known(double(hires));
    out["staff.leavers"] = known(double(leavers));
    out["staff.attrition_rate"] = rate ? known(*rate) : unavailable(kNoHeadcount);
    out["staff.attrition_annualized"] = rate ? known(*rate * 12.0 / double(months.size())) : unavailable(kNoHeadcount);
    if (!roster.has_core_column) {
        out["staff.core_attrition_rate"] = unavailable("the agents export has no core column");
    } else {
        const auto core = attrition(roster.agents, f, months, true);
        out["staff.core_attrition_rate"] = core ? known(*core) : unavailable("no core agent was employed in the period");
    }
}

}  // namespace cskpi
