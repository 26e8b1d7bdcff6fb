// A whole staffing plan computed by hand (docs/contract/staffing.md), end to end through
// the binary: tests/fixtures/staffing/hand, year-end 2026, Asia/Shanghai (UTC+8, no DST),
// as_of 2027-01-01 00:00, definition staffing.ini:
//   deflection 0.2, shrinkage 0.2, ticket_occupancy 0.8, hours_per_week 1.4,
//   attrition 0.12 (a = 0.01 a month), hire_lead_months 2, cost_per_fte_year 12000;
//   interval_min 30, sl_target 0.8, max_occupancy 0.85, T = 30 s (defaults).
//
// calls.csv: 2025: 12 answered → calls.offered 2025 = 12.
//   2026: 4 answered calls (handle 375 s) in 09:00–09:29 on each Monday of January
//   (5, 12, 19, 26) = 16 handled offers, plus 2 short abandons (wait 2 s) in the same slot
//   → calls.offered 2026 = 18, growth_calls = (18 − 12)/12 = 0.5; aht_sec = 375.
//   F_calls = 1.5 × (1 − 0.2) = 1.2.
//   λ_base[Jan][Mon][18] = 16 / 4 Mondays = 4; λ = 4.8; A = 4.8 × 375 / 1800 = 1.0.
//   N = 2: C = 1/3, SL = 1 − (1/3)·e^(−1·30/375) = 0.6923 < 0.8.
//   N = 3: B(3) = 0.2/3.2 = 0.0625, C = 0.1875/2.0625 = 1/11,
//          SL = 1 − (1/11)·e^(−2·0.08) = 0.9225 ≥ 0.8, occupancy 1/3 → N = 3.
//   January 2027 has 4 Mondays (4, 11, 18, 25): forecast calls = 4 × 4.8 = 19.2,
//   phone agent-hours = 4 × 3 × 0.5 h = 6. Other months: no calls, 0.
// tickets.csv: 2025: 4 → 2026: 5 tickets, growth_tickets = 0.25, F_tickets = 1.25 × 0.8 = 1.
//   chat Jan ×2 (600 s, 1200 s: mean 900 s), email Mar (1800 s), phone Mar (left out: the
//   phone plan covers it), web Jun without a handle time (named in the reason).
//   Jan: 2 tickets, W = 2 × 900 / 3600 = 0.5 h; Mar: 1 ticket, W = 0.5 h; Jun: 1 ticket, W = 0.
// FTE hours = 1.4 × days / 7: January 6.2.
//   FTE_phone Jan = 6 / 0.8 / 6.2 = 1.2096774; FTE_tickets Jan = 0.5 / 0.8 / 0.8 / 6.2 =
//   0.1260081; required Jan = 8.28125 / 6.2 = 1.3356855. FTE_tickets Mar = 0.1260081 too.
// agents.csv: A1 active, A2 left 2026-06-15 → H0 = HC(2027-01-01) = 1.
//   Jan: leavers 0.01, hires = 1.3356855 − 0.99 = 0.3456855, H1 = 1.3356855 (= required).
//   Every later month needs less than H: no hires, H_k = H1 × 0.99^(k−1);
//   H3 = H1 × 0.9801 = 1.3091053, H12 = H1 × 0.99^11 = 1.1958903.
//   cost = H × 12000 / 12 = 1000 H; budget = 1000 × H1 × (1 − 0.99^12) / 0.01 = 15175.4078.
#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>

#include "support/process.hpp"

using namespace cskpi::test;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Object::Ptr hand_plan(const std::string& extra = "") {
    TempDir tmp;
    const auto dir = source_dir() / "tests/fixtures/staffing/hand";
    const auto json = tmp / "summary.json";
    const auto run = run_cskpi("year-end --year 2026 --timezone Asia/Shanghai --config " + quote(dir / "staffing.ini") +
                               " --tickets " + quote(dir / "tickets.csv") + " --agents " + quote(dir / "agents.csv") +
                               " --calls " + quote(dir / "calls.csv") + " --out " + quote(tmp / "out") +
                               " --history " + quote(tmp / "h.sqlite") + " --summary-json " + quote(json) + " " + extra);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    Poco::JSON::Parser parser;
    return parser.parse(read_file(json)).extract<Object::Ptr>()->getObject("staffing");
}

