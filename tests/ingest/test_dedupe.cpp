// "The later row wins" over many chunks, against a plain map walked the same way.
#include <catch2/catch.hpp>

#include <random>
#include <unordered_set>

#include "ingest/dedupe.hpp"

using namespace cskpi;

namespace {

std::vector<std::vector<bool>> naive_superseded(const std::vector<std::vector<std::uint64_t>>& chunks) {
    std::vector<std::vector<bool>> out(chunks.size());
    std::unordered_set<std::uint64_t> seen;
    for (std::size_t c = chunks.size(); c-- > 0;) {
        out[c].assign(chunks[c].size(), false);
        for (std::size_t i = chunks[c].size(); i-- > 0;)
            if (!seen.insert(chunks[c][i]).second) out[c][i] = true;
    }
    return out;
}

}  // namespace

TEST_CASE("dedupe marks exactly the earlier rows of repeated ids", "[dedupe]") {
    std::mt19937_64 random(7);
    std::vector<std::vector<std::uint64_t>> chunks(37);
    std::vector<std::uint64_t> issued;
    for (auto& chunk : chunks)
        for (int i = 0; i < 5000; ++i) {
            // About 1 % repeats of an id issued earlier, some of them several times.
            std::uint64_t key = (random() % 100 == 0 && !issued.empty()) ? issued[random() % issued.size()]
                                                                           : (random() | 1);
            chunk.push_back(key);
            issued.push_back(key);
        }
    std::vector<const std::vector<std::uint64_t>*> views;
    for (const auto& c : chunks) views.push_back(&c);
    const auto expected = naive_superseded(chunks);
    std::size_t repeats = 0;
    for (const auto& c : expected) repeats += std::size_t(std::count(c.begin(), c.end(), true));
    REQUIRE(repeats > 1000);
    for (unsigned threads : {1u, 2u, 3u}) {
        INFO("threads " << threads);
        const auto got = find_superseded(views, threads);
        REQUIRE(got.size() == chunks.size());
        for (std::size_t c = 0; c < chunks.size(); ++c) {
            const bool any = std::count(expected[c].begin(), expected[c].end(), true) > 0;
            if (!any) {
                CHECK(got[c].empty());
                continue;
            }
            CHECK(got[c] == expected[c]);
        }
    }
}

TEST_CASE("dedupe of unique ids marks nothing", "[dedupe]") {
    std::vector<std::uint64_t> keys;
    for (std::uint64_t k = 1; k <= 100000; ++k) keys.push_back(k | (1ull << 62));
    const auto got = find_superseded({&keys}, 2);
    REQUIRE(got.size() == 1);
    CHECK(got[0].empty());
}

TEST_CASE("dedupe gives the same marks on any number of threads", "[dedupe]") {
    // Chunks of uneven sizes (some empty, most not a multiple of 64 rows), a few ids that
    // repeat many times across chunks and within one, and sequential numeric ids as
    // id_key makes them: every part gets duplicates, some in several chunks.
    std::mt19937_64 random(11);
    std::vector<std::vector<std::uint64_t>> chunks(23);
    std::uint64_t next_id = (1ull << 62) + 1;
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        const std::size_t rows = c % 5 == 3 ? 0 : 1 + random() % 3000;
        for (std::size_t i = 0; i < rows; ++i) {
            const auto roll = random() % 50;
            if (roll == 0) chunks[c].push_back((1ull << 62) + 1 + random() % 20);  // an early id again
            else if (roll == 1 && i > 0) chunks[c].push_back(chunks[c][i - 1]);   // the row before again
            else chunks[c].push_back(next_id++);
        }
    }
    std::vector<const std::vector<std::uint64_t>*> views;
    for (const auto& c : chunks) views.push_back(&c);
    const auto expected = naive_superseded(chunks);
    const auto one_thread = find_superseded(views, 1);
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        INFO("chunk " << c);
        if (std::count(expected[c].begin(), expected[c].end(), true) == 0) CHECK(one_thread[c].empty());
        else CHECK(one_thread[c] == expected[c]);
    }
    for (unsigned threads : {2u, 4u, 7u, 8u}) {
        INFO("threads " << threads);
        CHECK(find_superseded(views, threads) == one_thread);
    }
}

TEST_CASE("dedupe over ids in a narrow range marks what it marks over the same ids spread out", "[dedupe]") {
    // Sequential ids of one shape take the bitmap path; the same ids through a bijection
    // that scatters them over 64 bits take the hash path. The marks must not differ.
    std::mt19937_64 random(5);
    const std::uint64_t base = (3ull << 62) | (20ull << 38) | (8ull << 34);  // "T" and eight digits, as id_key packs them
    std::vector<std::vector<std::uint64_t>> narrow(19), spread(19);
    std::uint64_t next = 1;
    for (std::size_t c = 0; c < narrow.size(); ++c)
        for (std::size_t i = 0, rows = random() % 4000; i < rows; ++i) {
            const std::uint64_t value = random() % 40 == 0 ? 1 + random() % next : next++;  // 2.5 % repeats
            narrow[c].push_back(base | value);
            spread[c].push_back((base | value) * 0x9E3779B97F4A7C15ull | 1);  // odd multiplier: a bijection
        }
    std::vector<const std::vector<std::uint64_t>*> narrow_views, spread_views;
    for (std::size_t c = 0; c < narrow.size(); ++c) {
        narrow_views.push_back(&narrow[c]);
        spread_views.push_back(&spread[c]);
    }
    const auto expected = naive_superseded(narrow);
    std::size_t repeats = 0;
    for (const auto& c : expected) repeats += std::size_t(std::count(c.begin(), c.end(), true));
    REQUIRE(repeats > 500);
    for (unsigned threads : {1u, 2u, 3u, 64u}) {
        INFO("threads " << threads);
        const auto by_range = find_superseded(narrow_views, threads);
        const auto by_hash = find_superseded(spread_views, threads);
        CHECK(by_range == by_hash);
        for (std::size_t c = 0; c < narrow.size(); ++c) {
            INFO("chunk " << c);
            if (std::count(expected[c].begin(), expected[c].end(), true) == 0) CHECK(by_range[c].empty());
            else CHECK(by_range[c] == expected[c]);
        }
    }
}
