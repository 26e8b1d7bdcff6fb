#include "metrics/percentile.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <utility>

namespace cskpi {

namespace {

// Unsigned integers in the order of the doubles they come from (no NaN among KPI values).
std::uint64_t order_key(double v) {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    return bits >> 63 ? ~bits : bits | (std::uint64_t(1) << 63);
}

// The values of ranks k and k + 1 (0-based, ascending; k + 1 < size), exactly as sorting
// would give them. A year's distribution holds millions of values: one histogram pass over
// the top 16 bits of each value's key finds the bucket holding rank k, and selection runs
// only among that bucket's values, instead of several partitioning passes over all of them.
std::pair<double, double> ranks_k_and_next(const std::vector<double>& values, std::size_t k) {
    constexpr int kShift = 48;
    std::vector<std::uint32_t> count(std::size_t(1) << (64 - kShift), 0);
    for (const double v : values) ++count[order_key(v) >> kShift];
    std::size_t below = 0, bucket = 0;
    while (below + count[bucket] <= k) below += count[bucket++];
    std::size_t next_bucket = bucket + 1;  // holds rank k + 1 when bucket ends at rank k
    while (next_bucket < count.size() && count[next_bucket] == 0) ++next_bucket;
    const bool next_in_bucket = k + 1 < below + count[bucket];

    std::vector<double> members;
    members.reserve(count[bucket]);
    double next_min = 0;
    bool next_seen = false;
    for (const double v : values) {
        const std::uint64_t b = order_key(v) >> kShift;
        if (b == bucket) {
            members.push_back(v);
        } else if (!next_in_bucket && b == next_bucket && (!next_seen || v < next_min)) {
            next_min = v;
            next_seen = true;
        }
    }
    const auto at = members.begin() + std::ptrdiff_t(k - below);
    std::nth_element(members.begin(), at, members.end());
    const double next = next_in_bucket ? *std::min_element(at + 1, members.end()) : next_min;
    return {*at, next};
}

}  // namespace

std::optional<double> percentile_inc(std::vector<double>& values, double p) {
    if (values.empty()) return std::nullopt;
    const double h = double(values.size() - 1) * p;
    const auto lo = std::size_t(std::floor(h));
    if (lo + 1 >= values.size()) return *std::max_element(values.begin(), values.end());
    double x_lo = 0, x_hi = 0;
    if (values.size() < (std::size_t(1) << 14)) {  // small: selection in place is cheaper than a histogram
        std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(lo), values.end());
        x_lo = values[lo];
        x_hi = *std::min_element(values.begin() + std::ptrdiff_t(lo) + 1, values.end());
    } else {
        std::tie(x_lo, x_hi) = ranks_k_and_next(values, lo);
    }
    if (h == double(lo)) return x_lo;
    return x_lo + (h - double(lo)) * (x_hi - x_lo);
}

}  // namespace cskpi
