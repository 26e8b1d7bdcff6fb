#pragma once
// The year-end workbook's staffing sheet, "Staffing <Y+1>" / "<Y+1>年人力规划"
// (docs/contract/staffing.md section 6, docs/staffing.md "Reading the sheet").
#include "model/staffing_plan.hpp"
#include "report/i18n.hpp"
#include "report/xlsx/xlsx.hpp"

namespace cskpi {

void write_staffing_sheet(xlsx::Workbook& book, const StaffingPlan& plan, Lang lang);

}  // namespace cskpi
