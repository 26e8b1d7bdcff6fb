#include "report/xlsx/xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>

#include "core/errors.hpp"

namespace cskpi::xlsx {

namespace {

constexpr std::uint32_t header_band = 0xDDE5F0;
constexpr std::uint32_t input_fill = 0xFFF2CC;

// Width of a number cell as Excel shows it; close enough for fitting columns.
// The literal text a number format adds to every value of its first section: quoted
// strings and backslash-escaped characters ("+0.0 \"pp\"", "0.0 \"个百分点\"").
std::string format_literals(std::string_view num_format) {
    std::string out;
    bool quoted = false;
    for (std::size_t i = 0; i < num_format.size(); ++i) {
        const char c = num_format[i];
        if (c == '"') quoted = !quoted;
        else if (quoted) out += c;
        else if (c == '\\' && i + 1 < num_format.size()) out += num_format[++i];
        else if (c == ';') break;
    }
    return out;
}

double number_width(double value, std::string_view num_format) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    double width = static_cast<double>(std::string_view(text).size());
    if (num_format.find(',') != std::string_view::npos) width += width / 3;
    return width + display_width(format_literals(num_format));  // declared in xlsx.hpp
}

}  // namespace

std::string cell_ref(Row row, Col col, bool absolute_row, bool absolute_col) {
    std::string letters;
    for (unsigned n = col + 1u; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), char('A' + (n - 1) % 26));
    return (absolute_col ? "$" : "") + letters + (absolute_row ? "$" : "") + std::to_string(row + 1);
}

