#pragma once
// The per-row rules of the ticket and call KPIs (docs/contract/kpis.md), written once over an
// expression backend `E` so that the same definition is evaluated on a parsed row
// (metrics/row_values.hpp) and rendered as SQL for a warehouse (warehouse/sql_expr.hpp).
//
// A backend provides the row's columns (created(), first_response(), ...), the run's
// as_of(), literals (ms() for milliseconds, count() for counts, num()), and:
//   known(x)           x is present (not NULL / not the absent sentinel)
//   value_or(x, d)     x, or d when x is absent
//   when(c, f)         f() when c holds, absent otherwise (f is only called on a row
//                      where c holds: an absent time minus another would overflow)
//   cond(c, a, b)      a when c holds, b otherwise
//   real(x)            x as a floating-point number
//   priority_is(p)     the row's priority is p
//   by_priority(f)     f(the row's priority), f giving a value per priority
// and the operators && || ! < <= > >= - + / on its values. Every condition is written so
// that SQL's three-valued logic gives what the C++ evaluation gives: a comparison with an
// absent value is guarded by known() or made total by value_or().
#include <cstddef>
#include <vector>

#include "core/timestamp.hpp"
#include "ingest/records.hpp"
#include "metrics/metric_params.hpp"
#include "metrics/value_parts.hpp"

