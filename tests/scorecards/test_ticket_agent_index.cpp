// The ticket -> agent index behind the survey-to-agent join: exact for every key, including
// keys that share their bucket, digit-string keys (their exact value) and absent keys.
#include <catch2/catch.hpp>

#include <random>
#include <thread>
#include <vector>

#include "ingest/records.hpp"
#include "ingest/ticket_agent_index.hpp"

using cskpi::TicketAgentIndex;

TEST_CASE("ticket agent index: every added key finds its agent, nothing else is found", "[scorecards][ingest]") {
    std::mt19937_64 rng(7);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> tickets;
    for (std::uint64_t i = 1; i <= 3000; ++i) tickets.push_back({i, std::uint32_t(1 + i % 37)});  // digit ids 1..3000
    for (int i = 0; i < 3000; ++i) tickets.push_back({rng() | 1, std::uint32_t(1 + rng() % 37)});
    tickets.push_back({cskpi::id_key("T00000001"), 5});
    TicketAgentIndex index;
    index.plan(tickets.size(), 37);
    for (const auto& [key, agent] : tickets) index.count(key);
    index.allocate();
    for (const auto& [key, agent] : tickets) index.add(key, agent);
    CHECK(index.size() == tickets.size());
    for (const auto& [key, agent] : tickets) {
        INFO(key);
        REQUIRE(index.agent_of(key) == agent);
    }
    CHECK(index.agent_of(3001) == 0);
    CHECK(index.agent_of(cskpi::id_key("T00000002")) == 0);
    for (int i = 0; i < 1000; ++i) CHECK(index.agent_of(rng() & ~1ull) == 0);  // even keys were never added
    CHECK(index.bytes() <= tickets.size() * 8 + (tickets.size() / 8 + 64) * 4);
}

TEST_CASE("ticket agent index: more agents than tickets a bucket, and an empty index", "[scorecards][ingest]") {
    TicketAgentIndex index;
    index.plan(3, 100000);
    for (std::uint64_t k : {11ull, 12ull, 13ull}) index.count(k);
    index.allocate();
    index.add(11, 99999);
    index.add(12, 1);
    index.add(13, 65536);
    CHECK(index.agent_of(11) == 99999);
    CHECK(index.agent_of(12) == 1);
    CHECK(index.agent_of(13) == 65536);
    TicketAgentIndex empty;
    CHECK(empty.agent_of(11) == 0);
}

TEST_CASE("ticket agent index: writers on separate threads, each adding the tickets it counted",
          "[scorecards][ingest]") {
    std::mt19937_64 rng(3);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> tickets;
    for (int i = 0; i < 20000; ++i) tickets.push_back({rng() | 1, std::uint32_t(1 + rng() % 500)});
    constexpr unsigned kWriters = 3;
    const auto share = [&](unsigned w) {  // writer w's tickets
        return std::pair(tickets.begin() + std::ptrdiff_t(tickets.size() * w / kWriters),
                         tickets.begin() + std::ptrdiff_t(tickets.size() * (w + 1) / kWriters));
    };
    TicketAgentIndex index;
    index.plan(tickets.size(), 500, kWriters);
    const auto on_each_writer = [&](auto&& step) {
        std::vector<std::thread> pool;
        for (unsigned w = 0; w < kWriters; ++w) pool.emplace_back([&, w] {
            auto [begin, end] = share(w);
            for (auto it = begin; it != end; ++it) step(w, it->first, it->second);
        });
        for (auto& t : pool) t.join();
    };
    on_each_writer([&](unsigned w, std::uint64_t key, std::uint32_t) { index.count(w, key); });
    index.allocate();
    on_each_writer([&](unsigned w, std::uint64_t key, std::uint32_t agent) { index.add(w, key, agent); });
    index.finish();
    CHECK(index.size() == tickets.size());
    for (const auto& [key, agent] : tickets) REQUIRE(index.agent_of(key) == agent);
    for (int i = 0; i < 1000; ++i) CHECK(index.agent_of(rng() & ~1ull) == 0);
    CHECK(index.bytes() <= tickets.size() * 8 + (tickets.size() / 8 + 64) * 4);  // the writers' cursors are gone
}

TEST_CASE("ticket agent index by range: sequential keys, gaps, edges and keys outside", "[scorecards][ingest]") {
    // Tickets T00000101..T00000900, every third without an agent, written by two threads.
    const std::uint64_t least = cskpi::id_key("T00000101");
    TicketAgentIndex index;
    index.plan_range(least, 800);
    REQUIRE(index.by_range());
    index.count(0, least);  // nothing to count by range
    index.allocate();
    auto agent_for = [](std::uint64_t i) { return i % 3 == 0 ? 0u : std::uint32_t(1 + i % 41); };
    std::thread other([&] {
        for (std::uint64_t i = 400; i < 800; ++i)
            if (agent_for(i)) index.add(1, least + i, agent_for(i));
    });
    for (std::uint64_t i = 0; i < 400; ++i)
        if (agent_for(i)) index.add(0, least + i, agent_for(i));
    other.join();
    index.finish();
    std::size_t with_agent = 0;
    for (std::uint64_t i = 0; i < 800; ++i) {
        INFO(i);
        REQUIRE(index.agent_of(least + i) == agent_for(i));
        with_agent += agent_for(i) != 0;
    }
    CHECK(index.size() == with_agent);
    CHECK(index.agent_of(least - 1) == 0);
    CHECK(index.agent_of(least + 800) == 0);
    CHECK(index.agent_of(cskpi::id_key("12345")) == 0);
    CHECK(index.bytes() == 800 * 4);
    CHECK_THROWS(index.add(0, least + 800, 1));
}
