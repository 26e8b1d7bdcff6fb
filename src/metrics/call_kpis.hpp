#pragma once
// Call KPIs (docs/contract/kpis.md "Calls"): the per-row rules live in row_rules.hpp, the
// KPI formulas over a month's state in call_kpis.cpp.
#include <cstdint>
#include <tuple>

#include "ingest/records.hpp"
#include "metrics/kpi_values.hpp"
#include "metrics/metric_params.hpp"
#include "metrics/row_rules.hpp"

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

using CallFacts = BasicCallFacts<bool, double>;

// How CallStats accumulates the facts of its calls (metrics/row_rules.hpp), member by
// member: CallStats::add and merge, and pushdown's select list and its reader.
template <class Facts = CallFacts>
constexpr auto call_stat_sums() {
    using S = CallStats;
    using F = Facts;
    return std::tuple{
        count_rows<F>(&S::offered),
        count_holds(&S::short_abandons, &F::short_abandon),
        count_holds(&S::abandons, &F::abandon),
        count_holds(&S::answered, &F::answered),
        count_holds(&S::answered_in_level, &F::answered_in_level),
        sum_known(&S::answered_wait_sum, &F::answered_wait_sec),
        count_known(&S::handled, &F::answered_handle_sec),
        sum_known(&S::handle_sum_sec, &F::answered_handle_sec),
    };
}

void call_kpis(const CallStats& stats, KpiValues& out);

}  // namespace cskpi
