#include "metrics/summary_builder.hpp"

#include <cmath>
#include <cstdio>
#include <future>

namespace cskpi {

namespace {

std::string format_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::vector<KpiComparison> compare_all(const KpiValues& current, const KpiValues& previous) {
    std::vector<KpiComparison> out;
    for (const auto& info : kpi_catalog()) {
        if (info.id == "tickets.growth") {
            // tickets.growth = change_pct of tickets.volume.
            const auto volume = compare(*find_kpi("tickets.volume"), current.at("tickets.volume"),
                                        previous.at("tickets.volume"));
            KpiValue growth = volume.change_pct ? known(*volume.change_pct)
                                                : unavailable("the previous period has no tickets");
            KpiComparison c;
            c.info = &info;
            c.current = growth;
            c.previous = unavailable("growth compares with the year before the previous period");
            out.push_back(c);
            continue;
        }
        out.push_back(compare(info, current.at(std::string(info.id)), previous.at(std::string(info.id))));
    }
    return out;
}

}  // namespace

KpiComparison compare(const KpiInfo& info, const KpiValue& current, const KpiValue& previous) {
    KpiComparison c;
    c.info = &info;
    c.current = current;
    c.previous = previous;
    if (current.value && previous.value) {
        c.change = *current.value - *previous.value;
        if (*previous.value != 0) c.change_pct = *c.change / std::fabs(*previous.value);
        if (info.direction == Direction::up) c.better = *c.change > 0;
        if (info.direction == Direction::down) c.better = *c.change < 0;
    }
    return c;
}

Summary build_summary(const ReportRequest& req, const MonthlyAggregate& agg, const IngestedExports& exports) {
    Summary s;
    ZoneClock clock(req.timezone);
    const PeriodFrame& frame = agg.frame();
    auto& r = s.report;
    r.kind = req.kind;
    r.year = req.year;
    r.month = req.month;
    r.timezone = req.timezone;
    r.as_of = clock.format_iso(req.as_of);
    r.generated_at = clock.format_iso(req.generated_at);
    r.tool_version = CSKPI_VERSION;

    std::vector<int> current, previous;
    if (req.kind == "monthly") {
        const int m = req.month - 1;
        r.period = frame.month_label(12 + m);
        r.previous_period = frame.month_label(m);
        current = {12 + m};
        previous = {m};
        const KpiValues ytd_current = agg.kpis(month_range(12, 12 + m));
        const KpiValues ytd_previous = agg.kpis(month_range(0, m));
        s.ytd = compare_all(ytd_current, ytd_previous);
    } else {
        r.period = std::to_string(req.year);
        r.previous_period = std::to_string(req.year - 1);
        current = year_months(1);
        previous = year_months(0);
    }
    // Percentiles dominate here: the monthly series is computed on a second thread.
    std::array<std::optional<KpiValues>, kMonths> month_values;
    auto series = std::async(std::launch::async, [&] {
        for (int m = 0; m < kMonths; ++m)
            if (frame.month_started(m)) month_values[std::size_t(m)] = agg.kpis({m});
    });
    s.kpis = compare_all(agg.kpis(current), agg.kpis(previous));
    series.get();
    for (int m = 0; m < kMonths; ++m) {
        if (!month_values[std::size_t(m)]) continue;
        for (const auto& info : kpi_catalog())
            if (info.has_monthly)
                s.monthly[std::string(info.id)][frame.month_label(m)] =
                    month_values[std::size_t(m)]->at(std::string(info.id)).value;
    }
    // Breakdowns compare the same span as the headline: the year, or year-to-date.
    const std::vector<int> bd_current = req.kind == "monthly" ? month_range(12, 12 + req.month - 1) : current;
    const std::vector<int> bd_previous = req.kind == "monthly" ? month_range(0, req.month - 1) : previous;
    s.breakdowns = agg.breakdown_rows(bd_current, bd_previous);

    s.sources.push_back(exports.tickets.report);
    if (exports.surveys) s.sources.push_back(exports.surveys->report);
    if (exports.agents) s.sources.push_back(exports.agents->report);
    if (exports.calls) s.sources.push_back(exports.calls->report);

    const auto& p = req.params;
    s.settings = {
        {"timezone", req.timezone},
        {"as_of", r.as_of},
        {"sla_hours.urgent", format_number(p.sla_hours[0])},
        {"sla_hours.high", format_number(p.sla_hours[1])},
        {"sla_hours.normal", format_number(p.sla_hours[2])},
        {"sla_hours.low", format_number(p.sla_hours[3])},
        {"urgent_response_min", format_number(p.urgent_response_min)},
        {"repeat_window_days", format_number(p.repeat_window_days)},
        {"short_abandon_sec", format_number(p.short_abandon_sec)},
        {"service_level_sec", format_number(p.service_level_sec)},
    };
    return s;
}

}  // namespace cskpi
