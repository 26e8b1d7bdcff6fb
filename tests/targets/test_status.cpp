#include <catch2/catch.hpp>
#include <tuple>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "core/errors.hpp"
#include "targets/tracking.hpp"

using namespace cskpi;

namespace {

const KpiInfo& info(std::string_view id) {
    const KpiInfo* k = find_kpi(id);
    REQUIRE(k);
    return *k;
}

// Linear milestones from `baseline` to `target`: baseline + q/4 × (target − baseline).
TargetPlan plan(double baseline, double target, std::optional<double> warning) {
    TargetPlan p;
    p.baseline = baseline;
    p.value = target;
    for (std::size_t q = 0; q < 4; ++q) p.milestones[q] = baseline + 0.25 * double(q + 1) * (target - baseline);
    p.warning = warning;
    return p;
}

}  // namespace

TEST_CASE("quarters of the months", "[monthly][status]") {
    CHECK(quarter_of_month(1) == 1);
    CHECK(quarter_of_month(3) == 1);
    CHECK(quarter_of_month(4) == 2);
    CHECK(quarter_of_month(6) == 2);
    CHECK(quarter_of_month(9) == 3);
    CHECK(quarter_of_month(10) == 4);
    CHECK(quarter_of_month(12) == 4);
    CHECK_THROWS_AS(quarter_of_month(13), std::out_of_range);
}

TEST_CASE("status of a KPI where higher is better", "[monthly][status]") {
    // FCR: baseline 0.75, target 0.85 → milestones 0.775, 0.80, 0.825, 0.85; warning 0.70.
    const TargetPlan p = plan(0.75, 0.85, 0.70);
    const KpiInfo& fcr = info("fcr.rate");

    CHECK(kpi_status(fcr, p, 6, 0.90, 0.81) == KpiStatus::on_track);   // 0.81 ≥ Q2 0.80
    CHECK(kpi_status(fcr, p, 6, 0.90, 0.80) == KpiStatus::on_track);   // on the milestone
    CHECK(kpi_status(fcr, p, 6, 0.90, 0.79) == KpiStatus::at_risk);    // 0.79 < Q2 0.80
    CHECK(kpi_status(fcr, p, 3, 0.90, 0.79) == KpiStatus::on_track);   // 0.79 ≥ Q1 0.775
    CHECK(kpi_status(fcr, p, 10, 0.90, 0.84) == KpiStatus::at_risk);   // 0.84 < Q4 0.85
    CHECK(kpi_status(fcr, p, 6, 0.69, 0.81) == KpiStatus::alert);      // month 0.69 < warning 0.70
    CHECK(kpi_status(fcr, p, 6, 0.70, 0.81) == KpiStatus::on_track);   // on the line is not past it
    // The alert outranks the milestone: both broken → alert.
    CHECK(kpi_status(fcr, p, 6, 0.60, 0.60) == KpiStatus::alert);
    // A year-to-date value below the warning line is not an alert: the line is for the month.
    CHECK(kpi_status(fcr, p, 6, 0.75, 0.65) == KpiStatus::at_risk);
}

TEST_CASE("status of a KPI where lower is better", "[monthly][status]") {
    // Overdue rate: baseline 0.12, target 0.08 → milestones 0.11, 0.10, 0.09, 0.08; warning 0.10.
    const TargetPlan p = plan(0.12, 0.08, 0.10);
    const KpiInfo& overdue = info("sla.overdue_rate");

    CHECK(kpi_status(overdue, p, 8, 0.05, 0.09) == KpiStatus::on_track);  // 0.09 ≤ Q3 0.09
    CHECK(kpi_status(overdue, p, 8, 0.05, 0.095) == KpiStatus::at_risk);  // 0.095 > Q3 0.09
    CHECK(kpi_status(overdue, p, 2, 0.05, 0.105) == KpiStatus::on_track); // 0.105 ≤ Q1 0.11
    CHECK(kpi_status(overdue, p, 8, 0.11, 0.05) == KpiStatus::alert);     // month 0.11 > 0.10
    CHECK(kpi_status(overdue, p, 8, 0.10, 0.05) == KpiStatus::on_track);  // on the line
}

