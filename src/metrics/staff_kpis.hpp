#pragma once
// Staff KPIs (docs/contract/kpis.md "Staff"): headcount, hires, leavers and SHRM attrition from the
// roster; every staff formula lives in staff_kpis.cpp.
#include <vector>

#include "ingest/records.hpp"
#include "metrics/kpi_values.hpp"
#include "metrics/period_frame.hpp"

namespace cskpi {

struct Roster {
    std::vector<AgentRecord> agents;
    bool has_core_column = false;
};

// KPIs of the period made of `months` (indexes of the frame).
void staff_kpis(const Roster& roster, const PeriodFrame& frame, const std::vector<int>& months, KpiValues& out);

}  // namespace cskpi
