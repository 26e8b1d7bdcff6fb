#include "scorecards/scorecards.hpp"

#include "core/config_keys.hpp"

#include <Poco/Crypto/DigestEngine.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace cskpi {

namespace {

using Poco::Util::AbstractConfiguration;

// docs/contract/scorecards.md "Weights": defaults per role.
const std::vector<ScorecardWeight>& default_weights(const std::string& role) {
    static const std::vector<ScorecardWeight> phone = {
        {"frt.mean_min", 40}, {"csat.rate", 30}, {"fcr.rate", 15}, {"aht.mean_min", 15}};
    static const std::vector<ScorecardWeight> tech = {
        {"fcr.rate", 50}, {"resolution.mean_h", 20}, {"frt.mean_min", 15}, {"tickets.volume", 15}};
    static const std::vector<ScorecardWeight> social = {
        {"csat.rate", 40}, {"frt.mean_min", 30}, {"fcr.rate", 15}, {"tickets.volume", 15}};
    static const std::vector<ScorecardWeight> other = {
        {"frt.mean_min", 25}, {"resolution.mean_h", 25}, {"fcr.rate", 25}, {"csat.rate", 25}};
    if (role == "phone") return phone;
    if (role == "tech_support") return tech;
    if (role == "social") return social;
    return other;
}


double number_of(const AbstractConfiguration& c, const std::string& key) {
    const std::string text = c.getString(key);
    const auto v = parse_number(trim(text));
    if (!v) throw UsageError("setting " + key + " = '" + text + "' is not a number");
    return *v;
}

bool bool_of(const AbstractConfiguration& c, const std::string& key) {
    const std::string text = c.getString(key);
    const auto v = parse_bool(trim(text));
    if (!v) throw UsageError("setting " + key + " = '" + text + "' is not true/false");
    return *v;
}

Direction direction_of(std::string_view id) {
    const KpiInfo* info = find_kpi(id);
    return info ? info->direction : Direction::none;
}

std::size_t agent_kpi_order(std::string_view id) {
    return std::size_t(std::find(kAgentKpis.begin(), kAgentKpis.end(), id) - kAgentKpis.begin());
}

}  // namespace

std::string normalize_role(std::string_view role) {
    const std::string r = to_lower_ascii(trim(role));
    if (r.empty()) return "other";
    if (r == "电话" || r == "电话客服") return "phone";
    if (r == "技术支持") return "tech_support";
    if (r == "社交媒体" || r == "社媒客服") return "social";
    return r;
}

ScorecardSettings scorecard_settings(const AbstractConfiguration& config, bool read_key) {
    ScorecardSettings s;
    for (const auto& rest : keys_under(config, "scorecard")) {
        const std::string key = "scorecard." + rest;
        if (rest == "enabled") {
            s.enabled = bool_of(config, key);
        } else if (rest == "pseudonymize") {
            s.pseudonymize = bool_of(config, key);
        } else if (rest == "pseudonym_key_env") {
            s.pseudonym_key_env = std::string(trim(config.getString(key)));
        } else if (rest == "min_tickets") {
            const std::string text = config.getString(key);
            const auto v = parse_int(trim(text));
            if (!v || *v < 0) throw UsageError("setting " + key + " = '" + text + "' is not a whole number >= 0");
            s.min_tickets = *v;
        } else if (rest == "cap") {
            s.cap = number_of(config, key);
            if (s.cap < 1) throw UsageError("setting " + key + " must be at least 1");
        } else if (rest == "star_score") {
            s.star_score = number_of(config, key);
        } else if (rest == "improve_score") {
            s.improve_score = number_of(config, key);
        } else if (rest.rfind("role.", 0) == 0) {
            const std::string role_and_kpi = rest.substr(5);
            std::string_view kpi;
            for (auto id : kAgentKpis)
                if (role_and_kpi.size() > id.size() + 1 && role_and_kpi.ends_with(id) &&
                    role_and_kpi[role_and_kpi.size() - id.size() - 1] == '.')
                    kpi = id;
            if (kpi.empty())
                throw UsageError("report definition: " + key + ": the KPI is not one an agent is scored on (" +
                                 "tickets.volume, frt.mean_min, resolution.mean_h, fcr.rate, sla.overdue_rate, "
                                 "complaint.rate, aht.mean_min, csat.rate, nps.score)");
            const std::string role = normalize_role(role_and_kpi.substr(0, role_and_kpi.size() - kpi.size() - 1));
            const double w = number_of(config, key);
            if (w < 0) throw UsageError("setting " + key + " must not be negative");
            auto& list = s.role_weights[role];
            const auto same = std::find_if(list.begin(), list.end(), [&](const auto& x) { return x.kpi_id == kpi; });
            if (same != list.end()) same->weight = w;
            else list.push_back({std::string(kpi), w});
        } else {
            throw UsageError("report definition: " + key +
                             " is not a scorecard setting (enabled, pseudonymize, pseudonym_key_env, min_tickets, "
                             "cap, star_score, improve_score, role.<role>.<kpi id>)");
        }
    }
    if (s.improve_score > s.star_score)
        throw UsageError("setting scorecard.improve_score must not be above scorecard.star_score");
    for (auto& [role, list] : s.role_weights)
        std::sort(list.begin(), list.end(),
                  [](const auto& a, const auto& b) { return agent_kpi_order(a.kpi_id) < agent_kpi_order(b.kpi_id); });
    if (read_key && s.enabled && s.pseudonymize) {
        if (s.pseudonym_key_env.empty())
            throw UsageError("scorecard.pseudonymize = true needs scorecard.pseudonym_key_env, the name of an "
                             "environment variable holding the pseudonym key");
        const char* key = std::getenv(s.pseudonym_key_env.c_str());
        if (!key || !*key)
            throw UsageError("scorecard.pseudonymize = true, but the environment variable " + s.pseudonym_key_env +
                             " (scorecard.pseudonym_key_env) is not set");
        s.pseudonym_key = key;
    }
    return s;
}

