#pragma once
// Role scorecards (docs/contract/scorecards.md, docs/scorecards.md): per-agent KPIs of the
// report year against the level of the agent's role, weighted into a score, ranked and
// banded. The KPI values come from the same formulas as the centre-wide KPIs
// (metrics/ticket_kpis, metrics/survey_kpis) over each agent's share of the single pass.
//
// Settings: the report definition's [scorecard] section, read as `scorecard.<key>`:
//   enabled, pseudonymize, pseudonym_key_env, min_tickets, cap, star_score, improve_score,
//   role.<role>.<kpi id> = weight
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/kpi_engine.hpp"
#include "model/scorecard.hpp"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace cskpi {

// The KPIs an agent is measured on, in the order the sheet and the checks use.
inline constexpr std::array<std::string_view, 9> kAgentKpis = {
    "tickets.volume", "frt.mean_min",   "resolution.mean_h", "fcr.rate", "sla.overdue_rate",
    "complaint.rate", "aht.mean_min",   "csat.rate",         "nps.score"};

struct ScorecardSettings {
    bool enabled = true;
    bool pseudonymize = false;
    std::string pseudonym_key_env;
    std::string pseudonym_key;  // the environment variable's value; never written anywhere
    std::int64_t min_tickets = 30;
    double cap = 1.5;
    double star_score = 110;
    double improve_score = 90;
    // Roles named in the definition: their weights replace the defaults entirely.
    std::map<std::string, std::vector<ScorecardWeight>> role_weights;
};

// Reads and checks the [scorecard] section; with `read_key` (year-end runs), enabled and
// pseudonymize on, also the key from the environment. Throws UsageError (exit 2) naming
// the setting for a bad value or a missing key.
ScorecardSettings scorecard_settings(const Poco::Util::AbstractConfiguration& config, bool read_key = true);

// Trimmed, ASCII-lowercased, the built-in Chinese spellings mapped; empty -> "other".
std::string normalize_role(std::string_view role);

// The weights of a role: the definition's when it names the role, else the defaults.
std::vector<ScorecardWeight> role_weights(const ScorecardSettings& settings, const std::string& role);

// Attainment of v against r for a KPI of the given direction (nullopt = null).
std::optional<double> attainment(Direction direction, std::optional<double> v, std::optional<double> r, double cap);

// One agent as the scoring sees it.
struct ScorecardInput {
    std::string agent_id;
    std::optional<std::string> team;
    std::string role;  // normalised
    TicketStats tickets;
    SurveyStats surveys;
};

// Scores, ranks and bands every agent. `has_surveys`: a surveys export was read (else
// csat.rate and nps.score are null for everyone).
Scorecards score_agents(const std::vector<ScorecardInput>& agents, const TicketColumns& columns, bool has_surveys,
                        const ScorecardSettings& settings);

// The agents of the aggregate's report year with their roster role and team, scored.
Scorecards build_scorecards(const MonthlyAggregate& aggregate, const ScorecardSettings& settings);

// HMAC-SHA256(key, text) as lowercase hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view text);
// The stable pseudonym of an agent id: "agent-" + the first 16 hex digits of the HMAC.
std::string agent_pseudonym(std::string_view key, std::string_view agent_id);
// Replaces every agent id by its pseudonym (ranks stay as decided on the real ids) and
// lists the unranked agents by pseudonym.
void pseudonymize(Scorecards& scorecards, std::string_view key);

}  // namespace cskpi
