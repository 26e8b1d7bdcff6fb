#include "metrics/ticket_kpis.hpp"

#include "metrics/percentile.hpp"

namespace cskpi {

bool is_repeat_contact(Millis previous_created, Millis created, const MetricParams& params) {
    const auto window = Millis(params.repeat_window_days * double(kMsPerDay));
    return previous_created < created && previous_created >= created - window;
}

TicketFacts ticket_facts(const TicketRecord& t, const MetricParams& params, Millis as_of) {
    TicketFacts f;
    // A reply or resolution at or after as_of has not happened yet.
    const bool has_reply = t.first_response != kNoTime && t.first_response < as_of;
    const bool is_resolved = t.resolved != kNoTime && t.resolved < as_of;
    if (has_reply) f.frt_min = double(t.first_response - t.created) / double(kMsPerMinute);
    if (t.priority == Priority::urgent) {
        const auto limit = Millis(params.urgent_response_min * double(kMsPerMinute));
        f.urgent_eligible = t.created + limit <= as_of;
        f.urgent_met = f.urgent_eligible && has_reply && t.first_response - t.created <= limit;
    }
    if (is_resolved) {
        f.resolution_h = double(t.resolved - t.created) / double(kMsPerHour);
        f.first_contact = t.contacts <= 1 && t.reopens <= 0;  // -1 = column value absent
    }
    const Millis due = t.due != kNoTime
                           ? t.due
                           : t.created + Millis(params.sla_hours[std::size_t(t.priority)] * double(kMsPerHour));
    f.sla_evaluable = is_resolved || due <= as_of;
    f.sla_overdue = is_resolved ? t.resolved > due : due <= as_of;
    f.has_customer = t.customer != 0;
    f.complaint = t.complaint;
    f.handle_time_sec = t.handle_time_sec;
    return f;
}

void TicketStats::add(const TicketFacts& f) {
    ++volume;
    if (f.frt_min) {
        ++replied;
        frt_sum_min += *f.frt_min;
        if (keep_distributions) frt_min.push_back(*f.frt_min);
    }
    urgent_eligible += f.urgent_eligible;
    urgent_met += f.urgent_met;
    if (f.resolution_h) {
        ++resolved;
        resolution_sum_h += *f.resolution_h;
        if (keep_distributions) resolution_h.push_back(*f.resolution_h);
        fcr_hits += f.first_contact;
    }
    sla_evaluable += f.sla_evaluable;
    sla_overdue += f.sla_overdue;
    with_customer += f.has_customer;
    complaints += f.complaint;
    if (present(f.handle_time_sec)) {
        ++handled;
        handle_sum_sec += f.handle_time_sec;
    }
}

void TicketStats::merge(const TicketStats& o) {
    volume += o.volume;
    replied += o.replied;
    resolved += o.resolved;
    frt_sum_min += o.frt_sum_min;
    resolution_sum_h += o.resolution_sum_h;
    frt_min.insert(frt_min.end(), o.frt_min.begin(), o.frt_min.end());
    resolution_h.insert(resolution_h.end(), o.resolution_h.begin(), o.resolution_h.end());
    urgent_eligible += o.urgent_eligible;
    urgent_met += o.urgent_met;
    sla_evaluable += o.sla_evaluable;
    sla_overdue += o.sla_overdue;
    fcr_hits += o.fcr_hits;
    with_customer += o.with_customer;
    repeats += o.repeats;
    complaints += o.complaints;
    handled += o.handled;
    handle_sum_sec += o.handle_sum_sec;
}

namespace {
KpiValue percentile_or_null(TicketStats& s, std::vector<double>& values, double p, const char* why) {
    if (!s.keep_distributions) return unavailable("not computed for breakdowns");
    const auto v = percentile_inc(values, p);
    return v ? known(*v) : unavailable(why);
}
}  // namespace

void ticket_kpis(TicketStats& s, const TicketColumns& columns, KpiValues& out) {
    constexpr const char* kNoReply = "no ticket of the period has a reply";
    constexpr const char* kNoResolved = "no ticket of the period is resolved";
    out["tickets.volume"] = known(double(s.volume));
    out["frt.mean_min"] = ratio(s.frt_sum_min, double(s.replied), kNoReply);
    out["frt.median_min"] = percentile_or_null(s, s.frt_min, 0.5, kNoReply);
    out["frt.p90_min"] = percentile_or_null(s, s.frt_min, 0.9, kNoReply);
    out["urgent.frt_attainment"] =
        ratio(double(s.urgent_met), double(s.urgent_eligible), "no urgent ticket of the period is due yet");
    out["resolution.mean_h"] = ratio(s.resolution_sum_h, double(s.resolved), kNoResolved);
    out["resolution.median_h"] = percentile_or_null(s, s.resolution_h, 0.5, kNoResolved);
    out["resolution.p90_h"] = percentile_or_null(s, s.resolution_h, 0.9, kNoResolved);
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
