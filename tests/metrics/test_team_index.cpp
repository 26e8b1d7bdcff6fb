// TeamIndex against a plain map from key to position: every given key finds its own
// index, and keys not given (0 among them) find none, for table sizes up to thousands.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <vector>

#include "metrics/team_index.hpp"

using cskpi::TeamIndex;

TEST_CASE("TeamIndex finds each key's position and nothing else", "[metrics][keys]") {
    std::mt19937 rng(7);
    for (const std::size_t n : {0u, 1u, 3u, 8u, 50u, 3000u}) {
        INFO("keys: " << n);
        std::map<std::uint32_t, std::size_t> expected;
        std::vector<std::uint32_t> keys;
        while (keys.size() < n) {
            // Odd keys as the parser makes them, some sharing their low bits to force probing.
            const std::uint32_t key = keys.size() % 4 == 0 ? (std::uint32_t(keys.size()) << 20) | 1u : rng() | 1u;
            if (expected.emplace(key, keys.size()).second) keys.push_back(key);
        }
        const TeamIndex index(keys);
        REQUIRE(index.size() == n);
        for (const auto& [key, position] : expected) {
            REQUIRE(index.index_of(key) == position);
            REQUIRE(index.key(position) == key);
        }
        REQUIRE(index.index_of(0) == TeamIndex::npos);
        for (int i = 0; i < 1000; ++i) {
            const std::uint32_t other = rng() | 1u;
            if (!expected.count(other)) REQUIRE(index.index_of(other) == TeamIndex::npos);
        }
    }
}
