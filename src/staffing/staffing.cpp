#include "staffing/staffing.hpp"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <cstdio>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "staffing/erlang.hpp"

namespace cskpi {

namespace {

// A fraction may be written as a percentage: "20%" = 0.2.
std::optional<double> number_or_percent(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.back() == '%') {
        const auto v = parse_number(trim(text.substr(0, text.size() - 1)));
        return v ? std::optional<double>(*v / 100) : std::nullopt;
    }
    return parse_number(text);
}

std::optional<double> read_number(const Poco::Util::AbstractConfiguration& c, const std::string& key, double lo,
                                  double hi, bool lo_open, bool hi_open, const char* range) {
    const std::string full = "staffing." + key;
    if (!c.hasProperty(full)) return std::nullopt;
    const std::string text = c.getString(full);
    if (trim(text).empty()) return std::nullopt;
    const auto v = number_or_percent(text);
    if (!v) throw UsageError("setting " + full + " = '" + text + "' is not a number");
    const bool below = lo_open ? !(*v > lo) : !(*v >= lo);
    const bool above = hi_open ? !(*v < hi) : !(*v <= hi);
    if (below || above) throw UsageError("setting " + full + " = '" + text + "' must be " + range);
    return v;
}

int read_int(const Poco::Util::AbstractConfiguration& c, const std::string& key, int fallback) {
    const std::string full = "staffing." + key;
    if (!c.hasProperty(full) || trim(c.getString(full)).empty()) return fallback;
    const auto v = parse_int(trim(c.getString(full)));
    if (!v || *v < 0 || *v > 100000) throw UsageError("setting " + full + " = '" + c.getString(full) + "' is not a whole number ≥ 0");
    return int(*v);
}

std::string month_label(int year, int month) {  // month 1..12, may be ≤ 0
    while (month < 1) {
        month += 12;
        --year;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return buf;
}

std::int64_t first_day(int year, int month) {  // month 1..13
    return days_from_civil(month == 13 ? CivilDate{year + 1, 1, 1} : CivilDate{year, month, 1});
}

// Days of month `month` of `year` per ISO weekday (0 = Monday).
std::array<int, 7> weekday_days(int year, int month) {
    std::array<int, 7> n{};
    for (std::int64_t d = first_day(year, month); d < first_day(year, month + 1); ++d)
        ++n[std::size_t(((d + 3) % 7 + 7) % 7)];
    return n;
}

const KpiComparison* kpi(const Summary& s, std::string_view id) { return s.find(id); }

}  // namespace

StaffingConfig staffing_config(const Poco::Util::AbstractConfiguration& c) {
    StaffingConfig s;
    constexpr double inf = 1e300;
    s.growth = read_number(c, "growth", -1, inf, false, false, "≥ -1");
    s.growth_calls = read_number(c, "growth_calls", -1, inf, false, false, "≥ -1");
    s.growth_tickets = read_number(c, "growth_tickets", -1, inf, false, false, "≥ -1");
    s.deflection = read_number(c, "deflection", 0, 1, false, false, "within 0..1").value_or(s.deflection);
    s.interval_min = read_int(c, "interval_min", s.interval_min);
    if (s.interval_min < 1 || 1440 % s.interval_min != 0)
        throw UsageError("setting staffing.interval_min = " + std::to_string(s.interval_min) +
                         " must be whole minutes that divide 1440 (15, 30, 60, ...)");
    s.aht_sec = read_number(c, "aht_sec", 0, inf, true, false, "above 0");
    s.sl_target = read_number(c, "sl_target", 0, 1, false, true, "within 0..1 (below 1)").value_or(s.sl_target);
    s.max_occupancy = read_number(c, "max_occupancy", 0, 1, true, false, "within 0..1 (above 0)").value_or(s.max_occupancy);
    s.shrinkage = read_number(c, "shrinkage", 0, 1, false, true, "within 0..1 (below 1)").value_or(s.shrinkage);
    s.ticket_occupancy =
        read_number(c, "ticket_occupancy", 0, 1, true, false, "within 0..1 (above 0)").value_or(s.ticket_occupancy);
    s.hours_per_week = read_number(c, "hours_per_week", 0, 168, true, false, "within 0..168 (above 0)").value_or(s.hours_per_week);
    s.attrition = read_number(c, "attrition", 0, 12, false, false, "within 0..12");
    s.hire_lead_months = read_int(c, "hire_lead_months", s.hire_lead_months);
    if (s.hire_lead_months > 24) throw UsageError("setting staffing.hire_lead_months must be within 0..24");
    s.cost_per_fte_year = read_number(c, "cost_per_fte_year", 0, inf, false, false, "≥ 0");
    s.ticket_handle_sec = read_number(c, "ticket_handle_sec", 0, inf, true, false, "above 0");
    return s;
}

StaffingPlan plan_staffing(const StaffingFacts& facts, const Summary& summary, const StaffingConfig& cfg,
                           double service_level_sec) {
    StaffingPlan plan;
    const int year = summary.report.year;  // Y
    const int next = year + 1;             // Y+1
    plan.plan_year = next;
    auto& st = plan.settings;

    // 1. Volume forecast.
    auto default_growth = [&](const char* id, SettingSource& source) {
        const KpiComparison* k = kpi(summary, id);
        if (k && k->change_pct) {
            source = {"change", id};
            return *k->change_pct;
        }
        source = {"no_change", id};
        return 0.0;
    };
    auto growth_of = [&](const std::optional<double>& own, const char* own_key, const char* id, SettingSource& source) {
        if (own) {
            source = {"setting", own_key};
            return *own;
        }
        if (cfg.growth) {
            source = {"setting", "growth"};
            return *cfg.growth;
        }
        return default_growth(id, source);
    };
    st.growth_calls = growth_of(cfg.growth_calls, "growth_calls", "calls.offered", st.growth_calls_source);
    st.growth_tickets = growth_of(cfg.growth_tickets, "growth_tickets", "tickets.volume", st.growth_tickets_source);
    st.deflection = cfg.deflection;
    st.interval_min = facts.interval_min;
    st.sl_target = cfg.sl_target;
    st.service_level_sec = service_level_sec;
    st.max_occupancy = cfg.max_occupancy;
    st.shrinkage = cfg.shrinkage;
    st.ticket_occupancy = cfg.ticket_occupancy;
    st.hours_per_week = cfg.hours_per_week;
    st.hire_lead_months = cfg.hire_lead_months;
    st.cost_per_fte_year = cfg.cost_per_fte_year;
    st.ticket_handle_sec = cfg.ticket_handle_sec;
    if (cfg.aht_sec) {
        st.aht_sec = cfg.aht_sec;
        st.aht_source = {"setting", "aht_sec"};
    } else if (const KpiComparison* k = kpi(summary, "calls.aht_min"); facts.has_calls && k && k->current.value) {
        st.aht_sec = *k->current.value * 60;
        st.aht_source = {"aht_kpi", "calls.aht_min"};
    }
    if (cfg.attrition) {
        st.attrition = *cfg.attrition;
        st.attrition_source = {"setting", "attrition"};
    } else if (const KpiComparison* k = kpi(summary, "staff.attrition_rate"); k && k->current.value && k->target) {
        st.attrition = k->target->value;
        st.attrition_source = {"target", k->target->basis};
    } else {
        st.attrition = 0;
        st.attrition_source = {"no_target", "staff.attrition_rate"};
    }
    const double f_calls = (1 + st.growth_calls) * (1 - st.deflection);
    const double f_tickets = (1 + st.growth_tickets) * (1 - st.deflection);

    // 2. Phone.
    const int per_day = facts.intervals;
    const double interval_sec = double(st.interval_min) * 60;
    if (!facts.has_calls) plan.phone_reason = "no calls export";
    else if (!st.aht_sec) plan.phone_reason = "no call handle time: no answered call has a handle_sec and [staffing] aht_sec is not set";
    // agents[m][w][i]
    std::vector<std::vector<std::vector<int>>> agents;
    if (facts.has_calls && st.aht_sec) agents.assign(12, std::vector<std::vector<int>>(7, std::vector<int>(std::size_t(per_day), 0)));

    plan.months.resize(12);
    for (int m = 0; m < 12; ++m) {
        StaffingMonth& pm = plan.months[std::size_t(m)];
        pm.month = month_label(next, m + 1);
        pm.recruit_month = month_label(next, m + 1 - st.hire_lead_months);
        const auto days_y = weekday_days(year, m + 1);
        const auto days_next = weekday_days(next, m + 1);
        for (int w = 0; w < 7; ++w) pm.days += days_next[std::size_t(w)];
        pm.fte_hours = st.hours_per_week * pm.days / 7;

        if (facts.has_calls) {
            double calls = 0, hours = 0, base = 0;
            for (int w = 0; w < 7; ++w) {
                double day_calls = 0, day_base = 0;
                int day_agents = 0;
                for (int i = 0; i < per_day; ++i) {
                    const auto count = facts.call_slots[(std::size_t(m) * 7 + std::size_t(w)) * std::size_t(per_day) + std::size_t(i)];
                    const double lambda = double(count) / days_y[std::size_t(w)] * f_calls;
                    day_calls += lambda;
                    day_base += double(count) / days_y[std::size_t(w)];
                    if (!agents.empty()) {
                        const double a = lambda * *st.aht_sec / interval_sec;
                        const int n = required_agents({a, st.sl_target, st.max_occupancy, service_level_sec, *st.aht_sec});
                        agents[std::size_t(m)][std::size_t(w)][std::size_t(i)] = n;
                        day_agents += n;
                    }
                }
                calls += days_next[std::size_t(w)] * day_calls;
                base += days_next[std::size_t(w)] * day_base;
                hours += double(days_next[std::size_t(w)]) * day_agents * st.interval_min / 60.0;
            }
            pm.forecast_calls = calls;
            pm.base_calls = base;
            if (!agents.empty()) {
                pm.phone_agent_hours = hours;
                pm.fte_phone = hours / (1 - st.shrinkage) / pm.fte_hours;
            }
        }
    }

    // 3. Tickets.
    std::array<std::optional<double>, kChannelCount> handle;
    std::vector<std::string> missing;
    bool any_tickets = false;
    for (int c = 0; c < kChannelCount; ++c) {
        if (facts.has_calls && Channel(c) == Channel::phone) continue;
        std::int64_t volume = 0, handled = 0;
        double sum = 0;
        for (const auto& month : facts.tickets) {
            volume += month[std::size_t(c)].volume;
            handled += month[std::size_t(c)].handled;
            sum += month[std::size_t(c)].handle_sum_sec;
        }
        if (volume == 0) continue;
        any_tickets = true;
        if (handled > 0) handle[std::size_t(c)] = sum / double(handled);
        else if (st.ticket_handle_sec) handle[std::size_t(c)] = st.ticket_handle_sec;
        else missing.push_back(std::string(to_string(Channel(c))));
    }
    bool some_handle = false;
    for (const auto& h : handle) some_handle = some_handle || h.has_value();
    const bool w_null = any_tickets && !some_handle;
    plan.has_calls = facts.has_calls;
    plan.channels_without_handle_time = missing;
    if (!missing.empty()) {
        std::string names;
        for (const auto& n : missing) names += (names.empty() ? "" : ", ") + n;
        plan.tickets_reason = (w_null ? "no ticket handle time" : "left out of the workload, no handle time") +
                              std::string(" (channel ") + names +
                              "): no handle_time_sec and [staffing] ticket_handle_sec is not set";
    }
    for (int m = 0; m < 12; ++m) {
        StaffingMonth& pm = plan.months[std::size_t(m)];
        double tickets = 0, workload = 0, base_tickets = 0, base_workload = 0;
        for (int c = 0; c < kChannelCount; ++c) {
            if (facts.has_calls && Channel(c) == Channel::phone) continue;
            const double forecast = double(facts.tickets[std::size_t(m)][std::size_t(c)].volume) * f_tickets;
            const double volume = double(facts.tickets[std::size_t(m)][std::size_t(c)].volume);
            tickets += forecast;
            base_tickets += volume;
            if (handle[std::size_t(c)]) {
                workload += forecast * *handle[std::size_t(c)] / 3600;
                base_workload += volume * *handle[std::size_t(c)] / 3600;
            }
        }
        pm.forecast_tickets = tickets;
        pm.base_tickets = base_tickets;
        if (!w_null) {
            pm.base_workload_hours = base_workload;
            pm.workload_hours = workload;
            pm.fte_tickets = workload / st.ticket_occupancy / (1 - st.shrinkage) / pm.fte_hours;
        }
        pm.required = pm.fte_phone.value_or(0) + pm.fte_tickets.value_or(0);
    }

    // 5. Headcount and hiring.
    plan.headcount_start = facts.headcount_start;
    if (facts.headcount_start) {
        const double a = st.attrition / 12;
        double h = *facts.headcount_start;
        double budget = 0;
        for (auto& pm : plan.months) {
            const double leavers = h * a;
            const double hires = std::max(0.0, pm.required - (h - leavers));
            h = h - leavers + hires;
            pm.leavers = leavers;
            pm.hires = hires;
            pm.headcount = h;
            if (st.cost_per_fte_year) {
                pm.cost = h * *st.cost_per_fte_year / 12;
                budget += *pm.cost;
            }
        }
        if (st.cost_per_fte_year) plan.budget = budget;
    }
    for (int q = 0; q < 4; ++q) {
        StaffingQuarter sq;
        sq.quarter = std::to_string(next) + "-Q" + std::to_string(q + 1);
        double hires = 0;
        for (int k = 0; k < 3; ++k) {
            const auto& pm = plan.months[std::size_t(q * 3 + k)];
            sq.peak_required = k == 0 ? pm.required : std::max(sq.peak_required, pm.required);
            if (pm.hires) hires += *pm.hires;
        }
        if (facts.headcount_start) {
            sq.hires = hires;
            sq.headcount_end = plan.months[std::size_t(q * 3 + 2)].headcount;
        }
        plan.quarters.push_back(sq);
    }
    for (int m = 1; m < 12; ++m)
        if (plan.months[std::size_t(m)].required > plan.months[std::size_t(plan.peak_month)].required) plan.peak_month = m;
    if (!agents.empty()) plan.peak_agents = agents[std::size_t(plan.peak_month)];
    return plan;
}

}  // namespace cskpi
