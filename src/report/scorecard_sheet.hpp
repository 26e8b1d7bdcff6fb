#pragma once
// The Scorecards sheet (岗位考核) of the year-end workbook: per role a row of references and
// weight inputs, then one row per agent. Scores, ranks and bands are live formulas over
// the weight cells and the agents' attainment cells, with the computed values cached, so
// changing a weight re-scores the role when the workbook recalculates
// (docs/scorecards.md "The workbook sheet").
#include "model/scorecard.hpp"
#include "report/i18n.hpp"
#include "report/xlsx/xlsx.hpp"

namespace cskpi {

namespace scorecard_col {
inline constexpr xlsx::Col role = 0, agent = 1, team = 2, tickets = 3, eligible = 4, value = 5, attainment = 14,
                           score = 23, rank = 24, band = 25, rank_key = 26, tie_order = 27;
}
inline constexpr xlsx::Row kScorecardHeaderRow = 3;

void write_scorecard_sheet(xlsx::Workbook& book, const Scorecards& scorecards, Lang lang);

}  // namespace cskpi
