// Role scorecards (docs/contract/scorecards.md) on a fixture small enough to score by hand:
// tests/fixtures/scorecards, time zone UTC, year-end 2026, as_of = 2027-01-01 00:00.
// Settings: min_tickets = 2, cap 1.5, star 110, improve 90 (defaults); the social role is
// named in the definition: csat.rate 50, complaint.rate 25, sla.overdue_rate 25, nps.score 0.
//
// Roster roles: P1 电话客服, P2 " PHONE ", P3 电话 (left in 2020: out of period, still
// counts) -> phone; E10, E3 技术支持, E2 tech_support -> tech_support; M1 社媒客服, M2 社交媒体,
// M3 social -> social; Y1 empty role -> other; X9 not on the roster -> other; Z1 has no
// ticket -> not an agent. T3 appears twice: the later row (agent P2) wins.
//
// phone (default weights frt 40, csat 30, fcr 15, aht 15), tickets of 2026:
//   P1: T1 frt 10 min, contacts 1, 600 s; T2 frt 30, contacts 2, 1200 s
//       -> frt 20, fcr 1/2, aht 15 min; surveys of 2026 joined: S1 (T1) 5, S2 (T2) 2,
//       S3 (T0, a 2025 ticket of P1) 5 -> csat 2/3
//   P2: T3, T4 frt 10, contacts 1, 300 s -> frt 10, fcr 1, aht 5; S4 (T3) 4 -> csat 1;
//       S5 (T4) was submitted in 2025: not counted
//   P3: T5 replied at once -> frt 0, fcr 1, aht 10; S6 3 -> csat 0; 1 ticket: not eligible
//   reference over all 5 tickets: frt (10+30+10+10+0)/5 = 12, fcr 4/5 = 0.8,
//   aht (10+20+5+5+10)/5 = 10, csat: S1, S3, S4 satisfied of S1, S2, S3, S4, S6 = 3/5 = 0.6
//   P1: 12/20 = 0.6, (2/3)/0.6 = 10/9, 0.5/0.8 = 0.625, 10/15 = 2/3
//       score 40*0.6 + 30*10/9 + 15*0.625 + 15*2/3 = 24 + 33.333.. + 9.375 + 10 = 76.708333.. -> improve
//   P2: 12/10 = 1.2, 1/0.6 = 5/3 -> cap 1.5, 1/0.8 = 1.25, 10/5 = 2 -> cap 1.5
//       score 48 + 45 + 18.75 + 22.5 = 134.25 -> star
//   P3: v = 0 (down) -> cap 1.5, 0/0.6 = 0, 1.25, 10/10 = 1
//       score 60 + 0 + 18.75 + 15 = 93.75 -> meets, not ranked
//   ranks: P2 1, P1 2; listed P2, P1, P3
// tech_support (fcr 50, resolution 20, frt 15, tickets.volume 15):
//   E10, E2: 2 tickets each, frt 6 min, resolved in 2 h, contacts 1 -> fcr 1
//   E3: 4 tickets, frt 6, resolved in 4 h, contacts 2 -> fcr 0
//   reference: fcr 4/8 = 0.5, resolution (4*2 + 4*4)/8 = 3, frt 6, volume (2+2+4)/3 = 8/3
//   E10, E2: 1/0.5 = 2 -> cap 1.5, 3/2 = 1.5, 1, 2/(8/3) = 0.75
//       score 75 + 30 + 15 + 11.25 = 131.25 -> star; a tie: "E10" < "E2" in byte order
//   E3: 0, 3/4 = 0.75, 1, 4/(8/3) = 1.5 -> score 0 + 15 + 15 + 22.5 = 52.5 -> improve
//   ranks: E10 1, E2 2, E3 3
// social (csat 50, complaint 25, sla 25, nps 0), no complaint anywhere:
//   M1: V1 resolved after its due_at, V2 on time -> sla 1/2; no survey -> csat, nps null
//   M3: V3, V4 on time -> sla 0; S7 (V3) csat 5, nps 10 -> csat 1, nps 100
//   M2: V5, V6 unresolved, due after as_of -> sla null (nothing evaluable); no survey
//   reference: csat 1/1 = 1, complaint 0/6 = 0, sla 1/4 = 0.25, nps 100
//   M1: csat null, complaint r = v = 0 -> 1, sla 0.25/0.5 = 0.5; weight with an
//       attainment 50 of 100: exactly half, scored: 100*(25*1 + 25*0.5)/50 = 75 -> improve
//   M3: 1, 1, v = 0 -> cap 1.5, 100/100 = 1 (weight 0): 100*(50 + 25 + 37.5 + 0)/100 = 112.5 -> star
//   M2: only complaint (25 of 100) has an attainment: less than half -> no score, no rank
//   ranks: M3 1, M1 2; listed M3, M1, M2
// other (frt 25, resolution 25, fcr 25, csat 25):
//   X9, Y1: 2 tickets each, frt 20, resolved in 1 h, contacts 3 -> fcr 0; no surveys
//   reference: frt 20, resolution 1, fcr 0 (r <= 0, direction up: null), csat null
//   both: 1, 1, null, null -> exactly half the weight: score 100 -> meets; tie, X9 < Y1
#include <catch2/catch.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <cstdlib>

