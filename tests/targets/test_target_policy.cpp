#include <Poco/AutoPtr.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "core/errors.hpp"
#include "targets/target_policy.hpp"

using namespace cskpi;

namespace {

KpiComparison comparison(std::string_view id, std::optional<double> current, std::optional<double> previous) {
    KpiComparison k;
    k.info = find_kpi(id);
    REQUIRE(k.info);
    k.current.value = current;
    k.previous.value = previous;
    if (current && previous) k.change = *current - *previous;
    return k;
}

Poco::AutoPtr<Poco::Util::MapConfiguration> config(std::initializer_list<std::pair<const char*, const char*>> kv) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
    for (const auto& [k, v] : kv) c->setString(k, v);
    return c;
}

}  // namespace

TEST_CASE("gap closure halves the distance to the benchmark", "[targets]") {
    auto fcr = comparison("fcr.rate", 0.70, 0.68);
    TargetSettings s;
    s.benchmark = 0.90;
    const auto plan = plan_target(fcr, s, 0.12);
    REQUIRE(plan);
    // 0.70 + 0.5 × (0.90 − 0.70) = 0.80, asking 0.10 ≤ the achievable 0.12
    CHECK(plan->value == Approx(0.80));
    CHECK(plan->basis == "gap_closure");
    CHECK_FALSE(plan->stretch);
    CHECK(plan->baseline == 0.70);
    // linear: 0.70 + 0.25 × 0.10 = 0.725, + 0.5 × 0.10 = 0.75, 0.775, 0.80
    CHECK(plan->milestones[0] == Approx(0.725));
    CHECK(plan->milestones[1] == Approx(0.75));
    CHECK(plan->milestones[2] == Approx(0.775));
    CHECK(plan->milestones[3] == Approx(0.80));
}

TEST_CASE("a KPI at or past its benchmark keeps its level", "[targets]") {
    auto csat = comparison("csat.rate", 0.91, 0.88);
    TargetSettings s;
    s.benchmark = 0.85;
    const auto plan = plan_target(csat, s, 0.03);
    REQUIRE(plan);
    CHECK(plan->basis == "maintain");
    CHECK(plan->value == 0.91);
    CHECK(plan->milestones == std::array<double, 4>{0.91, 0.91, 0.91, 0.91});

    // Exactly on the benchmark also counts as meeting it.
    auto fcr = comparison("fcr.rate", 0.80, 0.75);
    s.benchmark = 0.80;
    CHECK(plan_target(fcr, s, 0)->basis == "maintain");
}

TEST_CASE("a down KPI aims below its baseline", "[targets]") {
    auto asa = comparison("calls.asa_sec", 40.0, 45.0);
    TargetSettings s;
    s.benchmark = 28.0;
    s.profile = "back_loaded";
    const auto plan = plan_target(asa, s, 5.0);
    REQUIRE(plan);
    // 40 + 0.5 × (28 − 40) = 34
    CHECK(plan->value == Approx(34.0));
    CHECK(plan->basis == "gap_closure");
    // back_loaded: 40 − 0.1 × 6 = 39.4, 40 − 0.3 × 6 = 38.2, 40 − 0.7 × 6 = 35.8, 34
    CHECK(plan->milestones[0] == Approx(39.4));
    CHECK(plan->milestones[1] == Approx(38.2));
    CHECK(plan->milestones[2] == Approx(35.8));
    CHECK(plan->milestones[3] == Approx(34.0));

    // Already below the benchmark: maintain.
    auto quick = comparison("calls.asa_sec", 20.0, 25.0);
    CHECK(plan_target(quick, s, 5.0)->basis == "maintain");
}

