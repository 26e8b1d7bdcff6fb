#include "report/workbook_sheets.hpp"

#include <algorithm>
#include <cstdio>

namespace cskpi::sheets {

using xlsx::Role;

namespace {

// Export text (team names, reject details, locations) is cut to this many bytes on the
// sheets: Excel refuses cells over 32767 characters and long cells help nobody.
constexpr std::size_t max_export_text = 1000;

}  // namespace

Style role_style(Role role, std::string num_format) {
    Style s;
    s.role = role;
    s.num_format = std::move(num_format);
    return s;
}

Style format_style(std::string num_format) {
    return role_style(Role::body, std::move(num_format));
}

Style colored(std::uint32_t font, std::uint32_t fill) {
    Style s;
    s.font_color = font;
    s.bg_color = fill;
    return s;
}

Style bold_if(bool bold) {
    Style s;
    s.bold = bold;
    return s;
}

const Style title_style = role_style(Role::title);
const Style header_style = role_style(Role::header);
const Style wrap_style = [] {
    Style s;
    s.wrap = true;
    return s;
}();
const Style note_style = role_style(Role::note);
const Style good_style = colored(0x006100, 0xC6EFCE);
const Style caution_style = colored(0x9C5700, 0xFFEB9C);
const Style bad_style = colored(0x9C0006, 0xFFC7CE);

std::string unit_format(Unit unit) {
    switch (unit) {
        case Unit::ratio: return "0.0%";
        case Unit::count: return "#,##0";
        default: return "#,##0.0";
    }
}

Style number_style(Unit unit, Role role) {
    return role_style(role, unit_format(unit));
}

std::string kpi_format(const KpiInfo& info) {
    // An average of half-months: 11.9 agents, not 12.
    if (info.id == "staff.avg_headcount") return "#,##0.0";
    return unit_format(info.unit);
}

Style kpi_style(const KpiInfo& info, Role role) {
    return role_style(role, kpi_format(info));
}

double change_cell_value(const KpiInfo& info, double change) {
    return info.unit == Unit::ratio ? change * 100 : change;
}

Style change_style(const KpiInfo& info, Lang lang) {
    const auto with_word = [](const std::string& number, const std::string& word) {
        const std::string w = "\" " + word + "\"";
        return "+" + number + w + ";-" + number + w + ";" + number + w;
    };
    switch (info.unit) {
        case Unit::ratio: return format_style(with_word("0.0", tr("unit.pp", lang)));
        case Unit::score: return format_style(with_word("0.0", tr("unit.points", lang)));
        default: {
            const std::string f = kpi_format(info);
            return format_style("+" + f + ";-" + f + ";" + f);
        }
    }
}

std::string unit_label(Unit unit, Lang lang) {
    static const std::map<Unit, std::string_view> keys = {
        {Unit::count, "unit.count"},     {Unit::ratio, "unit.ratio"}, {Unit::minutes, "unit.minutes"},
        {Unit::hours, "unit.hours"},     {Unit::seconds, "unit.seconds"}, {Unit::score, "unit.score"}};
    return tr(keys.at(unit), lang);
}

std::string dimension_label(Dimension d, Lang lang) {
    return tr("dimension." + std::string(to_string(d)), lang);
}

std::string direction_label(Direction d, Lang lang) {
    return tr("direction." + std::string(to_string(d)), lang);
}

// Cuts at a UTF-8 character boundary and marks the cut.
std::string clip(std::string_view text) {
    if (text.size() <= max_export_text) return std::string(text);
    std::size_t end = max_export_text;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "…";
}

bool is_headline(std::string_view id) {
    return std::find(headline_kpis.begin(), headline_kpis.end(), id) != headline_kpis.end();
}

std::string month_label(int month, Lang lang) {
    static const std::array<std::string_view, 12> names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return lang == Lang::zh_cn ? std::to_string(month) + "月" : std::string(names[month - 1]);
}

void write_optional(Worksheet& sheet, Row row, Col col, const std::optional<double>& value, const Style& style,
                    Lang lang) {
    if (value) sheet.write_number(row, col, *value, style);
    else sheet.write_text(row, col, tr("na", lang));
}

void write_headers(Worksheet& sheet, Row row, const std::vector<std::string>& headers) {
    for (Col c = 0; c < headers.size(); ++c) sheet.write_text(row, c, headers[c], header_style);
}

void finish(Worksheet& sheet, Row frozen_rows, Col frozen_cols) {
    sheet.freeze(frozen_rows, frozen_cols);
    sheet.fit_columns();
    // The title and header rows frozen on screen repeat on every printed page.
    sheet.print_setup(0, frozen_rows > 0 ? frozen_rows - 1 : 0);
}

// ---- Trend by month ------------------------------------------------------------------

void write_trend_sheet(xlsx::Workbook& book, const TrendInput& input, Lang lang) {
    Worksheet& sheet = book.add_worksheet(tr("sheet.monthly", lang));
    const std::string current_year = std::to_string(input.year), previous_year = std::to_string(input.year - 1);
    const bool show_source = input.from_history != nullptr;
    sheet.write_text(0, 0,
                     fill(fill(tr("title.monthly", lang), "period", current_year), "previous", previous_year),
                     title_style);
    std::vector<std::string> headers = {tr("col.kpi_id", lang), tr("col.kpi", lang), tr("col.month", lang),
                                        previous_year, current_year, tr("col.change", lang)};
    if (show_source) headers.push_back(tr("col.from_history", lang));
    const bool show_target = input.targets != nullptr;
    const Col target_col = show_source ? 7 : 6;
    if (show_target) headers.push_back(fill(tr("col.target", lang), "year", current_year));
    write_headers(sheet, 1, headers);
    const Col last_col = show_target ? target_col : show_source ? 6 : 5;

    std::map<std::string_view, Row> first_rows;
    Row row = 2;
    for (const auto& info : kpi_catalog()) {
        const auto series = input.series.find(std::string(info.id));
        if (!info.has_monthly || series == input.series.end()) continue;
        first_rows[info.id] = row;
        const Style value_style = kpi_style(info);
        const std::set<std::string>* history_months = nullptr;
        if (show_source)
            if (const auto found = input.from_history->find(std::string(info.id)); found != input.from_history->end())
                history_months = &found->second;
        for (int month = 1; month <= 12; ++month, ++row) {
            char suffix[4];
            std::snprintf(suffix, sizeof suffix, "-%02d", month);
            const auto value_of = [&](const std::string& year) -> std::optional<double> {
                const auto found = series->second.find(year + suffix);
                return found == series->second.end() ? std::nullopt : found->second;
            };
            const auto previous = value_of(previous_year), current = value_of(current_year);
            sheet.write_text(row, 0, info.id);
            sheet.write_text(row, 1, kpi_name(info.id, lang));
            sheet.write_text(row, 2, month_label(month, lang));
            // Blank, not n/a, so the charts show a gap instead of a zero.
            if (previous) sheet.write_number(row, 3, *previous, value_style);
            if (current) sheet.write_number(row, 4, *current, value_style);
            if (previous && current) sheet.write_number(row, 5, *current - *previous, value_style);
            if (show_target)
                if (const auto t = input.targets->find(std::string(info.id)); t != input.targets->end())
                    sheet.write_number(row, target_col, t->second, value_style);
            if (history_months) {
                std::string years;
                for (const std::string& year : {previous_year, current_year})
                    if (history_months->count(year + suffix)) years += (years.empty() ? "" : ", ") + year;
                if (!years.empty()) sheet.write_text(row, 6, years);
            }
        }
    }
    if (row > 2) sheet.autofilter(1, 0, row - 1, last_col);

    Row chart_row = 1;
    for (std::string_view id : headline_kpis) {
        const auto found = first_rows.find(id);
        if (found == first_rows.end()) continue;
        const Row first = found->second, last = first + 11;
        xlsx::Chart chart = book.add_line_chart();
        chart.set_title(kpi_name(id, lang));
        const std::string months = xlsx::range_ref(sheet.name(), first, 2, last, 2);
        chart.add_series(previous_year, months, xlsx::range_ref(sheet.name(), first, 3, last, 3));
        chart.add_series(current_year, months, xlsx::range_ref(sheet.name(), first, 4, last, 4));
        if (show_target && input.targets->count(std::string(id)))
            chart.add_reference_line(fill(tr("col.target", lang), "year", current_year), months,
                                     xlsx::range_ref(sheet.name(), first, target_col, last, target_col));
        chart.set_value_format(kpi_format(*find_kpi(id)));
        chart.set_axis_titles(tr("col.month", lang), unit_label(find_kpi(id)->unit, lang));
        sheet.insert_chart(chart_row, last_col + 2, chart);
        chart_row += 16;
    }
    finish(sheet, 2, 2);
}

// ---- Data quality --------------------------------------------------------------------

void write_quality_sheet(xlsx::Workbook& book, const std::vector<SourceReport>& sources, Lang lang) {
    Worksheet& sheet = book.add_worksheet(tr("sheet.quality", lang));
    const Style count = format_style("#,##0");
    sheet.write_text(0, 0, tr("title.quality", lang), title_style);
    write_headers(sheet, 1,
                  {tr("col.source", lang), tr("col.uri", lang), tr("col.bytes", lang), tr("col.sha256", lang),
                   tr("col.rows_read", lang), tr("col.rows_accepted", lang), tr("col.rows_rejected", lang),
                   tr("col.out_of_period", lang), tr("col.from_cache", lang)});
    Row row = 2;
    for (const auto& s : sources) {
        sheet.write_text(row, 0, enum_label("source", s.name, lang));
        sheet.write_text(row, 1, clip(s.uri));
        sheet.write_number(row, 2, static_cast<double>(s.bytes), count);
        sheet.write_text(row, 3, s.sha256);
        sheet.write_number(row, 4, static_cast<double>(s.rows_read), count);
        sheet.write_number(row, 5, static_cast<double>(s.rows_accepted), count);
        sheet.write_number(row, 6, static_cast<double>(s.rows_rejected), count);
        sheet.write_number(row, 7, static_cast<double>(s.out_of_period), count);
        sheet.write_text(row, 8, tr(s.from_cache ? "yes" : "no", lang));
        ++row;
    }

    row += 1;
    sheet.write_text(row++, 0, tr("title.rejects", lang), title_style);
    write_headers(sheet, row++, {tr("col.source", lang), tr("col.reason", lang), tr("col.count", lang)});
    for (const auto& s : sources)
        for (const auto& [reason, n] : s.rejects) {
            sheet.write_text(row, 0, enum_label("source", s.name, lang));
            sheet.write_text(row, 1, enum_label("reject", to_string(reason), lang));
            sheet.write_number(row, 2, static_cast<double>(n), count);
            ++row;
        }

    row += 1;
    sheet.write_text(row++, 0, tr("title.samples", lang), title_style);
    const Row samples_header = row;
    write_headers(sheet, row++,
                  {tr("col.source", lang), tr("col.line", lang), tr("col.reason", lang), tr("col.detail", lang)});
    for (const auto& s : sources)
        for (const auto& sample : s.first_rejects) {
            sheet.write_text(row, 0, enum_label("source", s.name, lang));
            sheet.write_number(row, 1, static_cast<double>(sample.line), count);
            sheet.write_text(row, 2, enum_label("reject", to_string(sample.reason), lang));
            sheet.write_text(row, 3, clip(reject_detail_text(sample.detail, lang)));
            ++row;
        }
    sheet.autofilter(samples_header, 0, std::max(row - 1, samples_header), 3);

    // Values no spelling knew (docs/presets.md), with the report-definition line that maps them.
    bool any_unknown = false;
    for (const auto& s : sources) any_unknown = any_unknown || !s.unknown_spellings.empty();
    if (any_unknown) {
        row += 1;
        sheet.write_text(row++, 0, tr("title.unknown_values", lang), title_style);
        write_headers(sheet, row++,
                      {tr("col.source", lang), tr("col.column", lang), tr("col.value_seen", lang),
                       tr("col.rows", lang), tr("col.first_line", lang), tr("col.read_as", lang),
                       tr("col.value_line", lang)});
        for (const auto& s : sources)
            for (const auto& u : s.unknown_spellings) {
                const bool is_column = u.column.find(' ') == std::string::npos;
                sheet.write_text(row, 0, enum_label("source", s.name, lang));
                sheet.write_text(row, 1, clip(u.column));
                sheet.write_text(row, 2, u.spelling.empty() ? tr("unknown.more", lang) : clip(u.spelling));
                sheet.write_number(row, 3, static_cast<double>(u.count), count);
                sheet.write_number(row, 4, static_cast<double>(u.first_line), count);
                sheet.write_text(row, 5, !u.read_as.empty() ? enum_label(u.column, u.read_as, lang)
                                         : is_column        ? tr("unknown.rejected", lang)
                                                            : tr("unknown.not_counted", lang));
                if (is_column && !u.spelling.empty())
                    sheet.write_text(row, 6, clip("value." + u.column + "." + u.spelling + " = "));
                ++row;
            }
    }
    finish(sheet, 2, 1);
}

// ---- Definitions ---------------------------------------------------------------------

void write_definitions_sheet(xlsx::Workbook& book, const std::vector<std::pair<std::string, std::string>>& settings,
                             Lang lang) {
    Worksheet& sheet = book.add_worksheet(tr("sheet.definitions", lang));
    sheet.write_text(0, 0, tr("title.definitions", lang), title_style);
    write_headers(sheet, 1,
                  {tr("col.kpi_id", lang), tr("col.kpi", lang), tr("col.definition", lang),
                   tr("col.direction", lang), tr("col.dimension", lang), tr("col.unit", lang)});
    Row row = 2;
    for (const auto& info : kpi_catalog()) {
        sheet.write_text(row, 0, info.id);
        sheet.write_text(row, 1, kpi_name(info.id, lang));
        sheet.write_text(row, 2, kpi_definition(info.id, lang), wrap_style);
        sheet.write_text(row, 3, direction_label(info.direction, lang));
        sheet.write_text(row, 4, dimension_label(info.dimension, lang));
        sheet.write_text(row, 5, unit_label(info.unit, lang));
        ++row;
    }
    sheet.autofilter(1, 0, row - 1, 5);

    row += 1;
    sheet.write_text(row++, 0, tr("title.settings", lang), title_style);
    write_headers(sheet, row++, {tr("col.setting", lang), tr("col.value", lang)});
    for (const auto& [name, value] : settings) {
        sheet.write_text(row, 0, enum_label("setting", name, lang));
        sheet.write_text(row, 1, clip(value));
        ++row;
    }
    finish(sheet, 2, 1);
}

}  // namespace cskpi::sheets