double num(const Object::Ptr& o, const std::string& key) {
    INFO(key);
    REQUIRE(o->has(key));
    REQUIRE(!o->isNull(key));
    return o->getValue<double>(key);
}

Object::Ptr month(const Object::Ptr& plan, int m) { return plan->getArray("months")->getObject(unsigned(m - 1)); }

}  // namespace

TEST_CASE("a small staffing plan computed by hand", "[staffing][hand]") {
    const auto plan = hand_plan();
    REQUIRE(plan);
    CHECK(plan->getValue<int>("plan_year") == 2027);
    const auto s = plan->getObject("settings");
    CHECK(num(s, "growth_calls") == Approx(0.5).epsilon(1e-12));
    CHECK(num(s, "growth_tickets") == Approx(0.25).epsilon(1e-12));
    CHECK(num(s, "aht_sec") == Approx(375).epsilon(1e-12));
    CHECK(num(s, "attrition") == Approx(0.12).epsilon(1e-12));
    CHECK(num(s, "hours_per_week") == Approx(1.4).epsilon(1e-12));
    CHECK(num(plan, "headcount_start") == 1);

    const auto jan = month(plan, 1);
    CHECK(jan->getValue<std::string>("month") == "2027-01");
    CHECK(jan->getValue<std::string>("recruit_month") == "2026-11");
    CHECK(num(jan, "forecast_calls") == Approx(19.2).epsilon(1e-12));
    CHECK(num(jan, "phone_agent_hours") == Approx(6.0).epsilon(1e-12));
    CHECK(num(jan, "forecast_tickets") == Approx(2.0).epsilon(1e-12));
    CHECK(num(jan, "workload_hours") == Approx(0.5).epsilon(1e-12));
    CHECK(num(jan, "fte_phone") == Approx(6 / 0.8 / 6.2).epsilon(1e-12));
    CHECK(num(jan, "fte_tickets") == Approx(0.5 / 0.8 / 0.8 / 6.2).epsilon(1e-12));
    CHECK(num(jan, "required") == Approx(8.28125 / 6.2).epsilon(1e-12));
    CHECK(num(jan, "leavers") == Approx(0.01).epsilon(1e-12));
    CHECK(num(jan, "hires") == Approx(8.28125 / 6.2 - 0.99).epsilon(1e-12));
    CHECK(num(jan, "headcount") == Approx(1.3356854838709677).epsilon(1e-12));
    CHECK(num(jan, "cost") == Approx(1335.6854838709677).epsilon(1e-12));

    const auto feb = month(plan, 2);
    CHECK(num(feb, "forecast_calls") == 0);
    CHECK(num(feb, "phone_agent_hours") == 0);
    CHECK(num(feb, "required") == 0);
    CHECK(num(feb, "hires") == 0);
    CHECK(num(feb, "leavers") == Approx(0.013356854838709677).epsilon(1e-12));
    CHECK(feb->getValue<std::string>("recruit_month") == "2026-12");

    const auto mar = month(plan, 3);
    CHECK(num(mar, "forecast_tickets") == Approx(1.0).epsilon(1e-12));  // email only, not the phone ticket
    CHECK(num(mar, "workload_hours") == Approx(0.5).epsilon(1e-12));
    CHECK(num(mar, "fte_tickets") == Approx(0.5 / 0.8 / 0.8 / 6.2).epsilon(1e-12));
    CHECK(num(mar, "headcount") == Approx(1.3091053427419355).epsilon(1e-12));
    CHECK(mar->getValue<std::string>("recruit_month") == "2027-01");

    const auto jun = month(plan, 6);
    CHECK(num(jun, "forecast_tickets") == Approx(1.0).epsilon(1e-12));  // web counts as volume
    CHECK(num(jun, "workload_hours") == 0);                              // but has no handle time
    CHECK(num(month(plan, 12), "headcount") == Approx(1.195890309367741).epsilon(1e-12));

    const auto q = plan->getArray("quarters");
    REQUIRE(q->size() == 4);
    CHECK(q->getObject(0)->getValue<std::string>("quarter") == "2027-Q1");
    CHECK(num(q->getObject(0), "peak_required") == Approx(8.28125 / 6.2).epsilon(1e-12));
    CHECK(num(q->getObject(0), "hires") == Approx(8.28125 / 6.2 - 0.99).epsilon(1e-12));
    CHECK(num(q->getObject(0), "headcount_end") == Approx(1.3091053427419355).epsilon(1e-12));
    CHECK(num(q->getObject(1), "peak_required") == 0);
    CHECK(num(q->getObject(3), "headcount_end") == Approx(1.195890309367741).epsilon(1e-12));
    CHECK(num(plan, "budget") == Approx(15175.407759690399).epsilon(1e-12));

    const auto peak = plan->getObject("peak");
    CHECK(peak->getValue<std::string>("month") == "2027-01");
    const auto agents = peak->getArray("agents");
    REQUIRE(agents->size() == 7);
    int total = 0;
    for (unsigned w = 0; w < 7; ++w) {
        REQUIRE(agents->getArray(w)->size() == 48);
        for (unsigned i = 0; i < 48; ++i) total += agents->getArray(w)->getElement<int>(i);
    }
    CHECK(agents->getArray(0)->getElement<int>(18) == 3);  // Monday 09:00–09:29
    CHECK(total == 3);

    const auto reasons = plan->getObject("unavailable_reason");
    CHECK(reasons->isNull("phone"));
    REQUIRE(!reasons->isNull("tickets"));
    CHECK(reasons->getValue<std::string>("tickets").find("web") != std::string::npos);
}

