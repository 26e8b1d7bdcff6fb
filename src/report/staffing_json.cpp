#include "report/staffing_json.hpp"

#include <Poco/JSON/Array.h>

#include "report/json_values.hpp"

namespace cskpi {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

using json::ordered;
using json::or_null;
using json::string_or_null;

}  // namespace

Object::Ptr staffing_json(const StaffingPlan& p) {
    auto o = ordered();
    o->set("plan_year", p.plan_year);
    const auto& s = p.settings;
    auto settings = ordered();
    settings->set("growth_calls", s.growth_calls);
    settings->set("growth_tickets", s.growth_tickets);
    settings->set("deflection", s.deflection);
    settings->set("interval_min", s.interval_min);
    settings->set("aht_sec", or_null(s.aht_sec));
    settings->set("sl_target", s.sl_target);
    settings->set("service_level_sec", s.service_level_sec);
    settings->set("max_occupancy", s.max_occupancy);
    settings->set("shrinkage", s.shrinkage);
    settings->set("ticket_occupancy", s.ticket_occupancy);
    settings->set("hours_per_week", s.hours_per_week);
    settings->set("attrition", s.attrition);
    settings->set("hire_lead_months", s.hire_lead_months);
    settings->set("cost_per_fte_year", or_null(s.cost_per_fte_year));
    settings->set("ticket_handle_sec", or_null(s.ticket_handle_sec));
    o->set("settings", settings);
    o->set("headcount_start", or_null(p.headcount_start));
    Array::Ptr months = new Array;
    for (const auto& m : p.months) {
        auto e = ordered();
        e->set("month", m.month);
        e->set("forecast_calls", or_null(m.forecast_calls));
        e->set("forecast_tickets", or_null(m.forecast_tickets));
        e->set("phone_agent_hours", or_null(m.phone_agent_hours));
        e->set("workload_hours", or_null(m.workload_hours));
        e->set("fte_phone", or_null(m.fte_phone));
        e->set("fte_tickets", or_null(m.fte_tickets));
        e->set("required", m.required);
        e->set("leavers", or_null(m.leavers));
        e->set("hires", or_null(m.hires));
        e->set("headcount", or_null(m.headcount));
        e->set("cost", or_null(m.cost));
        e->set("recruit_month", m.recruit_month);
        months->add(e);
    }
    o->set("months", months);
    Array::Ptr quarters = new Array;
    for (const auto& q : p.quarters) {
        auto e = ordered();
        e->set("quarter", q.quarter);
        e->set("peak_required", q.peak_required);
        e->set("hires", or_null(q.hires));
        e->set("headcount_end", or_null(q.headcount_end));
        quarters->add(e);
    }
    o->set("quarters", quarters);
    o->set("budget", or_null(p.budget));
    auto peak = ordered();
    peak->set("month", p.months.empty() ? std::string() : p.months[std::size_t(p.peak_month)].month);
    peak->set("interval_min", s.interval_min);
    if (p.peak_agents.empty()) {
        peak->set("agents", Var());
    } else {
        Array::Ptr rows = new Array;
        for (const auto& day : p.peak_agents) {
            Array::Ptr row = new Array;
            for (int n : day) row->add(n);
            rows->add(row);
        }
        peak->set("agents", rows);
    }
    o->set("peak", peak);
    auto reasons = ordered();
    reasons->set("phone", string_or_null(p.phone_reason));
    reasons->set("tickets", string_or_null(p.tickets_reason));
    o->set("unavailable_reason", reasons);
    return o;
}

}  // namespace cskpi
