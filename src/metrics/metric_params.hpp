#pragma once
// The tunable constants of docs/contract/kpis.md, with their defaults ([metrics] in a report definition).
#include <array>

namespace cskpi {

struct MetricParams {
    double urgent_response_min = 5;
    std::array<double, 4> sla_hours{4, 8, 24, 72};  // urgent, high, normal, low
    double repeat_window_days = 7;
    double short_abandon_sec = 5;
    double service_level_sec = 30;
    // [staffing] interval_min: the call slot length the fold counts handled offers in
    // (docs/contract/staffing.md section 2); must divide 1440.
    int staffing_interval_min = 30;
};

}  // namespace cskpi
