#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/memory.hpp"

using namespace cskpi;

namespace {

// Resident set size of this process in KiB, from /proc (0 where there is none).
long resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

}  // namespace

TEST_CASE("freed heap blocks in the middle of the heap go back to the system", "[memory]") {
#ifdef __GLIBC__
    // 64 KiB blocks stay below glibc's mmap threshold, so they share the heap. Keeping the
    // last one alive keeps the freed ones from merging into the heap's top, which glibc
    // trims by itself: the 63 MiB freed before it stay resident until returned.
    constexpr std::size_t kBlock = 64 << 10, kBlocks = 1024;
    std::vector<std::unique_ptr<char[]>> blocks;
    for (std::size_t i = 0; i < kBlocks; ++i) {
        blocks.emplace_back(new char[kBlock]);
        for (std::size_t b = 0; b < kBlock; b += 4096) blocks.back()[b] = char(i);
    }
    for (std::size_t i = 0; i + 1 < kBlocks; ++i) blocks[i].reset();
    const long before = resident_kib();
    return_freed_memory();
    const long after = resident_kib();
    INFO("resident before " << before << " KiB, after " << after << " KiB");
    REQUIRE(before > 0);
    CHECK(before - after > 32 * 1024);  // at least half of the 63 MiB freed
#else
    return_freed_memory();  // a no-op elsewhere: it must at least be callable
#endif
}
