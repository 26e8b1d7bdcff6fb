#pragma once
// Aggregates the ingested exports into mergeable per-month state (both cores), then
// derives any period's KPIs from it: a year, a month, or year-to-date.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ingest/id_key_set.hpp"
#include "ingest/ingest.hpp"
#include "metrics/call_kpis.hpp"
#include "metrics/metric_params.hpp"
#include "metrics/period_frame.hpp"
#include "metrics/staff_kpis.hpp"
#include "metrics/survey_kpis.hpp"
#include "metrics/ticket_kpis.hpp"

namespace cskpi {

struct IngestedExports {
    TicketSource tickets;
    std::optional<SurveySource> surveys;
    std::optional<AgentSource> agents;
    std::optional<CallSource> calls;
};

// Breakdown cells per month and attribute value (no percentiles: means and rates only).
struct TicketBreakdowns {
    std::array<std::array<TicketStats, kChannelCount>, kMonths> by_channel;
    std::array<std::array<TicketStats, kPriorityCount>, kMonths> by_priority;
    std::array<std::map<std::string, TicketStats>, kMonths> by_team;
};

// What next year's staffing plan needs from the report year (docs/contract/staffing.md),
// gathered in the same pass as the KPIs.
struct StaffingFacts {
    int interval_min = 30;
    int intervals = 48;  // per day: 1440 / interval_min
    bool has_calls = false;
    // Handled offers of the report year per (month 0..11, ISO weekday 0..6 = Monday..Sunday,
    // local wall-clock interval): index (month * 7 + weekday) * intervals + interval.
    std::vector<std::int64_t> call_slots;
    struct ChannelMonth {
        std::int64_t volume = 0;   // tickets created in the month
        std::int64_t handled = 0;  // of which with a handle_time_sec
        double handle_sum_sec = 0;
    };
    std::array<std::array<ChannelMonth, kChannelCount>, 12> tickets{};  // report year
    std::optional<double> headcount_start;  // HC(as_of's date); null without a roster
};

// One agent's tickets created in the report year and the surveys of that year joined to
// any accepted ticket of the agent (docs/contract/scorecards.md "An agent's KPIs").
struct AgentYearStats {
    std::string agent_id;  // export text
    TicketStats tickets;   // no distributions: means and rates only
    SurveyStats surveys;
};
// Ticket percentiles of one period computed elsewhere (a warehouse's percentile_cont):
// percentiles do not merge, so there is one entry per month set a summary asks for.
struct TicketPercentiles {
    std::optional<double> frt_median_min, frt_p90_min, resolution_median_h, resolution_p90_h;
};
using PeriodPercentiles = std::map<std::vector<int>, TicketPercentiles>;

class MonthlyAggregate {
public:
    MonthlyAggregate(const PeriodFrame& frame, const MetricParams& params, unsigned threads);

    // Each export is folded in as soon as it is read, so its rows can be released before
    // the next export is read. Each also fills its source report's out_of_period.
    // Tickets come first: csat.key_rate joins surveys to them.
    void add_tickets(TicketSource& tickets);
    void add_surveys(SurveySource& surveys);
    void add_agents(AgentSource& agents);
    void add_calls(CallSource& calls);

    // State computed in a warehouse (warehouse/pushdown.hpp) instead of from rows: per-month
    // stats without distributions, breakdown cells, and the percentiles of each period.
    void set_ticket_state(const TicketColumns& columns, const std::array<TicketStats, kMonths>& months,
                          const TicketBreakdowns& breakdowns, PeriodPercentiles percentiles);
    void set_survey_state(const std::array<SurveyStats, kMonths>& months) { surveys_ = months; }
    void set_call_state(const std::array<CallStats, kMonths>& months) { calls_ = months; }
    // Per-agent state of the report year computed elsewhere (a warehouse), by agent_id.
    void set_agent_tickets(std::map<std::string, TicketStats> agents);
    void set_agent_surveys(const std::map<std::string, SurveyStats>& agents);
    // Handled offers of the report year per staffing slot (StaffingFacts::call_slots layout).
    void set_call_slots(std::vector<std::int64_t> slots) { call_slots_ = std::move(slots); }

    const PeriodFrame& frame() const { return frame_; }
    const MetricParams& params() const { return params_; }
    // Every KPI of kpi_catalog() over the given months (tickets.growth excluded).
    KpiValues kpis(const std::vector<int>& months) const;
    // Core ticket KPIs by channel, priority and team, `current` months against `previous`.
    std::vector<BreakdownRow> breakdown_rows(const std::vector<int>& current, const std::vector<int>& previous) const;
    const TicketColumns& ticket_columns() const { return ticket_columns_; }
    StaffingFacts staffing_facts() const;
    // Every agent_id with at least one ticket of the report year, in first-seen order.
    std::vector<AgentYearStats> agents_of_year() const;
    bool has_surveys() const { return surveys_.has_value(); }
    const Roster* roster() const { return roster_ ? &*roster_ : nullptr; }

private:
    PeriodFrame frame_;
    MetricParams params_;
    unsigned threads_;
    TicketColumns ticket_columns_;
    std::array<TicketStats, kMonths> tickets_;
    IdKeySet key_tier_tickets_;  // id keys of the tickets with customer_tier = key
    std::optional<std::array<SurveyStats, kMonths>> surveys_;
    std::optional<std::array<CallStats, kMonths>> calls_;
    std::vector<std::int64_t> call_slots_;  // StaffingFacts::call_slots
    std::optional<Roster> roster_;
    TicketBreakdowns breakdowns_;
    // Per agent (index of the tickets' agent_names), report year only.
    std::vector<std::string> agent_names_;
    std::vector<TicketStats> agent_tickets_;
    std::vector<SurveyStats> agent_surveys_;
    TicketAgentIndex ticket_agents_;  // released once surveys are folded
    std::optional<PeriodPercentiles> pushed_percentiles_;
};

}  // namespace cskpi
