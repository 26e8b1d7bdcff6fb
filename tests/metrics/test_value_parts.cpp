// ValueParts: values come back in the order they were added, across block boundaries; a
// merged state shares blocks, and neither state's later values leak into the other.
#include <catch2/catch.hpp>

#include <vector>

#include "metrics/value_parts.hpp"

namespace {

std::vector<double> flatten(const cskpi::ValueParts& parts) {
    std::vector<double> out;
    for (const auto block : parts.blocks()) out.insert(out.end(), block.begin(), block.end());
    return out;
}

std::vector<double> snapshot_of(int n) {
    std::vector<double> out;
    for (int i = 0; i < n; ++i) out.push_back(i);
    return out;
}

}  // namespace

TEST_CASE("ValueParts keeps every value in order across blocks", "[metrics][percentile]") {
    cskpi::ValueParts parts;
    std::vector<double> want;
    const std::size_t n = 3 * cskpi::ValueParts::kLargestBlock + 17;  // first blocks grow, later ones are full size
    for (std::size_t i = 0; i < n; ++i) {
        parts.push_back(double(i) * 0.5);
        want.push_back(double(i) * 0.5);
    }
    CHECK(parts.size() == n);
    CHECK(parts.blocks().size() > 3);
    CHECK(flatten(parts) == want);
}

TEST_CASE("a merged state shares blocks and each side keeps its own later values", "[metrics][percentile]") {
    cskpi::ValueParts january, year;
    for (int i = 0; i < 5; ++i) january.push_back(i);
    year.push_back(100);
    year.append(january);        // year: 100, 0..4
    january.push_back(5);        // after the share: a block of january's own
    year.push_back(200);         // likewise for year
    CHECK(flatten(january) == std::vector<double>{0, 1, 2, 3, 4, 5});
    CHECK(flatten(year) == std::vector<double>{100, 0, 1, 2, 3, 4, 200});
    CHECK(year.size() == 7);

    const cskpi::ValueParts copy = year;  // a copy shares too
    year.push_back(300);
    CHECK(flatten(copy) == std::vector<double>{100, 0, 1, 2, 3, 4, 200});
    CHECK(cskpi::ValueParts{}.blocks().empty());
}

TEST_CASE("a shared state goes on adding while the sharer keeps the values it saw", "[metrics][percentile]") {
    cskpi::ValueParts march;
    for (int i = 0; i < 3; ++i) march.push_back(i);
    cskpi::ValueParts quarter;
    quarter.append(march);
    const cskpi::ValueParts snapshot = march;
    for (int i = 3; i < 2000; ++i) march.push_back(i);  // fills march's first block past the shared prefix, then opens more
    CHECK(flatten(quarter) == std::vector<double>{0, 1, 2});
    CHECK(flatten(snapshot) == std::vector<double>{0, 1, 2});
    CHECK(march.size() == 2000);
    CHECK(flatten(march).back() == 1999);
    const cskpi::ValueParts moved = std::move(march);
    CHECK(moved.size() == 2000);
    CHECK(flatten(moved) == snapshot_of(2000));
}