namespace cskpi {

// What one ticket contributes to the ticket KPIs of its period. `Bool`/`Num` are the
// backend's condition and number types (bool/double on a row, where kAbsent marks an
// absent number).
template <class Bool, class Num>
struct BasicTicketFacts {
    Num frt_min;             // replied before as_of, else absent
    Num resolution_h;        // resolved before as_of, else absent
    Bool urgent_eligible, urgent_met;
    Bool first_contact;      // resolved with at most one contact and no reopen
    Bool sla_evaluable, sla_overdue;
    Bool has_customer, complaint;
    Num handle_time_sec;     // absent when the export has none
};

// The facts' column names where they are columns (pushdown's `facts` CTE), in one list.
template <class Facts, class Fn>
void for_each_ticket_fact(Facts& f, Fn&& fn) {
    fn("frt", f.frt_min);
    fn("res", f.resolution_h);
    fn("urgent_eligible", f.urgent_eligible);
    fn("urgent_met", f.urgent_met);
    fn("first_contact", f.first_contact);
    fn("sla_evaluable", f.sla_evaluable);
    fn("sla_overdue", f.sla_overdue);
    fn("has_customer", f.has_customer);
    fn("complaint", f.complaint);
    fn("handle_time", f.handle_time_sec);
}

// What one call contributes to the call KPIs of its month.
template <class Bool, class Num>
struct BasicCallFacts {
    Bool answered, short_abandon, abandon, answered_in_level;
    Num answered_wait_sec;    // answered calls only
    Num answered_handle_sec;  // answered calls with a handle time only
};

template <class Facts, class Fn>
void for_each_call_fact(Facts& f, Fn&& fn) {
    fn("answered", f.answered);
    fn("short_abandon", f.short_abandon);
    fn("abandon", f.abandon);
    fn("in_level", f.answered_in_level);
    fn("answered_wait", f.answered_wait_sec);
    fn("answered_handle", f.answered_handle_sec);
}

namespace rules {

// The windows of MetricParams as whole milliseconds, as both backends use them.
inline Millis urgent_window_ms(const MetricParams& p) { return Millis(p.urgent_response_min * double(kMsPerMinute)); }
inline Millis sla_window_ms(const MetricParams& p, Priority priority) {
    return Millis(p.sla_hours[std::size_t(priority)] * double(kMsPerHour));
}
inline Millis repeat_window_ms(const MetricParams& p) { return Millis(p.repeat_window_days * double(kMsPerDay)); }

// A reply or resolution at or after as_of has not happened yet.
template <class E>
auto replied(const E& e) {
    return e.known(e.first_response()) && e.first_response() < e.as_of();
}
template <class E>
auto resolved(const E& e) {
    return e.known(e.resolved()) && e.resolved() < e.as_of();
}

// The SLA due time: the export's due_at, else created + the SLA hours of the priority.
template <class E>
auto sla_due(const E& e, const MetricParams& p) {
    return e.value_or(e.due(), e.created() + e.by_priority([&](Priority priority) { return e.ms(sla_window_ms(p, priority)); }));
}

template <class E>
auto urgent_eligible(const E& e, const MetricParams& p) {
    return e.priority_is(Priority::urgent) && e.created() + e.ms(urgent_window_ms(p)) <= e.as_of();
}

template <class E>
auto ticket_facts(const E& e, const MetricParams& p) {
    using Facts = BasicTicketFacts<typename E::Bool, typename E::Num>;
    const auto has_reply = replied(e);
    const auto is_resolved = resolved(e);
    const auto eligible = urgent_eligible(e, p);
    const auto due = sla_due(e, p);
    const auto due_passed = due <= e.as_of();
    return Facts{
        .frt_min = e.when(has_reply, [&] { return e.real(e.first_response() - e.created()) / e.num(double(kMsPerMinute)); }),
        .resolution_h = e.when(is_resolved, [&] { return e.real(e.resolved() - e.created()) / e.num(double(kMsPerHour)); }),
        .urgent_eligible = eligible,
        .urgent_met = eligible && has_reply && e.first_response() - e.created() <= e.ms(urgent_window_ms(p)),
        // An absent contacts or reopens counts as no extra contact.
        .first_contact = is_resolved && e.value_or(e.contacts(), -1) <= e.count(1) && e.value_or(e.reopens(), -1) <= e.count(0),
        .sla_evaluable = is_resolved || due_passed,
        .sla_overdue = e.cond(is_resolved, e.resolved() > due, due_passed),
        .has_customer = e.known(e.customer()),
        .complaint = e.value_or(e.complaint(), false),
        .handle_time_sec = e.handle_time(),
    };
}

// A call abandoned before short_abandon_sec: the caller hung up before an agent could
// answer, so it is not a handled offer (service level, abandon rate, staffing arrivals).
template <class E>
auto short_abandon(const E& e, const MetricParams& p) {
    return !e.answered() && e.wait() < e.num(p.short_abandon_sec);
}
template <class E>
auto handled_offer(const E& e, const MetricParams& p) {
    return !short_abandon(e, p);
}

template <class E>
auto call_facts(const E& e, const MetricParams& p) {
    using Facts = BasicCallFacts<typename E::Bool, typename E::Num>;
    return Facts{
        .answered = e.answered(),
        .short_abandon = short_abandon(e, p),
        .abandon = !e.answered() && e.wait() >= e.num(p.short_abandon_sec),
        .answered_in_level = e.answered() && e.wait() <= e.num(p.service_level_sec),
        .answered_wait_sec = e.when(e.answered(), [&] { return e.wait(); }),
        .answered_handle_sec = e.when(e.answered(), [&] { return e.handle(); }),
    };
}

}  // namespace rules

// How a period's state accumulates one fact over its rows (one member of the state).
enum class Tally {
    rows,   // every row
    holds,  // rows where a condition fact holds
    known,  // rows where a number fact is present
    sum,    // sum of a number fact where present
};

// One member of a period's state: `target` accumulates `fact` as `How` says; for a sum,
// `values`, when set, also keeps each value (the distributions percentiles need).
template <Tally How, class Stats, class Field, class Facts, class Fact>
struct StatSum {
    static constexpr Tally tally = How;
    Field Stats::*target;
    Fact Facts::*fact = nullptr;
    ValueParts Stats::*values = nullptr;
};

template <class Facts, class Stats, class Field>
constexpr auto count_rows(Field Stats::*target) {
    return StatSum<Tally::rows, Stats, Field, Facts, bool>{target};
}
template <class Stats, class Field, class Facts, class Fact>
constexpr auto count_holds(Field Stats::*target, Fact Facts::*fact) {
    return StatSum<Tally::holds, Stats, Field, Facts, Fact>{target, fact};
}
template <class Stats, class Field, class Facts, class Fact>
constexpr auto count_known(Field Stats::*target, Fact Facts::*fact) {
    return StatSum<Tally::known, Stats, Field, Facts, Fact>{target, fact};
}
template <class Stats, class Field, class Facts, class Fact>
constexpr auto sum_known(Field Stats::*target, Fact Facts::*fact, ValueParts Stats::*values = nullptr) {
    return StatSum<Tally::sum, Stats, Field, Facts, Fact>{target, fact, values};
}

}  // namespace cskpi