TEST_CASE("the growth and deflection flags override the defaults of the hand plan", "[staffing][hand]") {
    // Both flags apply to both sources: F_calls = F_tickets = (1 + 0.1) × (1 − 0.5) = 0.55.
    // Jan forecast calls = 19.2 / 1.2 × 0.55 = 8.8; A = 4 × 0.55 × 375 / 1800 = 0.4583:
    // N = 1: C = A = 0.4583, SL = 1 − 0.4583·e^(−0.5417·0.08) = 0.5611 < 0.8;
    // N = 2: B(2) = A²/2 / (1 + A + A²/2) = 0.0672, C = 2·0.0672/(2 − A·0.9328) = 0.0855,
    // SL = 1 − 0.0855·e^(−1.5417·0.08) = 0.9245 → still 2 agents, 4 × 2 × 0.5 = 4 h.
    const auto plan = hand_plan("--growth 10% --deflection 0.5");
    const auto s = plan->getObject("settings");
    CHECK(num(s, "growth_calls") == Approx(0.1).epsilon(1e-12));
    CHECK(num(s, "growth_tickets") == Approx(0.1).epsilon(1e-12));
    CHECK(num(s, "deflection") == Approx(0.5).epsilon(1e-12));
    const auto jan = month(plan, 1);
    CHECK(num(jan, "forecast_calls") == Approx(8.8).epsilon(1e-12));
    CHECK(num(jan, "phone_agent_hours") == Approx(4.0).epsilon(1e-12));
    CHECK(num(jan, "forecast_tickets") == Approx(2 * 0.55).epsilon(1e-12));
    CHECK(num(jan, "workload_hours") == Approx(2 * 0.55 * 900 / 3600).epsilon(1e-12));
}

TEST_CASE("a staffing setting out of range stops the run with a usage error", "[staffing][hand]") {
    TempDir tmp;
    const auto dir = source_dir() / "tests/fixtures/staffing/hand";
    const auto run = run_cskpi("year-end --year 2026 --tickets " + quote(dir / "tickets.csv") + " --deflection 1.5 --out " +
                               quote(tmp / "out") + " --history " + quote(tmp / "h.sqlite"));
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("staffing.deflection") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp / "out"));
}
