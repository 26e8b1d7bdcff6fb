// plan_staffing on hand-made facts: defaults from the report year, and the parts that
// cannot be computed (docs/contract/staffing.md).
#include <catch2/catch.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "core/errors.hpp"
#include "metrics/summary_builder.hpp"
#include "staffing/staffing.hpp"
#include "targets/target_policy.hpp"

using namespace cskpi;

namespace {

Summary summary_with(double attrition_current, std::optional<double> calls_aht_min = std::nullopt) {
    Summary s;
    s.report.year = 2026;
    auto add = [&](const char* id, KpiValue current, KpiValue previous) {
        s.kpis.push_back(compare(*find_kpi(id), current, previous));
    };
    add("staff.attrition_rate", known(attrition_current), known(0.3));
    add("calls.offered", known(110), known(100));   // change_pct 0.1
    add("tickets.volume", known(90), known(100));   // change_pct -0.1
    add("calls.aht_min", calls_aht_min ? known(*calls_aht_min) : unavailable("no handle_sec"), unavailable("-"));
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    apply_target_policy(s, *config);
    return s;
}

// January 2026: 10 email tickets, 4 of them with handle times summing to 2400 s (mean 600 s);
// 5 phone tickets with 300 s each.
StaffingFacts ticket_facts_only() {
    StaffingFacts f;
    f.tickets[0][std::size_t(Channel::email)] = {10, 4, 2400};
    f.tickets[0][std::size_t(Channel::phone)] = {5, 5, 1500};
    return f;
}

}  // namespace

TEST_CASE("the default attrition is the target policy's staff.attrition_rate target", "[staffing][plan]") {
    StaffingFacts f = ticket_facts_only();
    // Current 0.10 meets the benchmark 0.15: maintained, 0.10.
    CHECK(plan_staffing(f, summary_with(0.10), {}, 30).settings.attrition == Approx(0.10).epsilon(1e-15));
    // Current 0.40: gap closure would give 0.275, past the warning line 0.15, so the
    // policy's target is the line itself: min(current, 0.15) = 0.15 (kpis.md "Next-year targets").
    CHECK(plan_staffing(f, summary_with(0.40), {}, 30).settings.attrition == Approx(0.15).epsilon(1e-15));
    // An explicit setting wins.
    StaffingConfig c;
    c.attrition = 0.2;
    CHECK(plan_staffing(f, summary_with(0.40), c, 30).settings.attrition == 0.2);
}

TEST_CASE("without a calls export the phone plan is null and phone tickets are workload", "[staffing][plan]") {
    const StaffingFacts f = ticket_facts_only();
    StaffingConfig c;
    c.growth = 0.5;  // F = 1.5 for both sources
    const StaffingPlan p = plan_staffing(f, summary_with(0.1), c, 30);
    CHECK(p.phone_reason == "no calls export");
    CHECK(p.tickets_reason.empty());
    const auto& jan = p.months[0];
    CHECK_FALSE(jan.forecast_calls);
    CHECK_FALSE(jan.phone_agent_hours);
    CHECK_FALSE(jan.fte_phone);
    CHECK(p.peak_agents.empty());
    // 15 tickets × 1.5 = 22.5; W = (10 × 1.5 × 600 + 5 × 1.5 × 300) / 3600 = (9000 + 2250) / 3600 = 3.125 h.
    CHECK(*jan.forecast_tickets == Approx(22.5).epsilon(1e-15));
    CHECK(*jan.workload_hours == Approx(3.125).epsilon(1e-15));
    // FTE hours of January 2027 = 40 × 31 / 7 = 177.142857; FTE = 3.125 / 0.85 / 0.7 / 177.142857.
    CHECK(jan.fte_hours == Approx(40.0 * 31 / 7).epsilon(1e-15));
    CHECK(*jan.fte_tickets == Approx(3.125 / 0.85 / 0.7 / (40.0 * 31 / 7)).epsilon(1e-14));
    CHECK(jan.required == *jan.fte_tickets);
    // No roster: headcount, leavers, hires, cost, budget null; recruiting month still named.
    CHECK_FALSE(p.headcount_start);
    CHECK_FALSE(jan.headcount);
    CHECK_FALSE(jan.hires);
    CHECK_FALSE(p.budget);
    CHECK_FALSE(p.quarters[0].hires);
    CHECK(jan.recruit_month == "2026-11");
    // The default growth: calls.offered +10 %, tickets.volume −10 %.
    const StaffingPlan d = plan_staffing(f, summary_with(0.1), {}, 30);
    CHECK(d.settings.growth_calls == Approx(0.1).epsilon(1e-12));
    CHECK(d.settings.growth_tickets == Approx(-0.1).epsilon(1e-12));
}

