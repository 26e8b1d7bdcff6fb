#pragma once
// Ticket KPIs (docs/contract/kpis.md "Tickets"): what one ticket adds to a period, and the KPI values of
// a period's merged state. The per-row rules live in row_rules.hpp, the KPI formulas over a
// period's state in ticket_kpis.cpp.
#include <cstdint>
#include <optional>
#include <tuple>
#include <vector>

#include "ingest/records.hpp"
#include "metrics/kpi_values.hpp"
#include "metrics/metric_params.hpp"
#include "metrics/row_rules.hpp"
#include "metrics/value_parts.hpp"

namespace cskpi {

struct TicketColumns {  // which optional columns the export had
    bool customer_id = false, complaint = false, contacts = false, reopens = false, handle_time = false;
};

// What one ticket contributes to the ticket KPIs of its period, worked out once and then
// added to its month and to each breakdown cell it falls in. The rules are those of
// metrics/row_rules.hpp; absent numbers are kAbsent.
using TicketFacts = BasicTicketFacts<bool, double>;
TicketFacts ticket_facts(const TicketRecord& t, const MetricParams& params, Millis as_of);

// Mergeable state of one period (or one breakdown cell): chunks of tickets can be added on
// different threads and merged.
struct TicketStats {
    bool keep_distributions = true;  // percentiles need every value; breakdowns skip them
    std::int64_t volume = 0;
    std::int64_t replied = 0, resolved = 0;
    double frt_sum_min = 0, resolution_sum_h = 0;
    ValueParts frt_min, resolution_h;
    std::int64_t urgent_eligible = 0, urgent_met = 0;
    std::int64_t sla_evaluable = 0, sla_overdue = 0;
    std::int64_t fcr_hits = 0;
    std::int64_t with_customer = 0, repeats = 0;
    std::int64_t complaints = 0;
    std::int64_t handled = 0;
    double handle_sum_sec = 0;

    void add(const TicketFacts& facts);
    // Repeat contacts need all of a customer's tickets in time order: counted separately.
    void add_repeats(std::int64_t count) { repeats += count; }
    void merge(const TicketStats& other);
};

// Whether `created` of a customer's ticket follows another ticket of the same customer
// within the repeat window: [created - window, created).
// The window is rules::repeat_window_ms, which pushdown's window frame uses too.
bool is_repeat_contact(Millis previous_created, Millis created, const MetricParams& params);

// How TicketStats accumulates the facts of its tickets, member by member: TicketStats::add
// and merge on the file path, the select list and its reader in pushdown, all from this
// one table. `Facts` is the facts type of the backend (TicketFacts on a row). Repeat
// contacts are not a per-row fact: add_repeats.
template <class Facts = TicketFacts>
constexpr auto ticket_stat_sums() {
    using S = TicketStats;
    using F = Facts;
    return std::tuple{
        count_rows<F>(&S::volume),
        count_known(&S::replied, &F::frt_min),
        sum_known(&S::frt_sum_min, &F::frt_min, &S::frt_min),
        count_known(&S::resolved, &F::resolution_h),
        sum_known(&S::resolution_sum_h, &F::resolution_h, &S::resolution_h),
        count_holds(&S::urgent_eligible, &F::urgent_eligible),
        count_holds(&S::urgent_met, &F::urgent_met),
        count_holds(&S::sla_evaluable, &F::sla_evaluable),
        count_holds(&S::sla_overdue, &F::sla_overdue),
        count_holds(&S::fcr_hits, &F::first_contact),
        count_holds(&S::with_customer, &F::has_customer),
        count_holds(&S::complaints, &F::complaint),
        count_known(&S::handled, &F::handle_time_sec),
        sum_known(&S::handle_sum_sec, &F::handle_time_sec),
    };
}

void ticket_kpis(TicketStats& stats, const TicketColumns& columns, KpiValues& out);

}  // namespace cskpi