std::vector<ScorecardWeight> role_weights(const ScorecardSettings& settings, const std::string& role) {
    const auto named = settings.role_weights.find(role);
    return named != settings.role_weights.end() ? named->second : default_weights(role);
}

std::optional<double> attainment(Direction direction, std::optional<double> v, std::optional<double> r, double cap) {
    if (!v || !r) return std::nullopt;
    double a;
    if (direction == Direction::down) {
        if (*v == 0) a = *r == 0 ? 1.0 : cap;
        else a = *r / *v;
    } else {
        if (*r <= 0) return std::nullopt;
        a = *v / *r;
    }
    return std::clamp(a, 0.0, cap);
}

namespace {

KpiValues agent_values(const TicketStats& tickets, const SurveyStats& surveys, const TicketColumns& columns,
                       bool has_surveys) {
    KpiValues out;
    TicketStats t = tickets;
    t.keep_distributions = false;
    ticket_kpis(t, columns, out);
    if (has_surveys) {
        survey_kpis(surveys, out);
    } else {
        out["csat.rate"] = unavailable("no surveys export");
        out["nps.score"] = unavailable("no surveys export");
    }
    return out;
}

}  // namespace

Scorecards score_agents(const std::vector<ScorecardInput>& agents, const TicketColumns& columns, bool has_surveys,
                        const ScorecardSettings& settings) {
    Scorecards out;
    out.min_tickets = settings.min_tickets;
    out.cap = settings.cap;
    out.star_score = settings.star_score;
    out.improve_score = settings.improve_score;
    std::map<std::string, std::vector<const ScorecardInput*>> by_role;
    for (const auto& a : agents) by_role[a.role].push_back(&a);

    for (const auto& [role, members] : by_role) {
        RoleScorecard rc;
        rc.role = role;
        rc.weights = role_weights(settings, role);
        // The role's level: the same KPIs over all of its agents' tickets and surveys.
        TicketStats all_tickets;
        all_tickets.keep_distributions = false;
        SurveyStats all_surveys;
        double eligible_volume = 0;
        std::int64_t eligible = 0;
        std::vector<KpiValues> values;
        for (const auto* a : members) {
            all_tickets.merge(a->tickets);
            all_surveys.merge(a->surveys);
            if (a->tickets.volume >= settings.min_tickets) {
                eligible_volume += double(a->tickets.volume);
                ++eligible;
            }
            values.push_back(agent_values(a->tickets, a->surveys, columns, has_surveys));
        }
        const KpiValues level = agent_values(all_tickets, all_surveys, columns, has_surveys);
        for (const auto& w : rc.weights) {
            if (w.kpi_id == "tickets.volume")
                rc.reference.push_back(eligible > 0 ? std::optional<double>(eligible_volume / double(eligible))
                                                    : std::nullopt);
            else
                rc.reference.push_back(level.at(w.kpi_id).value);
        }
        double total_weight = 0;
        for (const auto& w : rc.weights) total_weight += w.weight;

        for (std::size_t i = 0; i < members.size(); ++i) {
            const auto& in = *members[i];
            ScorecardAgent a;
            a.agent_id = in.agent_id;
            a.team = in.team;
            a.tickets = in.tickets.volume;
            a.eligible = in.tickets.volume >= settings.min_tickets;
            double weighted = 0, counted_weight = 0;
            for (std::size_t k = 0; k < rc.weights.size(); ++k) {
                const auto& w = rc.weights[k];
                const auto v = values[i].at(w.kpi_id).value;
                const auto att = attainment(direction_of(w.kpi_id), v, rc.reference[k], settings.cap);
                a.kpis.push_back(v);
                a.attainment.push_back(att);
                if (att) {
                    weighted += w.weight * *att;
                    counted_weight += w.weight;
                }
            }
            // Scored when the KPIs with an attainment carry at least half the role's weight.
            if (total_weight > 0 && counted_weight > 0 && !(counted_weight < total_weight / 2))
                a.score = 100.0 * weighted / counted_weight;
            if (a.score)
                a.band = *a.score >= settings.star_score ? "star" : *a.score < settings.improve_score ? "improve" : "meets";
            rc.agents.push_back(std::move(a));
        }
        {
            std::vector<ScorecardAgent*> by_id;
            for (auto& a : rc.agents) by_id.push_back(&a);
            std::sort(by_id.begin(), by_id.end(), [](const auto* x, const auto* y) { return x->agent_id < y->agent_id; });
            for (std::size_t i = 0; i < by_id.size(); ++i) by_id[i]->id_order = std::int64_t(i);
        }
        // Rank: eligible agents with a score, highest first, ties by agent_id (byte order).
        std::vector<ScorecardAgent*> ranked;
        for (auto& a : rc.agents)
            if (a.eligible && a.score) ranked.push_back(&a);
        std::sort(ranked.begin(), ranked.end(), [](const ScorecardAgent* x, const ScorecardAgent* y) {
            if (*x->score != *y->score) return *x->score > *y->score;
            return x->agent_id < y->agent_id;
        });
        for (std::size_t i = 0; i < ranked.size(); ++i) ranked[i]->rank = int(i + 1);
        std::sort(rc.agents.begin(), rc.agents.end(), [](const ScorecardAgent& x, const ScorecardAgent& y) {
            if (x.rank && y.rank) return *x.rank < *y.rank;
            if (x.rank || y.rank) return bool(x.rank);
            return x.agent_id < y.agent_id;
        });
        out.roles.push_back(std::move(rc));
    }
    return out;
}