TEST_CASE("a mandated target replaces the computed one and may be a stretch", "[targets]") {
    auto csat = comparison("csat.rate", 0.80, 0.78);
    TargetSettings s;
    s.benchmark = 0.85;
    s.mandated = 0.95;

    // Asks 0.95 − 0.80 = 0.15; achievable (best YoY) 0.05 < 0.15: stretch.
    auto plan = plan_target(csat, s, 0.05);
    REQUIRE(plan);
    CHECK(plan->basis == "mandated");
    CHECK(plan->value == 0.95);
    CHECK(plan->mandated == 0.95);
    CHECK(plan->stretch);
    // 0.80 + 0.25 × 0.15 = 0.8375
    CHECK(plan->milestones[0] == Approx(0.8375));

    // Achievable 0.16 ≥ 0.15: not a stretch.
    CHECK_FALSE(plan_target(csat, s, 0.16)->stretch);

    // A down KPI: asks 0.30 − 0.20 = 0.10 lower attrition; achievable 0.04 < 0.10: stretch.
    auto attrition = comparison("staff.attrition_rate", 0.30, 0.34);
    TargetSettings down;
    down.mandated = 0.20;
    CHECK(plan_target(attrition, down, 0.04)->stretch);
    CHECK_FALSE(plan_target(attrition, down, 0.11)->stretch);
}

TEST_CASE("a computed target never sits past its warning line", "[targets]") {
    // Urgent attainment 0.571, benchmark 0.95, warning 0.90: gap closure gives
    // 0.571 + 0.5 × 0.379 = 0.7605 < 0.90, so the target is the line itself.
    auto urgent = comparison("urgent.frt_attainment", 0.571, 0.541);
    const TargetSettings defaults = default_target_settings("urgent.frt_attainment");
    auto plan = plan_target(urgent, defaults, 0.1795);
    REQUIRE(plan);
    CHECK(plan->value == 0.90);
    CHECK(plan->basis == "warning_line");
    // Asks 0.90 − 0.571 = 0.329 > the best month's 0.1795: stretch.
    CHECK(plan->stretch);
    // Milestones run from the baseline to the line: Q2 = 0.571 + 0.5 × 0.329 = 0.7355.
    CHECK(plan->milestones[1] == Approx(0.7355));

    // Down KPI: attrition 0.170 with benchmark and warning 0.15 → gap closure 0.16 > 0.15 → 0.15.
    auto attrition = comparison("staff.attrition_rate", 0.170, 0.087);
    const TargetSettings staff = default_target_settings("staff.attrition_rate");
    CHECK(staff.benchmark == 0.15);
    CHECK(staff.warning == 0.15);
    plan = plan_target(attrition, staff, 0.0);
    CHECK(plan->value == 0.15);
    CHECK(plan->basis == "warning_line");
    CHECK(plan->stretch);  // asks 0.02, nothing improved

    // Below the line already (0.12 ≤ 0.15) and past the benchmark: maintain, no stretch.
    plan = plan_target(comparison("staff.attrition_rate", 0.12, 0.13), staff, 0.0);
    CHECK(plan->value == 0.12);
    CHECK(plan->basis == "maintain");
    CHECK_FALSE(plan->stretch);

    // Gap closure landing on the good side of the line keeps its own value: FCR 0.74 →
    // 0.74 + 0.5 × 0.06 = 0.77 ≥ 0.70.
    plan = plan_target(comparison("fcr.rate", 0.74, 0.70), default_target_settings("fcr.rate"), 0.05);
    CHECK(plan->value == Approx(0.77));
    CHECK(plan->basis == "gap_closure");
    CHECK_FALSE(plan->stretch);  // asks 0.03 ≤ 0.05

    // A mandated target stays what management set, even past the line.
    TargetSettings mandated = default_target_settings("csat.rate");
    mandated.mandated = 0.80;
    plan = plan_target(comparison("csat.rate", 0.78, 0.76), mandated, 0.03);
    CHECK(plan->value == 0.80);
    CHECK(plan->basis == "mandated");
}

