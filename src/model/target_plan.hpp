#pragma once
// Next year's target for one KPI, as the summary JSON's `target` block describes it.
#include <array>
#include <optional>
#include <string>

namespace cskpi {

struct TargetPlan {
    double baseline = 0;              // this year's value the plan starts from
    double value = 0;                 // the target
    std::optional<double> benchmark;  // best-in-class value aimed at
    double gap_closure = 0.5;
    std::optional<double> mandated;   // from the report definition
    std::string basis;                // maintain | gap_closure | warning_line | mandated
    bool stretch = false;              // asks more than the achievable improvement
    std::string profile = "linear";   // linear | back_loaded
    std::array<double, 4> milestones{};  // Q1..Q4
    std::optional<double> warning;    // the alert line
    double weight = 1.0;              // scorecard weight
};

}  // namespace cskpi
