// IdKeySet against std::set: sequential numeric ids (which a weak slot choice would pile
// up), hashed ids, keys absent from the set, repeats, and a set filled to its planned size.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "ingest/id_key_set.hpp"
#include "ingest/records.hpp"

TEST_CASE("id key set answers as std::set does", "[ingest][keys]") {
    const std::size_t planned = GENERATE(std::size_t(0), std::size_t(1), std::size_t(10), std::size_t(100000));
    std::mt19937_64 rng(planned);
    cskpi::IdKeySet set(planned);
    std::set<std::uint64_t> reference;
    for (std::size_t i = 0; i < planned; ++i) {
        // Half sequential numeric ids ("1000", "1001", ...), half hashed ones ("T…").
        const std::uint64_t key = i % 2 ? cskpi::id_key(std::to_string(1000 + i))
                                        : cskpi::id_key("T" + std::to_string(rng() % (planned * 2 + 1)));
        REQUIRE(set.insert(key) == reference.insert(key).second);
    }
    for (std::size_t i = 0; i < 2 * planned + 100; ++i) {
        for (const std::uint64_t key : {cskpi::id_key(std::to_string(1000 + i)), cskpi::id_key("T" + std::to_string(i))}) {
            INFO("key " << key);
            REQUIRE(set.contains(key) == (reference.count(key) == 1));
        }
    }
}

TEST_CASE("a default id key set contains nothing and takes keys", "[ingest][keys]") {
    cskpi::IdKeySet set;
    CHECK_FALSE(set.contains(cskpi::id_key("1")));
    CHECK_FALSE(set.contains(cskpi::id_key("T1")));
    CHECK(set.insert(cskpi::id_key("T1")));
    CHECK_FALSE(set.insert(cskpi::id_key("T1")));
    CHECK(set.contains(cskpi::id_key("T1")));
    CHECK_FALSE(set.contains(cskpi::id_key("1")));
}