TEST_CASE("a computed target asking more than the achievable improvement is a stretch", "[targets]") {
    // Handle time 11.45 min, benchmark 6: 11.45 − 0.5 × 5.45 = 8.725 asks 2.725 min while
    // the best improvement seen is 0.616 min.
    auto aht = comparison("aht.mean_min", 11.45, 11.86);
    const auto plan = plan_target(aht, default_target_settings("aht.mean_min"), 0.616);
    CHECK(plan->value == Approx(8.725));
    CHECK(plan->basis == "gap_closure");
    CHECK(plan->stretch);
    // With an achievable improvement of 3 min it is not.
    CHECK_FALSE(plan_target(aht, default_target_settings("aht.mean_min"), 3.0)->stretch);
}

TEST_CASE("KPIs without a direction or a current value get no target", "[targets]") {
    TargetSettings s;
    s.benchmark = 1.0;
    CHECK_FALSE(plan_target(comparison("tickets.volume", 1200.0, 1000.0), s, 0));
    CHECK_FALSE(plan_target(comparison("fcr.rate", std::nullopt, 0.7), s, 0));
}

TEST_CASE("best YoY improvement looks at the year and at each month", "[targets]") {
    Summary summary;
    summary.kpis.push_back(comparison("fcr.rate", 0.72, 0.70));  // annual +0.02
    summary.monthly["fcr.rate"] = {
        {"2025-01", 0.60}, {"2025-02", 0.75}, {"2025-03", std::nullopt}, {"2025-04", 0.50},
        {"2026-01", 0.66},  // +0.06 vs 2025-01: the best
        {"2026-02", 0.70},  // −0.05: a worsening, ignored
        {"2026-03", 0.90},  // no 2025-03 value to compare with
        {"2026-04", 0.90},  // +0.40, but April 2026 rests on 29 tickets: not counted
    };
    summary.monthly["tickets.volume"] = {{"2025-01", 30}, {"2025-02", 500}, {"2025-03", 500}, {"2025-04", 400},
                                         {"2026-01", 31}, {"2026-02", 500}, {"2026-03", 500}, {"2026-04", 29}};
    CHECK(best_yoy_improvement(summary, summary.kpis[0]) == Approx(0.06));

    // January 2025 with 29 tickets: January does not count either, the annual change is left.
    summary.monthly["tickets.volume"]["2025-01"] = 29;
    CHECK(best_yoy_improvement(summary, summary.kpis[0]) == Approx(0.02));

    // A down KPI improves when it falls: 0.40 → 0.31 is +0.09.
    summary.kpis.push_back(comparison("staff.attrition_rate", 0.31, 0.40));
    CHECK(best_yoy_improvement(summary, summary.kpis[1]) == Approx(0.09));

    // Staff KPIs take the annual change only: a month's 1.043 → 0 core attrition (one leaver
    // of one core agent) is no evidence of what a year can achieve.
    summary.kpis.push_back(comparison("staff.core_attrition_rate", 0.111, 0.0));
    summary.monthly["staff.core_attrition_rate"] = {{"2025-09", 1.043}, {"2026-09", 0.0}};
    summary.monthly["staff.avg_headcount"] = {{"2025-09", 40}, {"2026-09", 40}};
    CHECK(best_yoy_improvement(summary, summary.kpis[2]) == 0.0);

    // Nothing improved: 0.
    summary.kpis.push_back(comparison("csat.rate", 0.80, 0.85));
    CHECK(best_yoy_improvement(summary, summary.kpis[3]) == 0.0);
}

TEST_CASE("documented defaults cover every KPI with a direction", "[targets]") {
    for (const auto& info : kpi_catalog()) {
        const auto s = default_target_settings(info.id);
        INFO(info.id);
        CHECK(s.benchmark.has_value() == (info.direction != Direction::none));
    }
    CHECK(default_target_settings("fcr.rate").benchmark == 0.80);
    CHECK(default_target_settings("staff.attrition_annualized").warning == 0.15);
    CHECK(default_target_settings("csat.rate").warning == 0.85);
    CHECK(milestone_profile("back_loaded") == std::array<double, 4>{0.1, 0.3, 0.7, 1.0});
    CHECK_THROWS_AS(milestone_profile("front_loaded"), UsageError);
}

