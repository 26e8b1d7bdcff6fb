#include "report/scorecard_sheet.hpp"

#include <algorithm>

#include "report/workbook_sheets.hpp"

namespace cskpi {

namespace {

using namespace sheets;
using xlsx::Col;
using xlsx::Role;
using xlsx::Row;
namespace sc = scorecard_col;

constexpr std::string_view kKpis[] = {"tickets.volume", "frt.mean_min",   "resolution.mean_h",
                                      "fcr.rate",       "sla.overdue_rate", "complaint.rate",
                                      "aht.mean_min",   "csat.rate",        "nps.score"};
constexpr Col kKpiCount = 9;

Col kpi_index(std::string_view id) {
    return Col(std::find(std::begin(kKpis), std::end(kKpis), id) - std::begin(kKpis));
}

std::string role_label(const std::string& role, Lang lang) {
    if (role == "phone" || role == "tech_support" || role == "social" || role == "other")
        return tr("role." + role, lang);
    return clip(role);  // a roster's own role name: export text
}

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

void write_scorecard_sheet(xlsx::Workbook& book, const Scorecards& scorecards, Lang lang) {
    xlsx::Worksheet& sheet = book.add_worksheet(tr("sheet.scorecards", lang));
    const Style input = role_style(Role::input, "0.##");
    const Style attainment_style = format_style("0.000");
    const Style score_style = format_style("0.0");
    const Style weight_row_style = colored(0, 0xDDEBF7);
    const Style bold_weight_row = [&] {
        Style s = weight_row_style;
        s.bold = true;
        return s;
    }();
    const std::string star = tr("band.star", lang), meets = tr("band.meets", lang), improve = tr("band.improve", lang);

    sheet.write_text(0, 0, tr("title.scorecards", lang), title_style);
    // Row 1: the band lines (inputs: bands follow them) and the fixed settings.
    sheet.write_text(1, 0, tr("sc.star_score", lang));
    sheet.write_number(1, 1, scorecards.star_score, input);
    sheet.write_text(1, 2, tr("sc.improve_score", lang));
    sheet.write_number(1, 3, scorecards.improve_score, input);
    sheet.write_text(1, 4, tr("sc.min_tickets", lang));
    sheet.write_number(1, 5, double(scorecards.min_tickets));
    sheet.write_text(1, 6, tr("sc.cap", lang));
    sheet.write_number(1, 7, scorecards.cap);
    sheet.validate_decimal(1, 1, 1, -1e6, 1e6, tr("input.title", lang), tr("input.band_line", lang));
    sheet.validate_decimal(1, 3, 1, -1e6, 1e6, tr("input.title", lang), tr("input.band_line", lang));
    sheet.write_text(2, 0, tr("sc.rule", lang), wrap_style);
    const std::string star_cell = xlsx::cell_ref(1, 1, true, true), improve_cell = xlsx::cell_ref(1, 3, true, true);

    std::vector<std::string> headers = {tr("col.role", lang), tr("col.agent", lang), tr("col.agent_team", lang),
                                        tr("col.tickets", lang), tr("col.eligible", lang)};
    for (auto id : kKpis) headers.push_back(kpi_name(id, lang));
    for (auto id : kKpis) headers.push_back(fill(tr("col.attainment_of", lang), "kpi", kpi_name(id, lang)));
    for (const char* key : {"col.score", "col.rank", "col.band", "col.rank_key", "col.tie_order"})
        headers.push_back(tr(key, lang));
    write_headers(sheet, kScorecardHeaderRow, headers);

    Row row = kScorecardHeaderRow + 1;
    for (const auto& role : scorecards.roles) {
        // The role's row: references under the KPI columns, weights (inputs) under the
        // attainment columns.
        const Row weights_row = row++;
        sheet.write_text(weights_row, sc::role, role_label(role.role, lang), bold_weight_row);
        sheet.write_text(weights_row, sc::agent, tr("sc.weights_row", lang), bold_weight_row);
        for (Col c = sc::team; c < sc::value; ++c) sheet.write_blank(weights_row, c, weight_row_style);
        for (Col k = 0; k < kKpiCount; ++k) sheet.write_blank(weights_row, sc::value + k, weight_row_style);
        for (Col k = 0; k < kKpiCount; ++k) sheet.write_blank(weights_row, sc::attainment + k, input);
        for (std::size_t w = 0; w < role.weights.size(); ++w) {
            const Col k = kpi_index(role.weights[w].kpi_id);
            const KpiInfo* info = find_kpi(role.weights[w].kpi_id);
            Style ref_style = number_style(info ? info->unit : Unit::count);
            ref_style.bg_color = weight_row_style.bg_color;
            if (role.reference[w]) sheet.write_number(weights_row, sc::value + k, *role.reference[w], ref_style);
            sheet.write_number(weights_row, sc::attainment + k, role.weights[w].weight, input);
        }
        for (Col c = sc::score; c <= sc::tie_order; ++c) sheet.write_blank(weights_row, c, weight_row_style);
        for (Col k = 0; k < kKpiCount; ++k)
            sheet.validate_decimal(weights_row, sc::attainment + k, weights_row, 0, 1e6, tr("input.title", lang),
                                   tr("input.scorecard_weight", lang));

        const Row first = row, last = Row(row + role.agents.size() - 1);
        const std::string weights = xlsx::cell_ref(weights_row, sc::attainment, true, true) + ":" +
                                    xlsx::cell_ref(weights_row, sc::attainment + kKpiCount - 1, true, true);
        const std::string keys = xlsx::cell_ref(first, sc::rank_key, true, true) + ":" +
                                 xlsx::cell_ref(last, sc::rank_key, true, true);
        const std::string orders = xlsx::cell_ref(first, sc::tie_order, true, true) + ":" +
                                   xlsx::cell_ref(last, sc::tie_order, true, true);
        for (std::size_t i = 0; i < role.agents.size(); ++i, ++row) {
            const auto& a = role.agents[i];
            sheet.write_text(row, sc::role, role_label(role.role, lang));
            sheet.write_text(row, sc::agent, clip(a.agent_id));
            if (a.team) sheet.write_text(row, sc::team, clip(*a.team));
            sheet.write_number(row, sc::tickets, double(a.tickets));
            sheet.write_text(row, sc::eligible, tr(a.eligible ? "yes" : "no", lang));
            for (std::size_t w = 0; w < role.weights.size(); ++w) {
                const Col k = kpi_index(role.weights[w].kpi_id);
                const KpiInfo* info = find_kpi(role.weights[w].kpi_id);
                if (a.kpis[w]) sheet.write_number(row, sc::value + k, *a.kpis[w], number_style(info ? info->unit : Unit::count));
                if (a.attainment[w]) sheet.write_number(row, sc::attainment + k, *a.attainment[w], attainment_style);
            }
            // docs/contract/scorecards.md "Score", over this row's attainments and the role's
            // weights: KPIs without an attainment are left out, and no score when those with
            // one carry less than half of the role's weight.
            const std::string att = xlsx::cell_ref(row, sc::attainment) + ":" +
                                    xlsx::cell_ref(row, sc::attainment + kKpiCount - 1);
            const std::string counted = "SUMPRODUCT(" + weights + ",--ISNUMBER(" + att + "))";
            const std::string total = "SUM(" + weights + ")";
            const std::string score_formula = "=IF(OR(" + total + "<=0,2*" + counted + "<" + total + "),\"\",100*SUMPRODUCT(" +
                                              weights + "," + att + ")/" + counted + ")";
            if (a.score) sheet.write_formula(row, sc::score, score_formula, *a.score, score_style);
            else sheet.write_formula_text(row, sc::score, score_formula, "", score_style);
            const std::string S = xlsx::cell_ref(row, sc::score);
            const std::string band_formula = "=IF(ISNUMBER(" + S + "),IF(" + S + ">=" + star_cell + "," + quoted(star) +
                                             ",IF(" + S + "<" + improve_cell + "," + quoted(improve) + "," +
                                             quoted(meets) + ")),\"\")";
            const std::string band_text = a.band == "star" ? star : a.band == "improve" ? improve : a.band == "meets" ? meets : "";
            sheet.write_formula_text(row, sc::band, band_formula, band_text);
            // Rank among the role's eligible agents with a score: the rank key is the score
            // (eligible) or -1; ties go to the lower tie order (agent_id byte order).
            const std::string K = xlsx::cell_ref(row, sc::rank_key), O = xlsx::cell_ref(row, sc::tie_order);
            if (a.eligible)
                sheet.write_formula(row, sc::rank_key, "=IF(ISNUMBER(" + S + ")," + S + ",-1)", a.score ? *a.score : -1.0);
            else
                sheet.write_number(row, sc::rank_key, -1);
            sheet.write_number(row, sc::tie_order, double(a.id_order));
            const std::string rank_formula = "=IF(" + K + "<0,\"\",1+SUMPRODUCT(--(" + keys + ">" + K +
                                             "))+SUMPRODUCT((" + keys + "=" + K + ")*(" + orders + "<" + O + ")))";
            if (a.rank) sheet.write_formula(row, sc::rank, rank_formula, double(*a.rank));
            else sheet.write_formula_text(row, sc::rank, rank_formula, "");
        }
    }
    const Row last_row = row > kScorecardHeaderRow + 1 ? Row(row - 1) : kScorecardHeaderRow;
    if (last_row > kScorecardHeaderRow) {
        sheet.highlight_text(kScorecardHeaderRow + 1, sc::band, last_row, sc::band, star, good_style);
        sheet.highlight_text(kScorecardHeaderRow + 1, sc::band, last_row, sc::band, meets, colored(0x1F4E78, 0xDDEBF7));
        sheet.highlight_text(kScorecardHeaderRow + 1, sc::band, last_row, sc::band, improve, bad_style);
    }
    sheet.autofilter(kScorecardHeaderRow, 0, last_row, sc::tie_order);
    finish(sheet, kScorecardHeaderRow + 1, sc::agent + 1);
    sheet.protect_except_inputs();
}

}  // namespace cskpi