TEST_CASE("status with missing values or no warning line", "[monthly][status]") {
    const KpiInfo& csat = info("csat.rate");
    // CSAT: baseline 0.80, target 0.90 → Q2 milestone 0.85.
    SECTION("no month value: only the milestone decides") {
        CHECK(kpi_status(csat, plan(0.80, 0.90, 0.85), 5, std::nullopt, 0.84) == KpiStatus::at_risk);
        CHECK(kpi_status(csat, plan(0.80, 0.90, 0.85), 5, std::nullopt, 0.86) == KpiStatus::on_track);
    }
    SECTION("no year-to-date value: only the warning line decides") {
        CHECK(kpi_status(csat, plan(0.80, 0.90, 0.85), 5, 0.84, std::nullopt) == KpiStatus::alert);
        CHECK(kpi_status(csat, plan(0.80, 0.90, 0.85), 5, 0.86, std::nullopt) == KpiStatus::on_track);
    }
    SECTION("no values at all: no status") {
        CHECK(kpi_status(csat, plan(0.80, 0.90, 0.85), 5, std::nullopt, std::nullopt) == KpiStatus::none);
        CHECK(to_string(KpiStatus::none).empty());
    }
    SECTION("no warning line: never an alert") {
        CHECK(kpi_status(csat, plan(0.80, 0.90, std::nullopt), 5, 0.10, 0.86) == KpiStatus::on_track);
    }
    SECTION("a KPI without a direction has no status") {
        CHECK(kpi_status(info("tickets.volume"), plan(100, 100, 50), 5, 10, 20) == KpiStatus::none);
    }
}

TEST_CASE("attrition is judged on the annualized year to date, not the single month", "[monthly][status]") {
    // Annual attrition: baseline 0.20, target 0.16 → Q2 milestone 0.18; warning 0.15.
    const TargetPlan p = plan(0.20, 0.16, 0.15);
    const KpiInfo& attrition = info("staff.attrition_rate");
    // June: YTD 0.07 × 12 / 6 = 0.14 ≤ 0.15 and ≤ 0.18 → on track, whatever the month says:
    // a month of 0.0 or 0.087 (one leaver among 11.5) is not the year.
    CHECK(kpi_status(attrition, p, 6, 0.0, 0.07) == KpiStatus::on_track);
    CHECK(kpi_status(attrition, p, 6, 0.087, 0.07) == KpiStatus::on_track);
    // YTD 0.08 × 12 / 6 = 0.16 > 0.15 → alert, even in a month with no leaver.
    CHECK(kpi_status(attrition, p, 6, 0.0, 0.08) == KpiStatus::alert);
    // October, the case: YTD 0.17 × 12 / 10 = 0.204 > 0.15 → alert.
    CHECK(kpi_status(attrition, p, 10, 0.0, 0.17) == KpiStatus::alert);
    CHECK(judged_ytd_value(attrition, 10, 0.17) == Approx(0.204));
    // Without a warning line: YTD 0.095 × 12 / 6 = 0.19 > Q2 0.18 → at risk.
    CHECK(kpi_status(attrition, plan(0.20, 0.16, std::nullopt), 6, 0.0, 0.095) == KpiStatus::at_risk);
    // No year-to-date value: no status from the month alone.
    CHECK(kpi_status(attrition, p, 6, 0.5, std::nullopt) == KpiStatus::none);
    // The annualized KPI is already a yearly level: YTD 0.162 > 0.15 as it stands.
    CHECK(kpi_status(info("staff.attrition_annualized"), p, 6, 0.0, 0.162) == KpiStatus::alert);
    CHECK(kpi_status(info("staff.attrition_annualized"), p, 6, 1.04, 0.14) == KpiStatus::on_track);
}

TEST_CASE("year-end status: alert past the warning line, else ok", "[status]") {
    const KpiInfo& csat = info("csat.rate");
    // CSAT 0.796 < line 0.85 → alert; 0.85 on the line → ok; 0.86 → ok.
    CHECK(year_end_status(csat, plan(0.796, 0.85, 0.85), 0.796) == KpiStatus::alert);
    CHECK(year_end_status(csat, plan(0.85, 0.85, 0.85), 0.85) == KpiStatus::ok);
    CHECK(year_end_status(csat, plan(0.86, 0.86, 0.85), 0.86) == KpiStatus::ok);
    // Down KPI: overdue 0.214 > 0.10 → alert.
    CHECK(year_end_status(info("sla.overdue_rate"), plan(0.214, 0.10, 0.10), 0.214) == KpiStatus::alert);
    // No warning line or no value: no status.
    CHECK(year_end_status(csat, plan(0.7, 0.8, std::nullopt), 0.7) == KpiStatus::none);
    CHECK(year_end_status(csat, plan(0.7, 0.8, 0.85), std::nullopt) == KpiStatus::none);
    CHECK(to_string(KpiStatus::ok) == "ok");

    // apply_year_end_status marks the summary and alert_kpis lists the alerts.
    Summary s;
    for (auto [id, value, warning] : {std::tuple{"csat.rate", 0.796, 0.85}, std::tuple{"fcr.rate", 0.74, 0.70},
                                      std::tuple{"staff.attrition_rate", 0.170, 0.15}}) {
        KpiComparison k;
        k.info = find_kpi(id);
        k.current.value = value;
        k.target = plan(value, value, warning);
        s.kpis.push_back(k);
    }
    KpiComparison volume;
    volume.info = find_kpi("tickets.volume");
    volume.current.value = 66389;
    s.kpis.push_back(volume);
    apply_year_end_status(s);
    CHECK(s.kpis[0].status == "alert");
    CHECK(s.kpis[1].status == "ok");
    CHECK(s.kpis[2].status == "alert");  // the year's 0.170 > 0.15
    CHECK(s.kpis[3].status.empty());
    const auto alerts = alert_kpis(s);
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[0]->info->id == "csat.rate");
    CHECK(alerts[1]->info->id == "staff.attrition_rate");
}

