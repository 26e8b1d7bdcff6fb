#pragma once
// Call KPIs (docs/contract/kpis.md "Calls"); every call formula lives in call_kpis.cpp.
#include <cstdint>

#include "ingest/records.hpp"
#include "metrics/kpi_values.hpp"
#include "metrics/metric_params.hpp"

namespace cskpi {

struct CallStats {
    std::int64_t offered = 0, short_abandons = 0, abandons = 0;
    std::int64_t answered = 0, answered_in_level = 0;
    double answered_wait_sum = 0;
    std::int64_t handled = 0;
    double handle_sum_sec = 0;

    void add(const CallRecord& c, const MetricParams& params);
    void merge(const CallStats& o);
};

void call_kpis(const CallStats& stats, KpiValues& out);

}  // namespace cskpi
