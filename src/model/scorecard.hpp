#pragma once
// Role scorecards of the year-end report (docs/contract/scorecards.md): what the summary
// JSON and the Scorecards sheet show.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cskpi {

struct ScorecardAgent {
    std::string agent_id;              // the pseudonym when pseudonymised
    std::optional<std::string> team;   // from the roster; null when the agent is not on it
    std::int64_t tickets = 0;          // tickets.volume of the report year
    bool eligible = false;             // tickets >= min_tickets
    // Position of the real agent_id in byte order among the role's agents (0-based): breaks
    // ties of equal scores, also on the sheet when a changed weight makes new ties.
    std::int64_t id_order = 0;
    // Parallel to RoleScorecard::weights.
    std::vector<std::optional<double>> kpis;
    std::vector<std::optional<double>> attainment;
    std::optional<double> score;
    std::optional<int> rank;           // eligible agents with a score only
    std::string band;                  // star | meets | improve; empty = no score
};

struct ScorecardWeight {
    std::string kpi_id;
    double weight = 0;
};

struct RoleScorecard {
    std::string role;                            // normalised: phone, tech_support, social, other, ...
    std::vector<ScorecardWeight> weights;        // in the order the definition or the defaults give them
    std::vector<std::optional<double>> reference;  // parallel to weights
    std::vector<ScorecardAgent> agents;          // by rank, then unranked agents by agent_id
};

struct Scorecards {
    std::int64_t min_tickets = 30;
    double cap = 1.5;
    double star_score = 110;
    double improve_score = 90;
    bool pseudonymized = false;
    std::vector<RoleScorecard> roles;            // by role name
};

}  // namespace cskpi