TEST_CASE("targets from the policy start from the previous year's values", "[monthly][status]") {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    config->setString("targets.fcr.rate.benchmark", "0.95");
    KpiComparison fcr;
    fcr.info = find_kpi("fcr.rate");
    fcr.current.value = 0.75;
    KpiComparison volume;
    volume.info = find_kpi("tickets.volume");
    volume.current.value = 1000;

    const auto targets = targets_from_policy({fcr, volume}, *config);
    REQUIRE(targets.count("fcr.rate") == 1);
    CHECK(targets.count("tickets.volume") == 0);  // no direction, no target
    const TargetPlan& t = targets.at("fcr.rate");
    // 0.75 + 0.5 × (0.95 − 0.75) = 0.85; Q2 = 0.75 + 0.5 × 0.10 = 0.80; default warning 0.70.
    CHECK(t.baseline == Approx(0.75));
    CHECK(t.value == Approx(0.85));
    CHECK(t.milestones[1] == Approx(0.80));
    CHECK(t.warning == Approx(0.70));
    CHECK(t.basis == "gap_closure");
}

TEST_CASE("a warning key in the definition replaces a saved warning line", "[monthly][status]") {
    std::map<std::string, TargetPlan> targets = {{"csat.rate", plan(0.80, 0.90, 0.85)},
                                                 {"fcr.rate", plan(0.75, 0.85, 0.70)},
                                                 {"nps.score", plan(10, 20, 0)}};
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    config->setString("targets.csat.rate.warning", "0.99");
    config->setString("targets.nps.score.warning", "");
    apply_warning_overrides(targets, *config);
    CHECK(targets.at("csat.rate").warning == Approx(0.99));
    CHECK(targets.at("csat.rate").value == Approx(0.90));  // the rest of the plan stays
    CHECK(targets.at("fcr.rate").warning == Approx(0.70));
    CHECK_FALSE(targets.at("nps.score").warning.has_value());

    config->setString("targets.fcr.rate.warning", "high");
    CHECK_THROWS_AS(apply_warning_overrides(targets, *config), UsageError);
}

TEST_CASE("tracking sets target and status on the month and year-to-date entries", "[monthly][status]") {
    Summary s;
    s.report.kind = "monthly";
    s.report.month = 6;
    auto entry = [](std::string_view id, std::optional<double> value) {
        KpiComparison k;
        k.info = find_kpi(id);
        k.current.value = value;
        return k;
    };
    s.kpis = {entry("fcr.rate", 0.69), entry("csat.rate", 0.90), entry("tickets.volume", 12)};
    s.ytd = std::vector<KpiComparison>{entry("fcr.rate", 0.81), entry("csat.rate", 0.84), entry("tickets.volume", 70)};
    apply_tracking(s, {{"fcr.rate", plan(0.75, 0.85, 0.70)}, {"csat.rate", plan(0.80, 0.90, 0.85)}});

    CHECK(s.kpis[0].status == "alert");  // month 0.69 < 0.70
    CHECK((*s.ytd)[0].status == "alert");
    CHECK(s.kpis[1].status == "at_risk");  // YTD 0.84 < Q2 0.85
    CHECK((*s.ytd)[1].target->milestones[1] == Approx(0.85));
    CHECK(s.kpis[2].status.empty());
    CHECK_FALSE(s.kpis[2].target.has_value());
    const auto alerts = alert_kpis(s);
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0]->info->id == "fcr.rate");
}
