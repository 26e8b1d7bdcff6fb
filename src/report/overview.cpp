#include "report/overview.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "targets/target_policy.hpp"
#include "targets/tracking.hpp"

namespace cskpi {

namespace {

bool past(Direction direction, double value, double line) {
    return direction == Direction::up ? value < line : value > line;
}

// How far `value` is on the good side of `line`, as a share of the line's size; negative
// when past it. A line of 0 (NPS) is measured in points.
double margin(Direction direction, double value, double line) {
    const double room = direction == Direction::up ? value - line : line - value;
    return room / (line != 0 ? std::abs(line) : 1.0);
}

std::string month_key(int year, int month) {
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02d", year, month);
    return key;
}

// "66,389" / "1,234.5": digits grouped by three.
std::string grouped(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, std::abs(value));
    std::string digits(text);
    const auto dot = digits.find('.');
    std::string whole = digits.substr(0, dot), rest = dot == std::string::npos ? "" : digits.substr(dot);
    std::string out;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
        out += whole[i];
    }
    const bool negative = value < 0 && std::string(text).find_first_not_of("0.") != std::string::npos;
    return (negative ? "-" : "") + out + rest;
}

std::string signed_number(double value, int decimals) {
    std::string text = grouped(value, decimals);
    if (text.front() != '-' && text.find_first_not_of("0.,") != std::string::npos) text = "+" + text;
    return text;
}

}  // namespace

std::string_view to_string(Rag rag) {
    switch (rag) {
        case Rag::green: return "green";
        case Rag::amber: return "amber";
        case Rag::red: return "red";
        case Rag::none: break;
    }
    return "";
}

std::string format_kpi_value(std::optional<double> value, const KpiInfo& info, Lang lang) {
    if (!value) return tr("na", lang);
    switch (info.unit) {
        case Unit::count: return grouped(*value, info.id == "staff.avg_headcount" ? 1 : 0);
        case Unit::ratio: return grouped(*value * 100, 1) + " %";
        case Unit::minutes: return grouped(*value, 1) + " " + tr("unit.min_short", lang);
        case Unit::hours: return grouped(*value, 1) + " " + tr("unit.h_short", lang);
        case Unit::seconds: return grouped(*value, 0) + " " + tr("unit.s_short", lang);
        case Unit::score: return grouped(*value, 1);
    }
    return grouped(*value, 1);
}

std::string format_kpi_change(std::optional<double> change, const KpiInfo& info, Lang lang) {
    if (!change) return tr("na", lang);
    switch (info.unit) {
        case Unit::ratio: return signed_number(*change * 100, 1) + " " + tr("unit.pp", lang);
        case Unit::score: return signed_number(*change, 1) + " " + tr("unit.points", lang);
        case Unit::count: return signed_number(*change, info.id == "staff.avg_headcount" ? 1 : 0);
        case Unit::minutes: return signed_number(*change, 1) + " " + tr("unit.min_short", lang);
        case Unit::hours: return signed_number(*change, 1) + " " + tr("unit.h_short", lang);
        case Unit::seconds: return signed_number(*change, 0) + " " + tr("unit.s_short", lang);
    }
    return signed_number(*change, 1);
}

std::string sparkline(const std::array<std::optional<double>, 12>& months) {
    static const char* const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    double low = 0, high = 0;
    bool any = false;
    for (const auto& v : months) {
        if (!v) continue;
        low = any ? std::min(low, *v) : *v;
        high = any ? std::max(high, *v) : *v;
        any = true;
    }
    if (!any) return {};
    std::string out;
    for (const auto& v : months) {
        if (!v) {
            out += "·";
            continue;
        }
        const int level = high > low ? static_cast<int>(std::lround((*v - low) / (high - low) * 7)) : 3;
        out += bars[std::clamp(level, 0, 7)];
    }
    // Trailing months not started yet are not drawn.
    while (out.size() >= 2 && out.compare(out.size() - 2, 2, "·") == 0) out.erase(out.size() - 2);
    return out;
}

