#include "metrics/ticket_kpis.hpp"

#include <tuple>
#include <utility>

#include "metrics/percentile.hpp"
#include "metrics/row_values.hpp"

namespace cskpi {

bool is_repeat_contact(Millis previous_created, Millis created, const MetricParams& params) {
    return previous_created < created && previous_created >= created - rules::repeat_window_ms(params);
}

TicketFacts ticket_facts(const TicketRecord& t, const MetricParams& params, Millis as_of) {
    return rules::ticket_facts(TicketRowValues(t, as_of), params);
}

void TicketStats::add(const TicketFacts& f) {
    static constexpr auto kSums = ticket_stat_sums();
    add_row_facts(*this, f, kSums);
}

void TicketStats::merge(const TicketStats& o) {
    static constexpr auto kSums = ticket_stat_sums();
    merge_stats(*this, o, kSums);
    repeats += o.repeats;
}

namespace {
// The median and p90 of a distribution, in that order.
std::pair<KpiValue, KpiValue> median_and_p90_or_null(const TicketStats& s, const ValueParts& values, const char* why) {
    if (!s.keep_distributions) return {unavailable("not computed for breakdowns"), unavailable("not computed for breakdowns")};
    const auto v = percentiles_inc(values.blocks(), {0.5, 0.9});
    return {v[0] ? known(*v[0]) : unavailable(why), v[1] ? known(*v[1]) : unavailable(why)};
}
}  // namespace

void ticket_kpis(TicketStats& s, const TicketColumns& columns, KpiValues& out) {
    constexpr const char* kNoReply = "no ticket of the period has a reply";
    constexpr const char* kNoResolved = "no ticket of the period is resolved";
    out["tickets.volume"] = known(double(s.volume));
    out["frt.mean_min"] = ratio(s.frt_sum_min, double(s.replied), kNoReply);
    std::tie(out["frt.median_min"], out["frt.p90_min"]) = median_and_p90_or_null(s, s.frt_min, kNoReply);
    out["urgent.frt_attainment"] =
        ratio(double(s.urgent_met), double(s.urgent_eligible), "no urgent ticket of the period is due yet");
    out["resolution.mean_h"] = ratio(s.resolution_sum_h, double(s.resolved), kNoResolved);
    std::tie(out["resolution.median_h"], out["resolution.p90_h"]) =
        median_and_p90_or_null(s, s.resolution_h, kNoResolved);
    out["sla.overdue_rate"] =
        ratio(double(s.sla_overdue), double(s.sla_evaluable), "no ticket of the period is resolved or past due");
    out["fcr.rate"] = (columns.contacts || columns.reopens)
                          ? ratio(double(s.fcr_hits), double(s.resolved), kNoResolved)
                          : unavailable("the tickets export has neither a contacts nor a reopens column");
    out["repeat.rate"] = columns.customer_id
                             ? ratio(double(s.repeats), double(s.with_customer), "no ticket of the period has a customer_id")
                             : unavailable("the tickets export has no customer_id column");
    out["complaint.rate"] = columns.complaint ? ratio(double(s.complaints), double(s.volume), "no tickets in the period")
                                              : unavailable("the tickets export has no complaint column");
    out["aht.mean_min"] = columns.handle_time ? ratio(s.handle_sum_sec / 60.0, double(s.handled),
                                                      "no ticket of the period has a handle time")
                                              : unavailable("the tickets export has no handle_time_sec column");
}

}  // namespace cskpi
