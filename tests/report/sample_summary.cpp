#include "sample_summary.hpp"

#include <cstdio>

namespace cskpi::test {

namespace {

void add(Summary& s, std::string_view id, std::optional<double> current, std::optional<double> previous,
         const std::string& reason = {}) {
    KpiComparison k;
    k.info = find_kpi(id);
    k.current.value = current;
    k.previous.value = previous;
    if (!current) k.current.unavailable_reason = reason;
    if (!previous) k.previous.unavailable_reason = reason;
    if (current && previous) {
        k.change = *current - *previous;
        if (*previous != 0) k.change_pct = *k.change / std::abs(*previous);
        if (k.info->direction != Direction::none)
            k.better = k.info->direction == Direction::up ? *k.change > 0 : *k.change < 0;
    }
    s.kpis.push_back(k);
}

}  // namespace

Summary sample_summary() {
    Summary s;
    s.report.kind = "year-end";
    s.report.period = "2026";
    s.report.previous_period = "2025";
    s.report.as_of = "2027-01-01T00:00:00+08:00";
    s.report.timezone = "Asia/Shanghai";
    s.report.generated_at = "2027-01-02T06:00:03+08:00";
    s.report.tool_version = "1.0.0";
    s.report.year = 2026;

    add(s, "tickets.volume", 12000, 10000);
    add(s, "tickets.growth", 0.2, std::nullopt, "no previous year");
    add(s, "frt.mean_min", 90, 100);
    add(s, "frt.median_min", 8, 9);
    add(s, "frt.p90_min", 300, 320);
    add(s, "urgent.frt_attainment", 0.9, 0.85);
    add(s, "resolution.mean_h", 30, 28);
    add(s, "resolution.median_h", 6, 7);
    add(s, "resolution.p90_h", 80, 90);
    add(s, "sla.overdue_rate", 0.08, 0.1);
    add(s, "fcr.rate", 0.70, 0.68);
    add(s, "repeat.rate", 0.25, 0.22);
    add(s, "complaint.rate", 0.02, 0.02);
    add(s, "aht.mean_min", 7.5, 8);
    add(s, "survey.responses", 3000, 2500);
    add(s, "csat.rate", 0.80, 0.78);
    add(s, "nps.score", 35, 30);
    add(s, "csat.key_rate", 0.82, 0.80);
    add(s, "staff.avg_headcount", 50, 48);
    add(s, "staff.hires", 20, 18);
    add(s, "staff.leavers", 15, 17);
    add(s, "staff.attrition_rate", 0.30, 0.36);
    add(s, "staff.attrition_annualized", 0.30, 0.36);
    add(s, "staff.core_attrition_rate", std::nullopt, std::nullopt, "no core column in the agents export");
    add(s, "calls.offered", 40000, 38000);
    add(s, "calls.service_level", 0.75, 0.7);
    add(s, "calls.abandon_rate", 0.06, 0.07);
    add(s, "calls.asa_sec", 40, 45);
    add(s, "calls.aht_min", std::nullopt, std::nullopt, "no handle_sec column in the calls export");

    for (int year : {2025, 2026})
        for (int month = 1; month <= 12; ++month) {
            char key[8];
            std::snprintf(key, sizeof key, "%d-%02d", year, month);
            const double trend = (year - 2025) * 12 + month;  // 1..24
            s.monthly["tickets.volume"][key] = 800 + 10 * trend;
            s.monthly["survey.responses"][key] = 200 + trend;  // enough for the achievability rule
            s.monthly["fcr.rate"][key] = 0.66 + 0.002 * trend;
            s.monthly["csat.rate"][key] = 0.76 + 0.002 * trend;
            s.monthly["nps.score"][key] = 28 + 0.3 * trend;
            s.monthly["frt.mean_min"][key] = 105 - trend;
            s.monthly["staff.attrition_rate"][key] = month == 7 && year == 2026 ? std::nullopt
                                                                                  : std::optional(0.03);
        }

    s.breakdowns = {
        {"channel", "phone", "fcr.rate", 0.72, 0.70},
        {"team", "=1+1", "fcr.rate", 0.65, std::nullopt},
        {"team", "@SUM(A1)", "csat.rate", 0.9, 0.88},
        {"priority", "urgent", "frt.mean_min", 12, 15},
    };

    SourceReport tickets;
    tickets.name = "tickets";
    tickets.uri = "https://exports.example.com/tickets.csv";
    tickets.sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    tickets.bytes = 123456;
    tickets.rows_read = 13050;
    tickets.rows_accepted = 13000;
    tickets.rows_rejected = 50;
    tickets.rejects = {{RejectReason::bad_timestamp, 30}, {RejectReason::duplicate_id, 20}};
    tickets.out_of_period = 1200;
    tickets.first_rejects = {{17, RejectReason::bad_timestamp, "created_at: '2026-13-01' is not a timestamp"},
                             {40, RejectReason::duplicate_id, "=HYPERLINK(\"x\") seen on line 12"}};
    s.sources.push_back(tickets);

    s.settings = {{"timezone", "Asia/Shanghai"}, {"sla_hours.urgent", "4"}, {"repeat_window_days", "7"}};
    return s;
}

Poco::AutoPtr<Poco::Util::MapConfiguration> target_config(const char* gap_closure) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    config->setString("targets.fcr.rate.benchmark", "0.90");
    config->setString("targets.csat.rate.mandated", "0.95");
    if (gap_closure) config->setString("targets.gap_closure", gap_closure);
    return config;
}

}  // namespace cskpi::test