#include "core/errors.hpp"
#include "scorecard_run.hpp"
#include "scorecards/scorecards.hpp"

using namespace cskpi;

namespace {

inline Approx exactly(double expected) { return Approx(expected).epsilon(1e-12).margin(1e-12); }

const Summary& fixture() {
    static const Summary s = test::scorecard_fixture_summary(test::fixture_settings());
    return s;
}

const RoleScorecard& role(const Scorecards& sc, const std::string& name) {
    for (const auto& r : sc.roles)
        if (r.role == name) return r;
    FAIL("no role " << name);
    throw;
}

const ScorecardAgent& agent(const RoleScorecard& r, const std::string& id) {
    for (const auto& a : r.agents)
        if (a.agent_id == id) return a;
    FAIL("no agent " << id << " in " << r.role);
    throw;
}

std::size_t col(const RoleScorecard& r, const std::string& kpi) {
    for (std::size_t k = 0; k < r.weights.size(); ++k)
        if (r.weights[k].kpi_id == kpi) return k;
    FAIL("no weight " << kpi << " in " << r.role);
    throw;
}

std::vector<std::string> order(const RoleScorecard& r) {
    std::vector<std::string> ids;
    for (const auto& a : r.agents) ids.push_back(a.agent_id);
    return ids;
}

}  // namespace

TEST_CASE("scorecards: roles from the roster, Chinese spellings, agents without a roster row", "[scorecards]") {
    const auto& sc = *fixture().scorecards;
    std::vector<std::string> roles;
    for (const auto& r : sc.roles) roles.push_back(r.role);
    CHECK(roles == std::vector<std::string>{"other", "phone", "social", "tech_support"});
    CHECK(order(role(sc, "phone")) == std::vector<std::string>{"P2", "P1", "P3"});
    CHECK(*agent(role(sc, "phone"), "P1").team == "Voice A");
    CHECK(*agent(role(sc, "phone"), "P2").team == "Voice B");
    CHECK_FALSE(agent(role(sc, "social"), "M3").team);   // on the roster without a team
    CHECK_FALSE(agent(role(sc, "other"), "X9").team);    // not on the roster
    CHECK(*agent(role(sc, "other"), "Y1").team == "Desk");
    // T3's later row (P2) wins; T6 has no agent; T0 is of 2025.
    CHECK(agent(role(sc, "phone"), "P1").tickets == 2);
    CHECK(agent(role(sc, "phone"), "P2").tickets == 2);
    CHECK(agent(role(sc, "phone"), "P3").tickets == 1);
}

