#include "report/overview_sheet.hpp"

#include <algorithm>

#include "report/workbook_sheets.hpp"

namespace cskpi {

namespace {

using namespace sheets;
using xlsx::Col;
using xlsx::Row;
using xlsx::Style;

Style rag_style(Rag rag) {
    Style s = rag == Rag::red ? bad_style : rag == Rag::amber ? caution_style : good_style;
    s.bold = true;
    return s;
}

// Where the chart data sits: right of the printed area, one row per KPI row.
constexpr Col chart_data_col = 30;
constexpr double row_height_pt = 30;

}  // namespace

std::string page_footer(const Summary& summary, Lang lang) {
    std::string title = fill(tr("title.workbook", lang), "period", summary.report.period);
    std::string escaped;
    for (char c : title) escaped += c == '&' ? std::string("&&") : std::string(1, c);
    return "&L" + escaped + "&R" + tr("footer.page", lang);
}

void write_overview_sheet(xlsx::Workbook& book, const Summary& summary, const Overview& overview, Lang lang) {
    const ReportInfo& report = summary.report;
    const int year = report_year(report);
    xlsx::Worksheet& sheet = book.add_worksheet(tr("sheet.overview", lang));
    sheet.write_text(0, 0, overview_title(summary, lang), title_style);
    sheet.write_text(1, 0, overview_subtitle(summary, overview, lang), note_style);

    // Columns: the monthly layout adds the month before the year to date.
    std::vector<std::string> headers = {tr("col.dimension", lang), tr("col.kpi", lang), tr("col.unit", lang)};
    for (auto& h : overview_value_headers(report, overview, lang, true)) headers.push_back(std::move(h));
    const Row header = 3;
    write_headers(sheet, header, headers);
    const Col first_value = overview.monthly ? 4 : 3;  // previous span
    const Col change_col = first_value + 2, target_col = change_col + 1, warning_col = change_col + 2,
              status_col = change_col + 3, trend_col = change_col + 4;

    // Month labels above the chart data.
    for (int m = 1; m <= 12; ++m) sheet.write_text(header, chart_data_col + m - 1, month_label(m, lang));

    Row row = header + 1;
    for (const OverviewRow& r : overview.rows) {
        const KpiInfo& info = *r.info;
        const Style value_style = kpi_style(info);
        sheet.set_row_height(row, row_height_pt);
        sheet.write_text(row, 0, dimension_label(info.dimension, lang));
        sheet.write_text(row, 1, kpi_name(info.id, lang), bold_if(true));
        sheet.write_text(row, 2, unit_label(info.unit, lang));
        if (overview.monthly) write_optional(sheet, row, 3, r.month, value_style, lang);
        write_optional(sheet, row, first_value, r.previous, value_style, lang);
        write_optional(sheet, row, first_value + 1, r.value, value_style, lang);
        if (r.change) sheet.write_number(row, change_col, change_cell_value(info, *r.change), change_style(info, lang));
        else sheet.write_text(row, change_col, tr("na", lang));
        if (r.target) {
            Style target_style = value_style;
            if (r.stretch) {
                target_style.font_color = caution_style.font_color;
                target_style.bg_color = caution_style.bg_color;
            }
            sheet.write_number(row, target_col, *r.target, target_style);
        }
        if (r.warning) sheet.write_number(row, warning_col, *r.warning, value_style);
        if (r.rag != Rag::none)
            sheet.write_text(row, status_col, tr("rag." + std::string(to_string(r.rag)), lang), rag_style(r.rag));

        bool any_month = false;
        for (int m = 0; m < 12; ++m)
            if (r.months[static_cast<std::size_t>(m)]) {
                sheet.write_number(row, chart_data_col + m, *r.months[static_cast<std::size_t>(m)], value_style);
                any_month = true;
            }
        if (any_month) {
            xlsx::Chart chart = book.add_line_chart();
            chart.add_series(std::to_string(year), xlsx::range_ref(sheet.name(), header, chart_data_col, header,
                                                                   chart_data_col + 11),
                             xlsx::range_ref(sheet.name(), row, chart_data_col, row, chart_data_col + 11));
            chart.make_compact();
            // A 480 × 288 px chart scaled into a 28-wide column and a 30 pt (40 px) row.
            sheet.insert_chart(row, trend_col, chart, 0.42, 0.135);
        }
        ++row;
    }
    if (overview.monthly && std::any_of(overview.rows.begin(), overview.rows.end(),
                                        [](const OverviewRow& r) { return r.annualized; }))
        sheet.write_text(row++, 0, tr("overview.annualized", lang), note_style);

    row += 1;
    sheet.write_text(row++, 0, tr("overview.risks", lang), title_style);
    if (overview.risks.empty()) sheet.write_text(row++, 0, tr("overview.no_risks", lang), note_style);
    for (const OverviewRisk& risk : overview.risks) {
        const Style marker = risk.kind == RiskKind::past_line ? bad_style : caution_style;
        sheet.write_text(row, 0, tr(risk.kind == RiskKind::past_line ? "rag.red" : "rag.amber", lang), marker);
        sheet.write_text(row, 1, kpi_name(risk.info->id, lang), bold_if(true));
        sheet.write_text(row, 2, risk_text(risk, lang), note_style);
        ++row;
    }
    const Row last_row = row - 1;

    sheet.fit_columns(40);
    sheet.set_width(trend_col, 28);
    sheet.set_print_area(0, 0, last_row, trend_col);
    sheet.print_setup(header, header, true);
}

}  // namespace cskpi