std::string quoted_sheet(std::string_view sheet) {
    std::string out = "'";
    for (char c : sheet) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string range_ref(std::string_view sheet, Row first_row, Col first_col, Row last_row, Col last_col) {
    return "=" + quoted_sheet(sheet) + "!" + cell_ref(first_row, first_col, true, true) + ":" +
           cell_ref(last_row, last_col, true, true);
}

double display_width(std::string_view utf8) {
    double width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        char32_t cp = lead;
        std::size_t len = 1;
        if (lead >= 0xF0) len = 4, cp = lead & 0x07;
        else if (lead >= 0xE0) len = 3, cp = lead & 0x0F;
        else if (lead >= 0xC0) len = 2, cp = lead & 0x1F;
        for (std::size_t k = 1; k < len && i + k < utf8.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        i += len;
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        width += wide ? 2 : 1;
    }
    return width;
}

// ---- Chart ---------------------------------------------------------------------------

void Chart::set_title(const std::string& title) {
    chart_title_set_name(chart_, title.c_str());
}

void Chart::add_series(const std::string& name, const std::string& categories, const std::string& values) {
    lxw_chart_series* series = chart_add_series(chart_, categories.c_str(), values.c_str());
    if (series) chart_series_set_name(series, name.c_str());
}

void Chart::set_value_format(const std::string& num_format) {
    chart_axis_set_num_format(chart_->y_axis, num_format.c_str());
}

void Chart::set_axis_titles(const std::string& x_title, const std::string& y_title) {
    chart_axis_set_name(chart_->x_axis, x_title.c_str());
    chart_axis_set_name(chart_->y_axis, y_title.c_str());
}

void Chart::add_reference_line(const std::string& name, const std::string& categories, const std::string& values) {
    lxw_chart_series* series = chart_add_series(chart_, categories.c_str(), values.c_str());
    if (!series) return;
    chart_series_set_name(series, name.c_str());
    lxw_chart_line line{};
    line.color = 0xC00000;
    line.dash_type = LXW_CHART_LINE_DASH_DASH;
    line.width = 1.25;
    chart_series_set_line(series, &line);
}

void Chart::make_compact() {
    chart_title_off(chart_);
    chart_legend_set_position(chart_, LXW_CHART_LEGEND_NONE);
    chart_axis_off(chart_->x_axis);
    chart_axis_off(chart_->y_axis);
    chart_axis_major_gridlines_set_visible(chart_->y_axis, LXW_FALSE);
}

// ---- Worksheet -----------------------------------------------------------------------

void Worksheet::check(int error, Row row, Col col, std::string_view what) const {
    if (error == LXW_NO_ERROR) return;
    book_.fail(name_ + "!" + cell_ref(row, col) + ": " + std::string(what), error);
}

void Worksheet::widen(Col col, double width) {
    auto& w = widths_[col];
    w = std::max(w, width);
}

void Worksheet::write_text(Row row, Col col, std::string_view text, const Style& style) {
    const std::string owned(text);
    check(worksheet_write_string(sheet_, row, col, owned.c_str(), book_.format(style)), row, col, "text");
    // Titles and notes run on into empty neighbours; wrapped headers may break onto two
    // lines; the body decides the width.
    if (style.role == Role::title || style.role == Role::note) return;
    widen(col, style.role == Role::header ? std::min(display_width(text), 14.0) : display_width(text));
}

void Worksheet::write_number(Row row, Col col, double value, const Style& style) {
    check(worksheet_write_number(sheet_, row, col, value, book_.format(style)), row, col, "number");
    widen(col, number_width(value, style.num_format));
}

void Worksheet::write_formula(Row row, Col col, const std::string& formula, double cached, const Style& style) {
    check(worksheet_write_formula_num(sheet_, row, col, formula.c_str(), book_.format(style), cached), row, col,
          "formula " + formula);
    widen(col, number_width(cached, style.num_format));
}

void Worksheet::write_formula_text(Row row, Col col, const std::string& formula, const std::string& cached,
                                   const Style& style) {
    check(worksheet_write_formula_str(sheet_, row, col, formula.c_str(), book_.format(style), cached.c_str()),
          row, col, "formula " + formula);
    widen(col, display_width(cached));
}

void Worksheet::write_blank(Row row, Col col, const Style& style) {
    check(worksheet_write_blank(sheet_, row, col, book_.format(style)), row, col, "blank");
}

void Worksheet::freeze(Row rows, Col cols) {
    worksheet_freeze_panes(sheet_, rows, cols);
}

void Worksheet::autofilter(Row first_row, Col first_col, Row last_row, Col last_col) {
    check(worksheet_autofilter(sheet_, first_row, first_col, last_row, last_col), first_row, first_col,
          "autofilter");
}

void Worksheet::set_width(Col col, double width) {
    check(worksheet_set_column(sheet_, col, col, width, nullptr), 0, col, "column width");
}

void Worksheet::fit_columns(double max_width) {
    for (const auto& [col, width] : widths_) set_width(col, std::clamp(width + 2, 8.0, max_width));
}

void Worksheet::landscape_one_page_wide() {
    worksheet_set_landscape(sheet_);
    worksheet_set_paper(sheet_, 9);  // A4
    worksheet_fit_to_pages(sheet_, 1, 0);
}

void Worksheet::print_setup(Row repeat_first, Row repeat_last, bool one_page) {
    worksheet_set_landscape(sheet_);
    worksheet_set_paper(sheet_, 9);  // A4
    worksheet_fit_to_pages(sheet_, 1, one_page ? 1 : 0);
    worksheet_set_margins(sheet_, 0.4, 0.4, 0.5, 0.6);
    check(worksheet_repeat_rows(sheet_, repeat_first, repeat_last), repeat_first, 0, "repeated rows");
    if (!book_.page_footer().empty()) {
        lxw_header_footer_options options{};
        options.margin = 0.25;
        check(worksheet_set_footer_opt(sheet_, book_.page_footer().c_str(), &options), 0, 0, "footer");
    }
}

void Worksheet::set_print_area(Row first_row, Col first_col, Row last_row, Col last_col) {
    check(worksheet_print_area(sheet_, first_row, first_col, last_row, last_col), first_row, first_col,
          "print area");
}

void Worksheet::set_row_height(Row row, double points) {
    check(worksheet_set_row(sheet_, row, points, nullptr), row, 0, "row height");
}

void Worksheet::validate_decimal(Row first_row, Col col, Row last_row, double min, double max,
                                 const std::string& title, const std::string& message) {
    lxw_data_validation v{};
    v.validate = LXW_VALIDATION_TYPE_DECIMAL;
    v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v.minimum_number = min;
    v.maximum_number = max;
    add_validation(v, first_row, col, last_row, title, message);
}

// The same title and message on the input prompt and on the error of a validation.
void Worksheet::add_validation(lxw_data_validation& v, Row first_row, Col col, Row last_row,
                               const std::string& title, const std::string& message) {
    v.ignore_blank = LXW_VALIDATION_ON;
    std::string t = title, m = message;
    v.input_title = t.data();
    v.input_message = m.data();
    v.error_title = t.data();
    v.error_message = m.data();
    check(worksheet_data_validation_range(sheet_, first_row, col, last_row, col, &v), first_row, col,
          "data validation");
}

void Worksheet::validate_list(Row first_row, Col col, Row last_row, const std::vector<std::string>& values,
                              const std::string& title, const std::string& message) {
    std::vector<std::string> owned(values);
    std::vector<char*> list;
    for (auto& s : owned) list.push_back(s.data());
    list.push_back(nullptr);
    lxw_data_validation v{};
    v.validate = LXW_VALIDATION_TYPE_LIST;
    v.value_list = list.data();
    add_validation(v, first_row, col, last_row, title, message);
}

void Worksheet::highlight_text(Row first_row, Col first_col, Row last_row, Col last_col, const std::string& text,
                               const Style& style) {
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    std::string quoted = "\"" + text + "\"";
    cf.value_string = quoted.data();
    cf.format = book_.format(style);
    check(worksheet_conditional_format_range(sheet_, first_row, first_col, last_row, last_col, &cf), first_row,
          first_col, "conditional format");
}

void Worksheet::color_scale(Row first_row, Col first_col, Row last_row, Col last_col) {
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
    cf.min_color = 0xFFFFFF;
    cf.mid_color = 0xFFD966;
    cf.max_color = 0xE06666;
    check(worksheet_conditional_format_range(sheet_, first_row, first_col, last_row, last_col, &cf), first_row,
          first_col, "colour scale");
}

void Worksheet::protect_except_inputs() {
    lxw_protection options{};
    options.autofilter = 1;
    options.sort = 1;
    options.format_columns = 1;
    options.format_rows = 1;
    worksheet_protect(sheet_, nullptr, &options);
}

void Worksheet::insert_chart(Row row, Col col, const Chart& chart, double x_scale, double y_scale) {
    lxw_chart_options options{};
    options.x_scale = x_scale;
    options.y_scale = y_scale;
    check(worksheet_insert_chart_opt(sheet_, row, col, chart.chart_, &options), row, col, "chart");
}

// ---- Workbook ------------------------------------------------------------------------

Workbook::Workbook(const std::filesystem::path& file, std::string shown_as)
    : book_(workbook_new(file.c_str())), shown_as_(std::move(shown_as)) {
    if (!book_) throw OutputError("cannot start workbook " + shown_as_ + ": out of memory");
}

Workbook::~Workbook() {
    if (book_) workbook_close(book_);
}

void Workbook::fail(const std::string& what, int error) const {
    throw OutputError("cannot write workbook " + shown_as_ + ": " + what + ": " +
                      lxw_strerror(static_cast<lxw_error>(error)));
}

Worksheet& Workbook::add_worksheet(const std::string& name) {
    const lxw_error valid = workbook_validate_sheet_name(book_, name.c_str());
    if (valid != LXW_NO_ERROR) fail("sheet name '" + name + "'", valid);
    lxw_worksheet* sheet = workbook_add_worksheet(book_, name.c_str());
    if (!sheet) fail("sheet '" + name + "'", LXW_ERROR_MEMORY_MALLOC_FAILED);
    sheets_.push_back(Worksheet(*this, sheet, name));
    return sheets_.back();
}

Chart Workbook::add_line_chart() {
    lxw_chart* chart = workbook_add_chart(book_, LXW_CHART_LINE);
    if (!chart) fail("line chart", LXW_ERROR_MEMORY_MALLOC_FAILED);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    return Chart(chart);
}

void Workbook::set_properties(const DocumentProperties& p) {
    DocumentProperties copy = p;  // libxlsxwriter takes char*, not const char*
    lxw_doc_properties props{};
    props.title = copy.title.data();
    props.subject = copy.subject.data();
    props.author = copy.author.data();
    props.company = copy.company.data();
    props.keywords = copy.keywords.data();
    props.comments = copy.comments.data();
    props.created = static_cast<time_t>(p.created);
    lxw_error error = workbook_set_properties(book_, &props);
    if (error != LXW_NO_ERROR) fail("document properties", error);
    for (const auto& [name, value] : p.custom) {
        error = workbook_set_custom_property_string(book_, name.c_str(), value.c_str());
        if (error != LXW_NO_ERROR) fail("document property " + name, error);
    }
}

lxw_format* Workbook::format(const Style& style) {
    if (style == Style{}) return nullptr;
    auto found = formats_.find(style);
    if (found != formats_.end()) return found->second;
    lxw_format* f = workbook_add_format(book_);
    if (!f) fail("cell format", LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (!style.num_format.empty()) format_set_num_format(f, style.num_format.c_str());
    if (style.bold) format_set_bold(f);
    if (style.wrap) format_set_text_wrap(f);
    if (style.font_color) format_set_font_color(f, style.font_color);
    if (style.bg_color) format_set_bg_color(f, style.bg_color);
    switch (style.role) {
        case Role::title:
            format_set_bold(f);
            format_set_font_size(f, 13);
            break;
        case Role::header:
            format_set_bold(f);
            format_set_text_wrap(f);
            format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
            format_set_bg_color(f, header_band);
            format_set_bottom(f, LXW_BORDER_THIN);
            break;
        case Role::input:
            format_set_unlocked(f);
            format_set_bg_color(f, input_fill);
            format_set_border(f, LXW_BORDER_THIN);
            format_set_border_color(f, 0xBFBFBF);
            break;
        case Role::body:
        case Role::note: break;
    }
    formats_.emplace(style, f);
    return f;
}

void Workbook::close() {
    lxw_workbook* book = book_;
    book_ = nullptr;
    const lxw_error error = workbook_close(book);
    if (error != LXW_NO_ERROR) fail("saving", error);
}

}  // namespace cskpi::xlsx