TEST_CASE("scorecards: phone references, attainment with the cap and v = 0, scores and bands", "[scorecards]") {
    const auto& r = role(*fixture().scorecards, "phone");
    REQUIRE(r.weights.size() == 4);
    CHECK(r.weights[0].kpi_id == "frt.mean_min");
    CHECK(r.weights[0].weight == 40);
    const auto frt = col(r, "frt.mean_min"), csat = col(r, "csat.rate"), fcr = col(r, "fcr.rate"),
               aht = col(r, "aht.mean_min");
    CHECK(*r.reference[frt] == exactly(12));
    CHECK(*r.reference[csat] == exactly(0.6));
    CHECK(*r.reference[fcr] == exactly(0.8));
    CHECK(*r.reference[aht] == exactly(10));

    const auto& p1 = agent(r, "P1");
    CHECK(*p1.kpis[frt] == exactly(20));
    CHECK(*p1.kpis[csat] == exactly(2.0 / 3));  // includes S3, joined to a 2025 ticket
    CHECK(*p1.kpis[aht] == exactly(15));
    CHECK(*p1.attainment[frt] == exactly(0.6));
    CHECK(*p1.attainment[csat] == exactly(10.0 / 9));
    CHECK(*p1.attainment[fcr] == exactly(0.625));
    CHECK(*p1.attainment[aht] == exactly(2.0 / 3));
    CHECK(*p1.score == exactly(24 + 100.0 / 3 + 9.375 + 10));
    CHECK(p1.band == "improve");
    CHECK(*p1.rank == 2);

    const auto& p2 = agent(r, "P2");
    CHECK(*p2.kpis[csat] == exactly(1));  // S5 (2025) not counted
    CHECK(*p2.attainment[csat] == exactly(1.5));  // 1/0.6, capped
    CHECK(*p2.attainment[aht] == exactly(1.5));   // 10/5 = 2, capped
    CHECK(*p2.score == exactly(134.25));
    CHECK(p2.band == "star");
    CHECK(*p2.rank == 1);

    const auto& p3 = agent(r, "P3");
    CHECK(*p3.kpis[frt] == exactly(0));
    CHECK(*p3.attainment[frt] == exactly(1.5));  // v = 0, direction down: cap
    CHECK(*p3.attainment[csat] == exactly(0));
    CHECK(*p3.score == exactly(93.75));
    CHECK(p3.band == "meets");
    CHECK_FALSE(p3.eligible);
    CHECK_FALSE(p3.rank);  // scored and banded, not ranked
}

TEST_CASE("scorecards: tickets.volume reference over eligible agents and ties by agent_id", "[scorecards]") {
    const auto& r = role(*fixture().scorecards, "tech_support");
    const auto vol = col(r, "tickets.volume"), res = col(r, "resolution.mean_h"), fcr = col(r, "fcr.rate");
    CHECK(*r.reference[vol] == exactly(8.0 / 3));
    CHECK(*r.reference[res] == exactly(3));
    CHECK(*r.reference[fcr] == exactly(0.5));
    CHECK(order(r) == std::vector<std::string>{"E10", "E2", "E3"});
    CHECK(*agent(r, "E10").score == exactly(131.25));
    CHECK(*agent(r, "E2").score == exactly(131.25));
    CHECK(*agent(r, "E10").rank == 1);  // tie: "E10" < "E2" in byte order
    CHECK(*agent(r, "E2").rank == 2);
    CHECK(*agent(r, "E10").attainment[vol] == exactly(0.75));
    CHECK(*agent(r, "E3").attainment[vol] == exactly(1.5));
    CHECK(*agent(r, "E3").attainment[fcr] == exactly(0));
    CHECK(*agent(r, "E3").score == exactly(52.5));
    CHECK(agent(r, "E3").band == "improve");
}

