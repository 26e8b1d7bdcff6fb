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

TEST_CASE("a mapped block gives its pages back when it is freed, without a trim", "[memory]") {
    // 64 MiB of rows in one mapped vector: resident while written, gone once freed.
    constexpr std::size_t kValues = std::size_t(8) << 20;
    auto rows = std::make_unique<std::vector<double, MappedAllocator<double>>>();
    rows->reserve(kValues);
    for (std::size_t i = 0; i < kValues; ++i) rows->push_back(double(i));
    CHECK((*rows)[kValues - 1] == double(kValues - 1));
    const long written = resident_kib();
    rows.reset();
    const long freed = resident_kib();
    if (written > 0) CHECK(written - freed > 60 * 1024);
}

TEST_CASE("MappedAllocator keeps small blocks on the heap and copies like any allocator", "[memory]") {
    std::vector<int, MappedAllocator<int>> small{1, 2, 3};
    std::vector<int, MappedAllocator<int>> large(100000, 7);  // 400 KB: mapped
    auto copy = large;
    copy.push_back(8);
    CHECK(small == std::vector<int, MappedAllocator<int>>{1, 2, 3});
    CHECK(copy.size() == 100001);
    CHECK(copy[99999] == 7);
    CHECK(copy.back() == 8);
    CHECK(large.size() == 100000);
}
