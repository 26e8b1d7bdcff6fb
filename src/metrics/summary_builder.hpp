#pragma once
// Builds the run's Summary: the report period against the same period a year earlier,
// the monthly series of both years, breakdowns, and (monthly runs) year-to-date.
#include "metrics/kpi_engine.hpp"

namespace cskpi {

struct ReportRequest {
    std::string kind = "year-end";  // year-end | monthly
    int year = 0;
    int month = 0;                  // 1..12 for monthly runs
    std::string timezone = "UTC";
    Millis as_of = 0;
    Millis generated_at = 0;
    MetricParams params;
};

// Compares two KPI values by the KPI's direction (docs/contract/kpis.md "Year-over-year").
KpiComparison compare(const KpiInfo& info, const KpiValue& current, const KpiValue& previous);

Summary build_summary(const ReportRequest& request, const MonthlyAggregate& aggregate,
                      const IngestedExports& exports);

}  // namespace cskpi
