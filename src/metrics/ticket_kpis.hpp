#pragma once
// Ticket KPIs (docs/contract/kpis.md "Tickets"): what one ticket adds to a period, and the KPI values of
// a period's merged state. Every ticket formula lives in ticket_kpis.cpp.
#include <cstdint>
#include <optional>
#include <vector>

#include "ingest/records.hpp"
#include "metrics/kpi_values.hpp"
#include "metrics/metric_params.hpp"

namespace cskpi {

struct TicketColumns {  // which optional columns the export had
    bool customer_id = false, complaint = false, contacts = false, reopens = false, handle_time = false;
};

// What one ticket contributes to the ticket KPIs of its period, worked out once and then
// added to its month and to each breakdown cell it falls in.
struct TicketFacts {
    std::optional<double> frt_min;       // replied before as_of
    std::optional<double> resolution_h;  // resolved before as_of
    bool urgent_eligible = false, urgent_met = false;
    bool first_contact = false;          // resolved with at most one contact and no reopen
    bool sla_evaluable = false, sla_overdue = false;
    bool has_customer = false, complaint = false;
    double handle_time_sec = kAbsent;
};
TicketFacts ticket_facts(const TicketRecord& t, const MetricParams& params, Millis as_of);

// Mergeable state of one period (or one breakdown cell): chunks of tickets can be added on
// different threads and merged.
struct TicketStats {
    bool keep_distributions = true;  // percentiles need every value; breakdowns skip them
    std::int64_t volume = 0;
    std::int64_t replied = 0, resolved = 0;
    double frt_sum_min = 0, resolution_sum_h = 0;
    std::vector<double> frt_min, resolution_h;
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
bool is_repeat_contact(Millis previous_created, Millis created, const MetricParams& params);

void ticket_kpis(TicketStats& stats, const TicketColumns& columns, KpiValues& out);

}  // namespace cskpi