TEST_CASE("scorecards: the half-weight rule, r = v = 0, weights from the definition", "[scorecards]") {
    const auto& r = role(*fixture().scorecards, "social");
    REQUIRE(r.weights.size() == 4);  // the definition's weights only, nps.score 0 kept
    const auto csat = col(r, "csat.rate"), compl_ = col(r, "complaint.rate"), sla = col(r, "sla.overdue_rate"),
               nps = col(r, "nps.score");
    CHECK(r.weights[nps].weight == 0);
    CHECK(*r.reference[compl_] == exactly(0));
    CHECK(*r.reference[sla] == exactly(0.25));
    CHECK(*r.reference[nps] == exactly(100));
    const auto& m1 = agent(r, "M1");
    CHECK_FALSE(m1.attainment[csat]);
    CHECK(*m1.attainment[compl_] == exactly(1));  // r = v = 0
    CHECK(*m1.attainment[sla] == exactly(0.5));
    CHECK(*m1.score == exactly(75));  // exactly half the weight: scored
    CHECK(m1.band == "improve");
    const auto& m3 = agent(r, "M3");
    CHECK(*m3.attainment[sla] == exactly(1.5));  // v = 0 against r = 0.25
    CHECK(*m3.attainment[nps] == exactly(1));
    CHECK(*m3.score == exactly(112.5));
    CHECK(m3.band == "star");
    const auto& m2 = agent(r, "M2");
    CHECK_FALSE(m2.kpis[sla]);
    CHECK_FALSE(m2.score);  // 25 of 100: less than half
    CHECK_FALSE(m2.rank);
    CHECK(m2.band.empty());
    CHECK(order(r) == std::vector<std::string>{"M3", "M1", "M2"});

    const auto& o = role(*fixture().scorecards, "other");
    CHECK(*o.reference[col(o, "fcr.rate")] == 0);  // r = 0, direction up: attainment null
    CHECK(*o.reference[col(o, "frt.mean_min")] == exactly(20));
    CHECK_FALSE(agent(o, "X9").attainment[col(o, "fcr.rate")]);
    CHECK(*agent(o, "X9").score == exactly(100));
    CHECK(*agent(o, "X9").rank == 1);
    CHECK(*agent(o, "Y1").rank == 2);
    CHECK(agent(o, "Y1").band == "meets");
}

TEST_CASE("scorecards: bands follow star_score and improve_score, min_tickets decides ranking", "[scorecards]") {
    auto settings = test::fixture_settings();
    settings["star_score"] = "134.25";   // P2 exactly at the line: star
    settings["improve_score"] = "93.75"; // P3 exactly at the line: meets
    settings["min_tickets"] = "1";       // P3 now ranked
    const auto s = test::scorecard_fixture_summary(settings);
    const auto& r = role(*s.scorecards, "phone");
    CHECK(agent(r, "P2").band == "star");
    CHECK(agent(r, "P3").band == "meets");
    CHECK(agent(r, "P1").band == "improve");
    CHECK(*agent(r, "P3").rank == 2);
    CHECK(*agent(r, "P1").rank == 3);
    // tickets.volume reference over eligible agents: now all three of tech_support -> still 8/3
    const auto& t = role(*s.scorecards, "tech_support");
    CHECK(*t.reference[col(t, "tickets.volume")] == exactly(8.0 / 3));
}

TEST_CASE("scorecards: without a surveys export csat is null and the half-weight rule applies", "[scorecards]") {
    const auto s = test::scorecard_fixture_summary(test::fixture_settings(), false);
    const auto& r = role(*s.scorecards, "phone");
    CHECK_FALSE(r.reference[col(r, "csat.rate")]);
    // P1: 70 of 100 weight left: 100*(40*0.6 + 15*0.625 + 15*2/3)/70 = 100*43.375/70
    CHECK(*agent(r, "P1").score == exactly(100 * 43.375 / 70));
}

TEST_CASE("scorecards: a tickets.volume reference is null when the role has no eligible agent", "[scorecards]") {
    auto settings = test::fixture_settings();
    settings["min_tickets"] = "5";
    const auto s = test::scorecard_fixture_summary(settings);
    const auto& t = role(*s.scorecards, "tech_support");
    CHECK_FALSE(t.reference[col(t, "tickets.volume")]);
    for (const auto& a : t.agents) CHECK_FALSE(a.rank);
    // E3: fcr 0, resolution 0.75, frt 1 over 85 of 100: 100*(0 + 15 + 15)/85
    CHECK(*agent(t, "E3").score == exactly(100 * 30.0 / 85));
}

TEST_CASE("scorecards: attainment edge cases", "[scorecards]") {
    CHECK(*attainment(Direction::down, 0.0, 0.0, 1.5) == 1);
    CHECK(*attainment(Direction::down, 0.0, 3.0, 1.5) == 1.5);
    CHECK(*attainment(Direction::down, 2.0, 0.0, 1.5) == 0);
    CHECK_FALSE(attainment(Direction::up, 2.0, 0.0, 1.5));
    CHECK_FALSE(attainment(Direction::up, 2.0, -1.0, 1.5));
    CHECK_FALSE(attainment(Direction::none, 2.0, std::nullopt, 1.5));
    CHECK(*attainment(Direction::up, -20.0, 10.0, 1.5) == 0);  // nps below 0: clamped
    CHECK(*attainment(Direction::none, 30.0, 10.0, 2.0) == 2);
}

