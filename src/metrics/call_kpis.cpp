#include "metrics/call_kpis.hpp"

#include "metrics/row_values.hpp"

namespace cskpi {

void CallStats::add(const CallRecord& c, const MetricParams& params) {
    static constexpr auto kSums = call_stat_sums();
    add_row_facts(*this, rules::call_facts(CallRowValues(c), params), kSums);
}

void CallStats::merge(const CallStats& o) {
    static constexpr auto kSums = call_stat_sums();
    merge_stats(*this, o, kSums);
}

void call_kpis(const CallStats& s, KpiValues& out) {
    const double handled_offers = double(s.offered - s.short_abandons);
    constexpr const char* kNoOffers = "no handled call offers in the period";
    out["calls.offered"] = known(double(s.offered));
    out["calls.service_level"] = ratio(double(s.answered_in_level), handled_offers, kNoOffers);
    out["calls.abandon_rate"] = ratio(double(s.abandons), handled_offers, kNoOffers);
    out["calls.asa_sec"] = ratio(s.answered_wait_sum, double(s.answered), "no answered calls in the period");
    out["calls.aht_min"] = ratio(s.handle_sum_sec / 60.0, double(s.handled), "no answered call has a handle_sec");
}

}  // namespace cskpi
