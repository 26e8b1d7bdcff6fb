#pragma once
// The Overview sheet, first in every workbook: one printed page with the headline KPIs,
// their status colours and a small chart of the months, then the top risks.
#include "model/summary.hpp"
#include "report/i18n.hpp"
#include "report/overview.hpp"
#include "report/xlsx/xlsx.hpp"

namespace cskpi {

void write_overview_sheet(xlsx::Workbook& book, const Summary& summary, const Overview& overview, Lang lang);

// The footer every printed page of a workbook carries: its title on the left, the page on the right.
std::string page_footer(const Summary& summary, Lang lang);

}  // namespace cskpi
