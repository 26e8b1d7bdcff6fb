#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ingest/short_text_cache.hpp"

using namespace cskpi;

namespace {

// Random finds and stores of `texts`; every hit must give the value last stored for it.
template <std::size_t Slots>
std::size_t check_hits(const std::vector<std::string>& texts) {
    std::mt19937 rng(20261202);
    ShortTextCache<int, Slots> cache;
    std::map<std::string, int> stored;  // what the cache was last told for each text
    std::size_t hits = 0;
    for (int i = 0; i < 200000; ++i) {
        const std::string& text = texts[rng() % texts.size()];
        if (const int* value = cache.find(text)) {
            ++hits;
            REQUIRE(stored.count(text) == 1);
            REQUIRE(*value == stored[text]);
        } else if (rng() % 2) {
            const int value = int(rng() % 1000);
            cache.store(text, value);
            stored[text] = value;
        }
    }
    return hits;
}

}  // namespace

TEST_CASE("short text cache: a hit gives the value stored for exactly that text", "[ingest]") {
    // Texts of every length up to past the limit that differ from a base in one byte,
    // anywhere, and texts that differ only in length: the ones a loose key would mix up.
    std::vector<std::string> texts;
    for (std::size_t n = 0; n <= ShortTextCache<int>::kMaxSize + 2; ++n) {
        const std::string base = std::string("A0201-Sales-Desk-Team").substr(0, n);
        texts.push_back(base);
        texts.push_back(std::string(n, '\0'));
        for (std::size_t i = 0; i < n; ++i) {
            std::string changed = base;
            changed[i] = char(changed[i] ^ 0x01);
            texts.push_back(changed);
        }
    }
    CHECK(check_hits<2048>(texts) > 100000);  // nearly every text keeps its slot
    CHECK(check_hits<16>(texts) > 1000);      // texts keep taking each other's slots
    ShortTextCache<int> cache;
    const std::string too_long(ShortTextCache<int>::kMaxSize + 1, 'x');
    cache.store(too_long, 1);
    CHECK(cache.find(too_long) == nullptr);
}