TEST_CASE("configuration overrides the defaults per KPI and globally", "[targets]") {
    auto c = config({{"targets.gap_closure", "0.8"},
                     {"targets.profile", "back_loaded"},
                     {"targets.fcr.rate.benchmark", "0.90"},
                     {"targets.csat.rate.mandated", "0.95"},
                     {"targets.csat.rate.gap_closure", "0.25"},
                     {"targets.csat.rate.profile", "linear"},
                     {"targets.nps.score.warning", ""},
                     {"targets.calls.asa_sec.weight", "2"}});
    const auto fcr = target_settings("fcr.rate", *c);
    CHECK(fcr.benchmark == 0.90);
    CHECK(fcr.gap_closure == 0.8);
    CHECK(fcr.profile == "back_loaded");
    const auto csat = target_settings("csat.rate", *c);
    CHECK(csat.mandated == 0.95);
    CHECK(csat.gap_closure == 0.25);
    CHECK(csat.profile == "linear");
    CHECK_FALSE(target_settings("nps.score", *c).warning);  // cleared by the empty value
    CHECK(target_settings("calls.asa_sec", *c).weight == 2.0);

    Summary summary;
    summary.kpis.push_back(comparison("fcr.rate", 0.70, 0.69));
    summary.kpis.push_back(comparison("tickets.volume", 100.0, 90.0));
    apply_target_policy(summary, *c);
    REQUIRE(summary.kpis[0].target);
    // 0.70 + 0.8 × (0.90 − 0.70) = 0.86; back_loaded Q1 = 0.70 + 0.1 × 0.16 = 0.716
    CHECK(summary.kpis[0].target->value == Approx(0.86));
    CHECK(summary.kpis[0].target->milestones[0] == Approx(0.716));
    CHECK(summary.kpis[0].target->warning == 0.70);
    CHECK_FALSE(summary.kpis[1].target);
}

TEST_CASE("an INI [targets] section reads with dotted KPI ids", "[targets]") {
    std::istringstream ini("[targets]\ngap_closure = 0.6\nfcr.rate.benchmark = 0.9\n"
                           "staff.attrition_annualized.warning = 0.2\n");
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> c(new Poco::Util::IniFileConfiguration(ini));
    CHECK_NOTHROW(check_target_keys(*c));
    const auto fcr = target_settings("fcr.rate", *c);
    CHECK(fcr.benchmark == 0.9);
    CHECK(fcr.gap_closure == 0.6);
    CHECK(target_settings("staff.attrition_annualized", *c).warning == 0.2);
}

TEST_CASE("bad target settings are usage errors naming the key", "[targets]") {
    CHECK_THROWS_WITH(target_settings("fcr.rate", *config({{"targets.fcr.rate.benchmark", "high"}})),
                      Catch::Contains("targets.fcr.rate.benchmark") && Catch::Contains("not a number"));
    CHECK_THROWS_AS(target_settings("fcr.rate", *config({{"targets.gap_closure", "1.5"}})), UsageError);
    CHECK_THROWS_AS(target_settings("fcr.rate", *config({{"targets.fcr.rate.profile", "early"}})), UsageError);
    CHECK_THROWS_WITH(check_target_keys(*config({{"targets.fcr.rte.benchmark", "0.9"}})),
                      Catch::Contains("targets.fcr.rte.benchmark"));
    CHECK_THROWS_WITH(check_target_keys(*config({{"targets.fcr.rate.benchmrk", "0.9"}})),
                      Catch::Contains("benchmrk"));
    CHECK_THROWS_AS(check_target_keys(*config({{"targets.tickets.volume.benchmark", "9"}})), UsageError);
}