std::string overview_title(const Summary& summary, Lang lang) {
    return fill(fill(tr("title.overview", lang), "kind", tr("kind." + summary.report.kind, lang)), "period",
                summary.report.period);
}

std::string overview_subtitle(const Summary& summary, const Overview& overview, Lang lang) {
    const ReportInfo& r = summary.report;
    return fill(fill(tr("overview.compared", lang), "previous", r.previous_period), "as_of", r.as_of) +
           tr("punct.space", lang) + fill(tr("overview.alert_count", lang), "n", std::to_string(overview.alerts));
}

std::string risk_text(const OverviewRisk& risk, Lang lang) {
    const KpiInfo& info = *risk.info;
    const std::string value = format_kpi_value(risk.value, info, lang);
    const std::string line = format_kpi_value(risk.line, info, lang);
    switch (risk.kind) {
        case RiskKind::past_line:
            return fill(fill(tr("risk.past_line", lang), "value", value), "line", line);
        case RiskKind::near_line:
            return fill(fill(tr("risk.near_line", lang), "value", value), "line", line);
        case RiskKind::stretch: {
            // The size of a change: points for rates and NPS, the unit otherwise.
            const auto amount = [&](double v) {
                std::string text = format_kpi_change(std::abs(v), info, lang);
                if (!text.empty() && text.front() == '+') text.erase(0, 1);
                return text;
            };
            const double asked = risk.value ? risk.line - *risk.value : 0;
            std::string text = fill(fill(fill(tr(std::isnan(risk.achievable) ? "risk.stretch_plain" : "risk.stretch",
                                                 lang),
                                              "value", value),
                                         "target", line),
                                    "asked", amount(asked));
            return std::isnan(risk.achievable) ? text : fill(text, "achievable", amount(risk.achievable));
        }
    }
    return {};
}

std::vector<std::string> overview_value_headers(const ReportInfo& report, const Overview& overview, Lang lang,
                                                bool with_previous) {
    const int year = report_year(report);
    std::vector<std::string> headers;
    if (overview.monthly) {
        headers.push_back(fill(tr("col.month_value", lang), "period", report.period));
        if (with_previous) headers.push_back(fill(tr("col.ytd", lang), "year", std::to_string(year - 1)));
        headers.push_back(fill(tr("col.ytd", lang), "year", std::to_string(year)));
    } else {
        if (with_previous) headers.push_back(fill(tr("col.this_year", lang), "period", report.previous_period));
        headers.push_back(fill(tr("col.this_year", lang), "period", report.period));
    }
    headers.push_back(tr("col.change", lang));
    headers.push_back(fill(tr("col.target_next", lang), "year", std::to_string(overview.monthly ? year : year + 1)));
    headers.push_back(tr("col.warning", lang));
    headers.push_back(tr("col.status", lang));
    headers.push_back(fill(tr("col.trend_chart", lang), "year", std::to_string(year)));
    return headers;
}

