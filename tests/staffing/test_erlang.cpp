// Erlang C of docs/contract/staffing.md section 2 against the contract's reference point,
// the published Erlang C table for A = 10 Erlangs, and large traffic.
#include <catch2/catch.hpp>

#include <cmath>

#include "staffing/erlang.hpp"

using namespace cskpi;

TEST_CASE("Erlang B and C by hand for one and two agents", "[staffing][erlang]") {
    // A = 1, N = 2: B(1) = 1·1/(1+1) = 1/2, B(2) = 1·(1/2)/(2 + 1/2) = 0.2,
    // C = 2·0.2 / (2 − 1·(1 − 0.2)) = 0.4 / 1.2 = 1/3.
    CHECK(erlang_b(2, 1.0) == Approx(0.2).epsilon(1e-15));
    CHECK(erlang_c(2, 1.0) == Approx(1.0 / 3).epsilon(1e-15));
    // One agent: C(1, A) = A (the agent is busy with probability A): B(1) = 0.5/1.5 = 1/3,
    // C = (1/3) / (1 − 0.5·2/3) = 0.5.
    CHECK(erlang_c(1, 0.5) == Approx(0.5).epsilon(1e-15));
}

TEST_CASE("Erlang C matches the published table for A = 10", "[staffing][erlang]") {
    // Probability of waiting for 10 Erlangs (standard Erlang C tables, 4 decimals), and
    // SL = 1 − C·exp(−(N − A)·20/180) for T = 20 s, aht = 180 s.
    struct Row { int n; double c, sl; };
    const Row rows[] = {{11, 0.6821, 0.3896}, {12, 0.4494, 0.6402}, {13, 0.2853, 0.7956},
                        {14, 0.1741, 0.8884}, {15, 0.1020, 0.9415}};
    for (const auto& r : rows) {
        INFO("N = " << r.n);
        CHECK(erlang_c(r.n, 10) == Approx(r.c).margin(5e-5));
        CHECK(service_level(r.n, 10, 20, 180) == Approx(r.sl).margin(5e-5));
    }
}

TEST_CASE("the contract's reference point needs 14 agents", "[staffing][erlang]") {
    // 100 calls in 30 min at aht 180 s: A = 100·180/1800 = 10. N = 13 gives SL 0.7956 < 0.8;
    // N = 14 gives SL 0.8884 and occupancy 10/14 = 0.7143 ≤ 0.85.
    const double a = 100.0 * 180 / 1800;
    CHECK(required_agents({a, 0.8, 0.85, 20, 180}) == 14);
    CHECK(erlang_c(14, a) == Approx(0.1741).margin(5e-5));
    CHECK(service_level(13, a, 20, 180) == Approx(0.7956).margin(5e-5));
    CHECK(a / 14 == Approx(0.7143).margin(5e-5));
}

TEST_CASE("the occupancy cap and the service level each bind", "[staffing][erlang]") {
    // A = 10 with a lax SL target (0.3): N = 11 has SL 0.3896, but 10/11 = 0.909 > 0.85;
    // 10/12 = 0.833 ≤ 0.85 → 12.
    CHECK(required_agents({10, 0.3, 0.85, 20, 180}) == 12);
    // Without an occupancy cap (1.0) the SL target alone: 11.
    CHECK(required_agents({10, 0.3, 1.0, 20, 180}) == 11);
    // A stricter SL target 0.9: N = 14 has 0.8884, N = 15 has 0.9415 → 15.
    CHECK(required_agents({10, 0.9, 0.85, 20, 180}) == 15);
    // No traffic, no agents; any traffic at all needs one.
    CHECK(required_agents({0, 0.8, 0.85, 20, 180}) == 0);
    CHECK(required_agents({1e-9, 0.8, 0.85, 20, 180}) == 1);
    // A whole number of Erlangs: N must exceed A (N = A is an unstable queue).
    CHECK(required_agents({2, 0.01, 1.0, 20, 180}) == 3);
}

TEST_CASE("large traffic stays finite", "[staffing][erlang]") {
    // A factorial form overflows a double at 171!; the B recursion never leaves [0, 1].
    for (double a : {300.0, 500.0, 1000.0, 5000.0}) {
        INFO("A = " << a);
        const int n = int(a) + 40;
        const double c = erlang_c(n, a);
        CHECK(std::isfinite(c));
        CHECK(c > 0);
        CHECK(c < 1);
        CHECK(std::isfinite(service_level(n, a, 30, 300)));
    }
    // With the default targets the occupancy cap binds at this size: N = ceil(A / 0.85)
    // (300/0.85 = 352.9 → 353; 500/0.85 = 588.2 → 589), and C is tiny but positive.
    CHECK(required_agents({300, 0.8, 0.85, 30, 300}) == 353);
    CHECK(required_agents({500, 0.8, 0.85, 30, 300}) == 589);
    CHECK(erlang_c(589, 500) == Approx(6.0834e-05).epsilon(1e-4));
    // Without the cap the SL target decides: SL(510) = 0.7976, SL(511) = 0.8283 → 511.
    CHECK(required_agents({500, 0.8, 1.0, 30, 300}) == 511);
    CHECK(service_level(510, 500, 30, 300) == Approx(0.7976).margin(5e-5));
    CHECK(service_level(511, 500, 30, 300) == Approx(0.8283).margin(5e-5));
}
