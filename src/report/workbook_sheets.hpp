#pragma once
// Sheet writers and cell styles the year-end and the monthly workbook share, so both read
// the same way: the per-month trend, data quality and definitions sheets.
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/summary.hpp"
#include "report/i18n.hpp"
#include "report/xlsx/xlsx.hpp"

namespace cskpi::sheets {

using xlsx::Col;
using xlsx::Row;
using xlsx::Style;
using xlsx::Worksheet;

// The KPIs the summary sheets list first and the trend sheet charts.
inline constexpr std::array<std::string_view, 6> headline_kpis = {
    "tickets.volume", "frt.mean_min", "fcr.rate", "csat.rate", "nps.score", "staff.attrition_rate"};

Style role_style(xlsx::Role role, std::string num_format = {});
Style format_style(std::string num_format);
Style colored(std::uint32_t font, std::uint32_t fill);
Style bold_if(bool bold);

extern const Style title_style;
extern const Style header_style;
extern const Style wrap_style;
extern const Style note_style;     // a sentence running on to the right
extern const Style good_style;     // green: better, on track
extern const Style caution_style;  // amber: at risk
extern const Style bad_style;      // red: worse, alert

std::string unit_format(Unit unit);
Style number_style(Unit unit, xlsx::Role role = xlsx::Role::body);
// The KPI's own number format: its unit's, but average headcount keeps one decimal.
std::string kpi_format(const KpiInfo& info);
Style kpi_style(const KpiInfo& info, xlsx::Role role = xlsx::Role::body);
// A change as the sheets show it: rates in percentage points (the fraction × 100, format
// "+4.4 pp"), NPS in points ("+7.6 pts"), other KPIs in their unit with a sign.
double change_cell_value(const KpiInfo& info, double change);
Style change_style(const KpiInfo& info, Lang lang);
std::string unit_label(Unit unit, Lang lang);
std::string dimension_label(Dimension d, Lang lang);
std::string direction_label(Direction d, Lang lang);
bool is_headline(std::string_view id);
// Export text cut for a cell: Excel refuses cells over 32767 characters.
std::string clip(std::string_view text);
// "Jan" | "1月".
std::string month_label(int month, Lang lang);

void write_optional(Worksheet& sheet, Row row, Col col, const std::optional<double>& value, const Style& style,
                    Lang lang);
void write_headers(Worksheet& sheet, Row row, const std::vector<std::string>& headers);
// Freeze panes, fit columns, print landscape A4 one page wide with the frozen rows repeated.
void finish(Worksheet& sheet, Row frozen_rows, Col frozen_cols);

// kpi id -> "YYYY-MM" -> value, as Summary::monthly.
using MonthlySeries = std::map<std::string, std::map<std::string, std::optional<double>>>;

struct TrendInput {
    const MonthlySeries& series;
    int year = 0;  // the report year; the sheet shows it and the year before, January to December
    // kpi id -> months whose value came from the history store instead of this run's
    // exports; when given, a column names the years filled from there.
    const std::map<std::string, std::set<std::string>>* from_history = nullptr;
    // kpi id -> the report year's target; when given, a column holds it and the KPI's chart
    // draws it as a dashed line.
    const std::map<std::string, double>* targets = nullptr;
};

// One row per KPI and month with the previous and the report year side by side, and a
// line chart of both years for each headline KPI.
void write_trend_sheet(xlsx::Workbook& book, const TrendInput& input, Lang lang);
void write_quality_sheet(xlsx::Workbook& book, const std::vector<SourceReport>& sources, Lang lang);
void write_definitions_sheet(xlsx::Workbook& book, const std::vector<std::pair<std::string, std::string>>& settings,
                             Lang lang);

}  // namespace cskpi::sheets