TEST_CASE("scorecards: role names and settings", "[scorecards]") {
    CHECK(normalize_role(" Tech_Support ") == "tech_support");
    CHECK(normalize_role("社交媒体") == "social");
    CHECK(normalize_role("电话") == "phone");
    CHECK(normalize_role("") == "other");
    auto settings_of = [](std::map<std::string, std::string> kv) {
        Poco::AutoPtr<Poco::Util::MapConfiguration> m = new Poco::Util::MapConfiguration;
        for (const auto& [k, v] : kv) m->setString("scorecard." + k, v);
        return scorecard_settings(*m);
    };
    CHECK_THROWS_AS(settings_of({{"role.phone.repeat.rate", "10"}}), UsageError);
    CHECK_THROWS_AS(settings_of({{"role.phone.fcr.rate", "-1"}}), UsageError);
    CHECK_THROWS_AS(settings_of({{"min_tickets", "2.5"}}), UsageError);
    CHECK_THROWS_AS(settings_of({{"cap", "0.5"}}), UsageError);
    CHECK_THROWS_AS(settings_of({{"star_score", "80"}}), UsageError);  // below improve_score 90
    CHECK_THROWS_AS(settings_of({{"colour", "red"}}), UsageError);
    CHECK_THROWS_AS(settings_of({{"pseudonymize", "true"}}), UsageError);  // no key variable named
    ::unsetenv("CSKPI_TEST_NO_SUCH_KEY");
    CHECK_THROWS_AS(settings_of({{"pseudonymize", "true"}, {"pseudonym_key_env", "CSKPI_TEST_NO_SUCH_KEY"}}),
                    UsageError);
    {
        // Monthly runs (no scorecards) and enabled = false need no key.
        Poco::AutoPtr<Poco::Util::MapConfiguration> m = new Poco::Util::MapConfiguration;
        m->setString("scorecard.pseudonymize", "true");
        CHECK_NOTHROW(scorecard_settings(*m, false));
        m->setString("scorecard.enabled", "false");
        CHECK_NOTHROW(scorecard_settings(*m, true));
    }
    const auto s = settings_of({{"role.电话客服.fcr.rate", "0"}, {"role.phone.csat.rate", "5"}});
    const auto w = role_weights(s, "phone");
    REQUIRE(w.size() == 2);  // the defaults are replaced
    CHECK(w[0].kpi_id == "fcr.rate");
    CHECK(w[0].weight == 0);
    CHECK(w[1].kpi_id == "csat.rate");
    CHECK(role_weights(s, "tech_support").size() == 4);
}

TEST_CASE("scorecards: pseudonyms are a keyed HMAC-SHA256, ranks decided on the real ids", "[scorecards]") {
    // RFC 4231 test case 2.
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    ::setenv("CSKPI_TEST_PSEUDONYM_KEY", "k3y", 1);
    auto settings = test::fixture_settings();
    settings["pseudonymize"] = "true";
    settings["pseudonym_key_env"] = "CSKPI_TEST_PSEUDONYM_KEY";
    const auto s = test::scorecard_fixture_summary(settings);
    const auto& t = role(*s.scorecards, "tech_support");
    CHECK(s.scorecards->pseudonymized);
    // E10 still ranks before E2 (tie decided on the real ids), whatever the pseudonyms' order.
    CHECK(t.agents[0].agent_id == agent_pseudonym("k3y", "E10"));
    CHECK(t.agents[1].agent_id == agent_pseudonym("k3y", "E2"));
    CHECK(*t.agents[0].rank == 1);
    CHECK(t.agents[0].agent_id.size() == 6 + 16);
    CHECK(agent_pseudonym("k3y", "E10") != agent_pseudonym("other key", "E10"));
    for (const auto& r : s.scorecards->roles)
        for (const auto& a : r.agents) CHECK(a.agent_id.rfind("agent-", 0) == 0);
}
