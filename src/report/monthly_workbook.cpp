#include "report/monthly_workbook.hpp"

#include <cstdio>
#include <optional>

#include "core/atomic_file.hpp"
#include "core/timestamp.hpp"
#include "report/overview_sheet.hpp"
#include "targets/tracking.hpp"

namespace cskpi {

namespace {

using namespace sheets;
using xlsx::Role;

std::string month_key(int year, int month) {
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02d", year, month);
    return key;
}

// Seconds since the epoch of an ISO 8601 time with offset; 0 when it does not parse.
std::int64_t epoch_seconds(const std::string& iso) {
    const auto parsed = parse_timestamp(iso);
    if (!parsed || !parsed->has_offset) return 0;
    return (parsed->wall - Millis(parsed->offset_minutes) * kMsPerMinute) / 1000;
}

namespace col {
constexpr Col id = 0, name = 1, unit = 2, month = 3, same_month = 4, ytd = 5, previous_ytd = 6, target = 7,
              milestone = 8, warning = 9, status = 10;
}

// Returns the row after the block.
Row write_alerts_block(Worksheet& sheet, const Summary& summary, Lang lang, Row row) {
    sheet.write_text(row++, 0, fill(tr("title.alerts", lang), "period", summary.report.period), title_style);
    write_headers(sheet, row++,
                  {tr("col.kpi_id", lang), tr("col.kpi", lang), tr("col.unit", lang),
                   fill(tr("col.judged_value", lang), "period", summary.report.period), tr("col.warning", lang),
                   tr("col.direction", lang)});
    const auto alerts = alert_kpis(summary);
    if (alerts.empty()) sheet.write_text(row++, 0, tr("no_alerts", lang));
    for (const KpiComparison* k : alerts) {
        const KpiInfo& info = *k->info;
        const Style value_style = kpi_style(info);
        sheet.write_text(row, 0, info.id, bad_style);
        sheet.write_text(row, 1, kpi_name(info.id, lang), bad_style);
        sheet.write_text(row, 2, unit_label(info.unit, lang));
        // The value the line judged: the month, or for attrition the annualized year to date.
        std::optional<double> judged = k->current.value;
        if (judged_on_year_to_date(info.id)) {
            const auto i = static_cast<std::size_t>(k - summary.kpis.data());
            judged = judged_ytd_value(info, summary.report.month, (*summary.ytd)[i].current.value);
        }
        write_optional(sheet, row, 3, judged, value_style, lang);
        write_optional(sheet, row, 4, k->target->warning, value_style, lang);
        sheet.write_text(row, 5, direction_label(info.direction, lang));
        ++row;
    }
    return row;
}

void write_tracking_sheet(xlsx::Workbook& book, const Summary& summary, Lang lang) {
    const ReportInfo& report = summary.report;
    const int year = report_year(report);
    const int quarter = quarter_of_month(report.month);
    Worksheet& sheet = book.add_worksheet(tr("sheet.tracking", lang));
    sheet.write_text(0, 0,
                     fill(fill(fill(tr("title.tracking", lang), "period", report.period), "previous",
                               report.previous_period),
                          "year", std::to_string(year)),
                     title_style);

    Row row = write_alerts_block(sheet, summary, lang, 2) + 1;
    const Row header = row++;
    write_headers(sheet, header,
                  {tr("col.kpi_id", lang), tr("col.kpi", lang), tr("col.unit", lang),
                   fill(tr("col.month_value", lang), "period", report.period),
                   fill(tr("col.month_value", lang), "period", report.previous_period),
                   fill(tr("col.ytd", lang), "year", std::to_string(year)),
                   fill(tr("col.ytd", lang), "year", std::to_string(year - 1)),
                   fill(tr("col.target", lang), "year", std::to_string(year)),
                   fill(tr("col.milestone", lang), "quarter", std::to_string(quarter)), tr("col.warning", lang),
                   tr("col.status", lang)});
    const std::vector<KpiComparison>& ytd = *summary.ytd;
    for (std::size_t i = 0; i < summary.kpis.size(); ++i, ++row) {
        const KpiComparison& month = summary.kpis[i];
        const KpiComparison& to_date = ytd[i];
        const KpiInfo& info = *month.info;
        const Style value_style = kpi_style(info);
        sheet.write_text(row, col::id, info.id);
        sheet.write_text(row, col::name, kpi_name(info.id, lang));
        sheet.write_text(row, col::unit, unit_label(info.unit, lang));
        write_optional(sheet, row, col::month, month.current.value, value_style, lang);
        write_optional(sheet, row, col::same_month, month.previous.value, value_style, lang);
        write_optional(sheet, row, col::ytd, to_date.current.value, value_style, lang);
        write_optional(sheet, row, col::previous_ytd, to_date.previous.value, value_style, lang);
        if (month.target) {
            const TargetPlan& plan = *month.target;
            sheet.write_number(row, col::target, plan.value, value_style);
            sheet.write_number(row, col::milestone, plan.milestones[static_cast<std::size_t>(quarter - 1)],
                               value_style);
            if (plan.warning) sheet.write_number(row, col::warning, *plan.warning, value_style);
        }
        if (!month.status.empty()) sheet.write_text(row, col::status, tr("status." + month.status, lang));
    }
    const Row last = row - 1;
    sheet.highlight_text(header + 1, col::status, last, col::status, tr("status.on_track", lang), good_style);
    sheet.highlight_text(header + 1, col::status, last, col::status, tr("status.at_risk", lang), caution_style);
    sheet.highlight_text(header + 1, col::status, last, col::status, tr("status.alert", lang), bad_style);
    sheet.autofilter(header, 0, last, col::status);
    sheet.fit_columns();
    sheet.print_setup(header, header);
}

}  // namespace

MonthlyTrend merge_trend(const Summary& summary, const MonthlySeries& history) {
    MonthlyTrend trend{summary.monthly, {}};
    const int year = report_year(summary.report);
    const auto volume = summary.monthly.find("tickets.volume");
    for (const auto& [kpi_id, stored] : history) {
        const KpiInfo* info = find_kpi(kpi_id);
        if (!info || !info->has_monthly) continue;
        auto& series = trend.series[kpi_id];
        for (int y : {year - 1, year}) {
            for (int m = 1; m <= (y == year ? summary.report.month : 12); ++m) {
                const std::string key = month_key(y, m);
                const auto saved = stored.find(key);
                if (saved == stored.end() || !saved->second) continue;
                std::optional<double> tickets;
                if (volume != summary.monthly.end())
                    if (const auto v = volume->second.find(key); v != volume->second.end()) tickets = v->second;
                const bool covered = tickets && *tickets > 0;
                auto& value = series[key];
                if (covered && value) continue;
                value = saved->second;
                trend.from_history[kpi_id].insert(key);
            }
        }
    }
    return trend;
}

void write_monthly_workbook(const Summary& summary, const MonthlyTrend& trend, const WorkbookOptions& options) {
    const Lang lang = parse_lang(options.lang);
    const ReportInfo& report = summary.report;
    if (!summary.ytd || report.month < 1 || report.month > 12)
        throw std::logic_error("write_monthly_workbook needs a monthly summary");

    std::optional<AtomicFile> own_staging;
    if (options.staged_file.empty()) own_staging.emplace(options.path);
    xlsx::Workbook book(own_staging ? own_staging->temp_path() : options.staged_file, options.path.string());

    xlsx::DocumentProperties properties;
    properties.title = fill(tr("title.workbook", lang), "period", report.period);
    properties.subject =
        fill(fill(tr("title.monthly_subject", lang), "period", report.period), "previous", report.previous_period);
    properties.author = "cskpi " CSKPI_VERSION;
    properties.keywords = "KPI, " + report.period;
    // No generation time: a rerun on the same data must give the same bytes.
    properties.comments = fill(fill(tr("doc.comments_monthly", lang), "period", report.period), "as_of", report.as_of);
    properties.created = epoch_seconds(report.as_of);
    properties.custom = {{tr("prop.period", lang), report.period},
                         {tr("prop.previous_period", lang), report.previous_period},
                         {tr("prop.as_of", lang), report.as_of},
                         {tr("prop.language", lang), std::string(lang_code(lang))}};
    book.set_properties(properties);

    book.set_page_footer(page_footer(summary, lang));
    write_overview_sheet(book, summary, build_overview(summary), lang);
    write_tracking_sheet(book, summary, lang);
    std::map<std::string, double> targets;
    // Attrition's monthly values are monthly rates: an annual target line would mislead there.
    for (const auto& k : summary.kpis)
        if (k.info && k.target && !judged_on_year_to_date(k.info->id))
            targets[std::string(k.info->id)] = k.target->value;
    write_trend_sheet(book, {trend.series, report_year(report), &trend.from_history, &targets}, lang);
    write_quality_sheet(book, summary.sources, lang);
    write_definitions_sheet(book, summary.settings, lang);

    book.close();
    if (own_staging) own_staging->commit();
}

}  // namespace cskpi