TEST_CASE("ticket channels without a handle time are named, and W is null when none has one", "[staffing][plan]") {
    StaffingFacts f;
    f.tickets[2][std::size_t(Channel::chat)] = {8, 0, 0};
    f.tickets[2][std::size_t(Channel::web)] = {2, 0, 0};
    f.headcount_start = 3;
    StaffingPlan p = plan_staffing(f, summary_with(0.1), {}, 30);
    CHECK(p.months[2].forecast_tickets == Approx(10 * 0.9).epsilon(1e-15));  // volumes still forecast
    CHECK_FALSE(p.months[2].workload_hours);
    CHECK_FALSE(p.months[2].fte_tickets);
    CHECK(p.months[2].required == 0);  // the null part counts as 0
    CHECK(p.tickets_reason.find("chat, web") != std::string::npos);
    // With ticket_handle_sec both channels get 720 s: W = 10 × 0.9 × 720 / 3600 = 1.8 h.
    StaffingConfig c;
    c.ticket_handle_sec = 720;
    p = plan_staffing(f, summary_with(0.1), c, 30);
    CHECK(*p.months[2].workload_hours == Approx(1.8).epsilon(1e-14));
    CHECK(p.tickets_reason.empty());
    // Headcount rolls forward from H0 = 3 with a = 0.1 / 12.
    CHECK(*p.months[0].leavers == Approx(3 * 0.1 / 12).epsilon(1e-15));
    CHECK(*p.months[0].headcount == Approx(3 - 3 * 0.1 / 12).epsilon(1e-15));
}

TEST_CASE("calls without any handle time still forecast calls", "[staffing][plan]") {
    StaffingFacts f;
    f.has_calls = true;
    f.call_slots.assign(12 * 7 * 48, 0);
    f.call_slots[(0 * 7 + 3) * 48 + 20] = 5;  // January, Thursday (5 in Jan 2026), 10:00
    const StaffingPlan p = plan_staffing(f, summary_with(0.1), {}, 30);
    // λ = 5 / 5 × 1.1 = 1.1 per Thursday; January 2027 has 4 Thursdays: 4.4 calls.
    CHECK(*p.months[0].forecast_calls == Approx(4.4).epsilon(1e-14));
    CHECK_FALSE(p.months[0].phone_agent_hours);
    CHECK_FALSE(p.months[0].fte_phone);
    CHECK(p.peak_agents.empty());
    CHECK(p.phone_reason.find("handle") != std::string::npos);
    // With calls.aht_min = 5 (300 s): A = 1.1 × 300 / 1800 = 0.1833, C(1, A) = A;
    // SL(1) = 1 − 0.1833·e^(−0.8167·0.1) = 0.831 ≥ 0.8 and occupancy 0.18 ≤ 0.85: N = 1.
    const StaffingPlan q = plan_staffing(f, summary_with(0.1, 5.0), {}, 30);
    CHECK(*q.settings.aht_sec == 300);
    CHECK(*q.months[0].phone_agent_hours == Approx(4 * 1 * 0.5).epsilon(1e-15));
    CHECK(q.peak_agents[3][20] == 1);
}

TEST_CASE("[staffing] settings are checked", "[staffing][plan]") {
    Poco::AutoPtr<Poco::Util::MapConfiguration> c = new Poco::Util::MapConfiguration;
    c->setString("staffing.interval_min", "25");
    CHECK_THROWS_AS(staffing_config(*c), UsageError);
    c->setString("staffing.interval_min", "15");
    c->setString("staffing.shrinkage", "1");
    CHECK_THROWS_AS(staffing_config(*c), UsageError);
    c->setString("staffing.shrinkage", "35%");
    c->setString("staffing.growth", "abc");
    CHECK_THROWS_AS(staffing_config(*c), UsageError);
    c->setString("staffing.growth", "0.2");
    const StaffingConfig s = staffing_config(*c);
    CHECK(s.interval_min == 15);
    CHECK(s.shrinkage == Approx(0.35));
    CHECK(*s.growth == Approx(0.2));
}
