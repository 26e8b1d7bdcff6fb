#include "metrics/call_kpis.hpp"

namespace cskpi {

void CallStats::add(const CallRecord& c, const MetricParams& params) {
    ++offered;
    if (c.answered) {
        ++answered;
        answered_wait_sum += c.wait_sec;
        if (c.wait_sec <= params.service_level_sec) ++answered_in_level;
        if (present(c.handle_sec)) {
            ++handled;
            handle_sum_sec += c.handle_sec;
        }
    } else if (c.wait_sec < params.short_abandon_sec) {
        ++short_abandons;  // hung up before an agent could answer: not a handled offer
    } else {
        ++abandons;
    }
}

void CallStats::merge(const CallStats& o) {
    offered += o.offered;
    short_abandons += o.short_abandons;
    abandons += o.abandons;
    answered += o.answered;
    answered_in_level += o.answered_in_level;
    answered_wait_sum += o.answered_wait_sum;
    handled += o.handled;
    handle_sum_sec += o.handle_sum_sec;
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
