#pragma once
// A small RAII layer over libxlsxwriter: the only code that calls lxw_* functions.
// Every libxlsxwriter error becomes an OutputError naming the workbook, sheet and cell.
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;
struct lxw_chart;
struct lxw_data_validation;

namespace cskpi::xlsx {

using Row = std::uint32_t;
using Col = std::uint16_t;

// How a cell looks. The workbook keeps one lxw_format per distinct Style.
enum class Role {
    body,
    title,   // sheet title line; runs on to the right like a note
    header,  // the one header style: bold on a tinted band, wrapped
    input,   // the one input style: unlocked, pale yellow, for cells people edit
    note,    // a sentence that runs on into the empty cells to its right: does not widen its column
};

struct Style {
    Role role = Role::body;
    std::string num_format;        // empty = General
    std::uint32_t font_color = 0;  // 0x RRGGBB, 0 = default
    std::uint32_t bg_color = 0;    // 0 = none
    bool bold = false;
    bool wrap = false;
    auto operator<=>(const Style&) const = default;
};

// "A1"-style reference; absolute parts get a '$'.
std::string cell_ref(Row row, Col col, bool absolute_row = false, bool absolute_col = false);
// 'Sheet name'!$A$1:$B$2 for charts and cross-sheet formulas.
std::string range_ref(std::string_view sheet, Row first_row, Col first_col, Row last_row, Col last_col);
std::string quoted_sheet(std::string_view sheet);  // 'Targets 2027'
// Columns a text needs on screen: East Asian wide characters count double.
double display_width(std::string_view utf8);

class Workbook;

class Chart {
public:
    void set_title(const std::string& title);
    void add_series(const std::string& name, const std::string& categories, const std::string& values);
    void set_value_format(const std::string& num_format);
    void set_axis_titles(const std::string& x_title, const std::string& y_title);
    // A dashed red series, e.g. a target repeated over the months.
    void add_reference_line(const std::string& name, const std::string& categories, const std::string& values);
    // Small multiple in a table row: no title, legend, axis labels or gridlines.
    void make_compact();

private:
    friend class Workbook;
    friend class Worksheet;
    explicit Chart(lxw_chart* chart) : chart_(chart) {}
    lxw_chart* chart_;  // owned by the workbook
};

class Worksheet {
public:
    const std::string& name() const { return name_; }

    // Always a string cell: export text such as "=1+1" or "@SUM(A1)" never becomes a formula.
    void write_text(Row row, Col col, std::string_view text, const Style& style = {});
    void write_number(Row row, Col col, double value, const Style& style = {});
    // A formula with the value Excel would compute, so viewers that do not recalculate
    // (mail previews) show the right number.
    void write_formula(Row row, Col col, const std::string& formula, double cached, const Style& style = {});
    void write_formula_text(Row row, Col col, const std::string& formula, const std::string& cached,
                            const Style& style = {});
    void write_blank(Row row, Col col, const Style& style = {});

    void freeze(Row rows, Col cols);
    void autofilter(Row first_row, Col first_col, Row last_row, Col last_col);
    void set_width(Col col, double width);
    void fit_columns(double max_width = 60);  // from the widest text written per column
    void landscape_one_page_wide();
    // Print setup of a reader-facing sheet: landscape A4, one page wide (and tall when
    // `one_page`), rows repeat_first..repeat_last repeated on every page, the workbook's footer.
    void print_setup(Row repeat_first, Row repeat_last, bool one_page = false);
    void set_print_area(Row first_row, Col first_col, Row last_row, Col last_col);
    void set_row_height(Row row, double points);

    // Data validation on a single-column range.
    void validate_decimal(Row first_row, Col col, Row last_row, double min, double max,
                          const std::string& title, const std::string& message);
    void validate_list(Row first_row, Col col, Row last_row, const std::vector<std::string>& values,
                       const std::string& title, const std::string& message);
    // Conditional format: cells equal to `text` take `style`.
    void highlight_text(Row first_row, Col first_col, Row last_row, Col last_col, const std::string& text,
                        const Style& style);
    // Conditional format: a white-to-red colour scale over the range (heatmaps).
    void color_scale(Row first_row, Col first_col, Row last_row, Col last_col);
    // Locks every cell but Role::input ones; filtering and sorting stay allowed.
    void protect_except_inputs();
    void insert_chart(Row row, Col col, const Chart& chart, double x_scale = 1.0, double y_scale = 1.0);

private:
    friend class Workbook;
    Worksheet(Workbook& book, lxw_worksheet* sheet, std::string name)
        : book_(book), sheet_(sheet), name_(std::move(name)) {}
    void check(int error, Row row, Col col, std::string_view what) const;
    void widen(Col col, double width);
    void add_validation(lxw_data_validation& v, Row first_row, Col col, Row last_row, const std::string& title,
                        const std::string& message);

    Workbook& book_;
    lxw_worksheet* sheet_;  // owned by the workbook
    std::string name_;
    std::map<Col, double> widths_;
};

struct DocumentProperties {
    std::string title, subject, author, company, keywords, comments;
    std::vector<std::pair<std::string, std::string>> custom;  // shown under File > Properties > Custom
    // Creation time, seconds since the epoch; 0 = now. A fixed time makes the same numbers
    // give a byte-identical file (the mail ledger compares workbooks by their sha256).
    std::int64_t created = 0;
};

class Workbook {
public:
    // `file` is where libxlsxwriter writes (a temporary path); `shown_as` names the
    // workbook in error messages.
    Workbook(const std::filesystem::path& file, std::string shown_as);
    ~Workbook();  // closes an unclosed workbook, ignoring errors (an exception is on its way)
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    Worksheet& add_worksheet(const std::string& name);
    Chart add_line_chart();
    void set_properties(const DocumentProperties& properties);
    // Footer of every printed page (libxlsxwriter codes: &P page, &N pages, &L/&C/&R).
    void set_page_footer(std::string footer) { page_footer_ = std::move(footer); }
    const std::string& page_footer() const { return page_footer_; }
    void close();  // writes the file; throws OutputError

private:
    friend class Worksheet;
    lxw_format* format(const Style& style);
    [[noreturn]] void fail(const std::string& what, int error) const;

    lxw_workbook* book_;
    std::string shown_as_;
    std::deque<Worksheet> sheets_;  // deque: references stay valid as sheets are added
    std::map<Style, lxw_format*> formats_;
    std::string page_footer_;
};

}  // namespace cskpi::xlsx