Scorecards build_scorecards(const MonthlyAggregate& aggregate, const ScorecardSettings& settings) {
    struct OnRoster {
        std::string role;
        std::optional<std::string> team;
    };
    std::unordered_map<std::string, OnRoster> roster;
    if (const Roster* r = aggregate.roster())
        for (const auto& a : r->agents)
            roster[a.agent_id] = {normalize_role(a.role),
                                  a.team.empty() ? std::nullopt : std::optional<std::string>(a.team)};
    std::vector<ScorecardInput> inputs;
    for (auto& a : aggregate.agents_of_year()) {
        ScorecardInput in;
        in.agent_id = std::move(a.agent_id);
        const auto found = roster.find(in.agent_id);
        in.role = found != roster.end() ? found->second.role : "other";
        if (found != roster.end()) in.team = found->second.team;
        in.tickets = a.tickets;
        in.surveys = a.surveys;
        inputs.push_back(std::move(in));
    }
    return score_agents(inputs, aggregate.ticket_columns(), aggregate.has_surveys(), settings);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view text) {
    constexpr std::size_t kBlock = 64;
    std::string k(key);
    if (k.size() > kBlock) {
        Poco::Crypto::DigestEngine h("SHA256");
        h.update(k.data(), k.size());
        const auto d = h.digest();
        k.assign(d.begin(), d.end());
    }
    k.resize(kBlock, '\0');
    std::string inner_pad(kBlock, '\0'), outer_pad(kBlock, '\0');
    for (std::size_t i = 0; i < kBlock; ++i) {
        inner_pad[i] = char(k[i] ^ 0x36);
        outer_pad[i] = char(k[i] ^ 0x5c);
    }
    Poco::Crypto::DigestEngine inner("SHA256");
    inner.update(inner_pad.data(), inner_pad.size());
    inner.update(text.data(), text.size());
    const auto inner_digest = inner.digest();
    Poco::Crypto::DigestEngine outer("SHA256");
    outer.update(outer_pad.data(), outer_pad.size());
    outer.update(inner_digest.data(), inner_digest.size());
    return Poco::Crypto::DigestEngine::digestToHex(outer.digest());
}

std::string agent_pseudonym(std::string_view key, std::string_view agent_id) {
    return "agent-" + hmac_sha256_hex(key, agent_id).substr(0, 16);
}

void pseudonymize(Scorecards& scorecards, std::string_view key) {
    scorecards.pseudonymized = true;
    for (auto& role : scorecards.roles) {
        for (auto& a : role.agents) a.agent_id = agent_pseudonym(key, a.agent_id);
        // Ranked agents keep the order decided on the real ids; the unranked ones are
        // listed by pseudonym, so the listing does not reveal the order of the real ids.
        const auto first_unranked =
            std::find_if(role.agents.begin(), role.agents.end(), [](const auto& a) { return !a.rank; });
        std::sort(first_unranked, role.agents.end(),
                  [](const auto& x, const auto& y) { return x.agent_id < y.agent_id; });
    }
}

}  // namespace cskpi
