#pragma once
// Next year's staffing plan (docs/contract/staffing.md): what the summary JSON, the
// workbook's staffing sheet and the tests read. Computed by staffing/staffing_plan.cpp.
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace cskpi {

// Where a setting's value came from, for the sheet's Source column.
struct SettingSource {
    // setting: the report definition (detail = the key); change: this year's change_pct of
    // the KPI in detail; no_change: that KPI has none, 0; aht_kpi: calls.aht_min × 60;
    // target: the policy's staff.attrition_rate target (detail = its basis); no_target: 0.
    std::string kind = "setting";
    std::string detail;
};

// The settings the plan used, defaults resolved (summary JSON `staffing.settings`).
struct StaffingSettings {
    double growth_calls = 0;
    double growth_tickets = 0;
    double deflection = 0;
    int interval_min = 30;
    std::optional<double> aht_sec;  // null: no handle time known for calls
    double sl_target = 0.8;
    double service_level_sec = 30;
    double max_occupancy = 0.85;
    double shrinkage = 0.30;
    double ticket_occupancy = 0.85;
    double hours_per_week = 40;
    double attrition = 0;
    int hire_lead_months = 2;
    std::optional<double> cost_per_fte_year;
    std::optional<double> ticket_handle_sec;
    SettingSource growth_calls_source, growth_tickets_source, aht_source, attrition_source;
};

struct StaffingMonth {
    std::string month;          // "2027-01"
    int days = 0;               // days of the month in the plan year
    double fte_hours = 0;       // hours_per_week * days / 7
    std::optional<double> forecast_calls;     // handled offers
    std::optional<double> forecast_tickets;
    std::optional<double> phone_agent_hours;
    std::optional<double> workload_hours;
    std::optional<double> fte_phone;
    std::optional<double> fte_tickets;
    double required = 0;        // a null part counts as 0
    std::optional<double> leavers, hires, headcount, cost;  // null without a roster
    std::string recruit_month;  // month recruiting for this month's hires starts
    // The same before the forecast factor F (growth and deflection of 0), so the workbook
    // can show the forecasts as live formulas: forecast = base × F.
    std::optional<double> base_calls, base_tickets, base_workload_hours;
};

struct StaffingQuarter {
    std::string quarter;  // "2027-Q1"
    double peak_required = 0;
    std::optional<double> hires;
    std::optional<double> headcount_end;
};

struct StaffingPlan {
    int plan_year = 0;
    StaffingSettings settings;
    std::optional<double> headcount_start;  // H0; null without a roster
    std::vector<StaffingMonth> months;      // 12, January first
    std::vector<StaffingQuarter> quarters;  // 4
    std::optional<double> budget;
    int peak_month = 0;                     // 0..11, index into months
    // N per ISO weekday (Monday first) and interval of the peak month; empty when the
    // phone plan has no agent counts.
    std::vector<std::vector<int>> peak_agents;
    std::string phone_reason;    // empty = phone plan complete
    std::string tickets_reason;  // empty = ticket plan complete
    bool has_calls = false;      // a calls export was given
    std::vector<std::string> channels_without_handle_time;  // named in tickets_reason
};

}  // namespace cskpi