Overview build_overview(const Summary& summary) {
    Overview overview;
    const ReportInfo& report = summary.report;
    overview.monthly = summary.ytd.has_value() && report.month >= 1;
    const int year = report_year(report);

    // Month entries and their year-to-date twins (monthly runs), by KPI id.
    const auto ytd_of = [&](const KpiComparison& k) -> const KpiComparison* {
        if (!overview.monthly) return &k;
        for (std::size_t i = 0; i < summary.kpis.size(); ++i)
            if (&summary.kpis[i] == &k) return &(*summary.ytd)[i];
        return nullptr;
    };
    // The value a status judges: the year, the month, or for attrition the annualized
    // year to date (targets/tracking.hpp).
    const auto judged = [&](const KpiComparison& k) -> std::optional<double> {
        if (!overview.monthly) return k.current.value;
        const KpiComparison* to_date = ytd_of(k);
        if (judged_on_year_to_date(k.info->id))
            return to_date ? judged_ytd_value(*k.info, report.month, to_date->current.value) : std::nullopt;
        return k.current.value;
    };

    for (std::string_view id : overview_kpis) {
        const KpiComparison* k = summary.find(id);
        if (!k || !k->info) continue;
        const KpiInfo& info = *k->info;
        OverviewRow row;
        row.info = &info;
        if (overview.monthly) {
            const KpiComparison* to_date = ytd_of(*k);
            row.month = k->current.value;
            row.value = to_date->current.value;
            row.previous = to_date->previous.value;
            if (judged_on_year_to_date(id)) {
                row.annualized = true;
                row.value = judged_ytd_value(info, report.month, row.value);
                row.previous = judged_ytd_value(info, report.month, row.previous);
            }
        } else {
            row.value = k->current.value;
            row.previous = k->previous.value;
        }
        if (row.value && row.previous) row.change = *row.value - *row.previous;
        if (k->target) {
            row.target = k->target->value;
            row.warning = k->target->warning;
            row.stretch = k->target->stretch;
        }
        if (info.direction != Direction::none) {
            if (overview.monthly) {
                row.rag = k->status == "alert"     ? Rag::red
                          : k->status == "at_risk" ? Rag::amber
                          : k->status.empty()      ? Rag::none
                                                   : Rag::green;
            } else if (k->status == "alert") {
                row.rag = Rag::red;
            } else if (row.value) {
                const auto v = judged(*k);
                const bool near = v && row.warning && margin(info.direction, *v, *row.warning) < near_line_share;
                row.rag = (k->better && !*k->better) || near ? Rag::amber : Rag::green;
            }
        }
        if (info.has_monthly)
            if (const auto series = summary.monthly.find(std::string(id)); series != summary.monthly.end())
                for (int m = 1; m <= 12; ++m)
                    if (const auto v = series->second.find(month_key(year, m)); v != series->second.end())
                        row.months[static_cast<std::size_t>(m - 1)] = v->second;
        overview.rows.push_back(row);
    }

    // Risks over every KPI with a target, not only the rows above.
    std::vector<std::pair<double, OverviewRisk>> past_line, near_line, stretch;
    // Annualized attrition repeats attrition (at year end it is the same number): one risk line.
    const KpiComparison* attrition = summary.find("staff.attrition_rate");
    const bool attrition_listed = attrition && attrition->target;
    for (const auto& k : summary.kpis) {
        if (!k.info || !k.target || k.info->direction == Direction::none) continue;
        const TargetPlan& plan = *k.target;
        if (k.status == "alert") ++overview.alerts;
        if (attrition_listed && k.info->id == "staff.attrition_annualized") continue;
        const auto v = judged(k);
        if (v && plan.warning) {
            const double m = margin(k.info->direction, *v, *plan.warning);
            if (k.status == "alert" || past(k.info->direction, *v, *plan.warning)) {
                past_line.push_back({m, {k.info, RiskKind::past_line, v, *plan.warning, 0}});
                continue;
            }
            if (m < near_line_share) {
                near_line.push_back({m, {k.info, RiskKind::near_line, v, *plan.warning, 0}});
                continue;
            }
        }
        if (plan.stretch) {
            // Year-end runs know the achievable improvement; a monthly run only the saved flag.
            const double achievable =
                overview.monthly ? std::nan("") : best_yoy_improvement(summary, k);
            const double asked = std::abs(plan.value - plan.baseline);
            const double weight = achievable > 0 ? asked / achievable : 1e9 + asked;
            stretch.push_back({-weight, {k.info, RiskKind::stretch, plan.baseline, plan.value, achievable}});
        }
    }
    for (auto* group : {&past_line, &near_line, &stretch}) {
        std::stable_sort(group->begin(), group->end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [_, risk] : *group)
            if (overview.risks.size() < max_risks) overview.risks.push_back(risk);
    }
    return overview;
}

}  // namespace cskpi
