#pragma once
// What leadership reads first: the headline KPIs of the balanced scorecard with this
// period, the change against last year, the target, a red/amber/green status and the
// months, then the top risks. The Overview sheet (overview_sheet.hpp) and the mail body
// (mail_message.hpp) both show this one model, so they never disagree.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/summary.hpp"
#include "report/i18n.hpp"

namespace cskpi {

// Eight to ten KPIs, two or three per scorecard dimension, in dimension order. The first
// response headline is the mean: the median hides the long tail a customer feels.
inline constexpr std::array<std::string_view, 10> overview_kpis = {
    "tickets.volume", "aht.mean_min",                                                   // financial
    "csat.rate",      "nps.score",             "fcr.rate",                              // customer
    "frt.mean_min",   "urgent.frt_attainment", "sla.overdue_rate", "calls.service_level", // process
    "staff.attrition_rate",                                                             // growth
};

enum class Rag { none, green, amber, red };

std::string_view to_string(Rag rag);  // "" | "green" | "amber" | "red"

struct OverviewRow {
    const KpiInfo* info = nullptr;
    std::optional<double> month;     // monthly runs: the month's value
    std::optional<double> value;     // the year (year-end) or the year to date (monthly)
    std::optional<double> previous;  // the same span one year earlier
    std::optional<double> change;    // value - previous, in the KPI's unit
    std::optional<double> target;    // next year's (year-end) or this year's (monthly)
    std::optional<double> warning;
    bool stretch = false;
    bool annualized = false;         // value and previous are annualized year-to-date attrition
    Rag rag = Rag::none;
    std::array<std::optional<double>, 12> months{};  // the report year, January to December
};

enum class RiskKind { past_line, near_line, stretch };

struct OverviewRisk {
    const KpiInfo* info = nullptr;
    RiskKind kind = RiskKind::past_line;
    std::optional<double> value;  // the value judged against the line, or the baseline of a stretch
    double line = 0;              // the warning line, or the stretch target
    double achievable = 0;        // stretch: the achievable improvement (docs/targets.md); NaN in monthly runs
};

struct Overview {
    bool monthly = false;
    std::vector<OverviewRow> rows;
    std::vector<OverviewRisk> risks;  // at most max_risks
    std::size_t alerts = 0;           // KPIs in alert, all of them, not only the rows
};

inline constexpr std::size_t max_risks = 8;
// A KPI not past its line but within this share of the line's size is "near" it.
inline constexpr double near_line_share = 0.05;

// Status colours: red = alert (past the warning line); amber = monthly at_risk, or at year
// end a KPI worse than last year or near its line; green = otherwise for KPIs with a
// direction. Risks: KPIs past their line (farthest first), then those nearest their line,
// then stretch targets (largest ask against the achievable first).
Overview build_overview(const Summary& summary);

// Reader-facing text of a value in the KPI's unit: "79.6 %", "66,389", "11.9",
// "122.5 min" / "122.5 分钟". "n/a" / "不适用" for none.
std::string format_kpi_value(std::optional<double> value, const KpiInfo& info, Lang lang);
// A change: rates in percentage points ("+4.4 pp" / "+4.4 个百分点"), NPS in points
// ("+7.6 pts" / "+7.6 分"), the rest in their unit with a sign.
std::string format_kpi_change(std::optional<double> change, const KpiInfo& info, Lang lang);
// "▁▂▅▇" from the months with a value; empty when none has one.
std::string sparkline(const std::array<std::optional<double>, 12>& months);
// "Year-end KPIs 2026: what to read first" and "Compared with 2025; data as of …. 7 KPI(s)
// past their warning line.", the first two lines of the sheet and of the mail.
std::string overview_title(const Summary& summary, Lang lang);
// The Overview's column headers from its value columns on, as the sheet and the mail show
// them: the period's value (monthly: the month, then the year to date) — with
// `with_previous`, the span it is compared with goes before it — then change, target,
// warning line, status and trend.
std::vector<std::string> overview_value_headers(const ReportInfo& report, const Overview& overview, Lang lang,
                                                bool with_previous);
std::string overview_subtitle(const Summary& summary, const Overview& overview, Lang lang);
// One sentence for a risk, in the report's language.
std::string risk_text(const OverviewRisk& risk, Lang lang);

}  // namespace cskpi
