// The byte counts the line ends of every block rest on: the vector loop, its 255-step
// flushes and the scalar tail must agree with a plain count at every length and offset.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>

#include "ingest/csv/csv_rule.hpp"

using namespace cskpi;

TEST_CASE("count_byte agrees with std::count at every length, offset and density", "[csv]") {
    std::mt19937 random(5);
    // Lengths around 16-byte steps and around the 255-step flush (4080 bytes).
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= 70; ++n) lengths.push_back(n);
    for (std::size_t n : {4079u, 4080u, 4081u, 4095u, 4096u, 8160u, 8161u, 100000u}) lengths.push_back(n);
    for (int density : {0, 1, 16, 100}) {  // percent of bytes that are '\n'
        for (std::size_t n : lengths) {
            std::string text(n + 3, 'x');
            for (auto& c : text)
                if (int(random() % 100) < density) c = '\n';
            for (std::size_t offset = 0; offset < 3; ++offset) {
                const char* begin = text.data() + offset;
                const char* end = begin + n;
                INFO("length " << n << ", offset " << offset << ", density " << density);
                CHECK(csv_rule::count_byte(begin, end, '\n') == std::size_t(std::count(begin, end, '\n')));
            }
        }
    }
    const std::string all(5000, '\n');  // every byte a match: the byte counters must not wrap
    CHECK(csv_rule::count_byte(all.data(), all.data() + all.size(), '\n') == 5000);
    const std::string high(300, '\xff');  // a byte above 127
    CHECK(csv_rule::count_byte(high.data(), high.data() + high.size(), '\xff') == 300);
}
