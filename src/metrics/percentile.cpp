#include "metrics/percentile.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <tuple>
#include <utility>

namespace cskpi {

namespace {

// Unsigned integers in the order of the doubles they come from (no NaN among KPI values).
std::uint64_t order_key(double v) {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    return bits >> 63 ? ~bits : bits | (std::uint64_t(1) << 63);
}

using Parts = std::vector<std::span<const double>>;

// Below this many values, selection in place is cheaper than a histogram.
constexpr std::size_t kSelectInPlaceBelow = std::size_t(1) << 14;

// The values of ranks k and k + 1 (0-based, ascending; k + 1 < size) for each k of `ks`,
// exactly as sorting would give them. A year's distribution holds millions of values: one
// histogram pass over the top 16 bits of each value's key finds the bucket holding each
// rank k, and one more pass gathers those buckets' values, among which selection runs,
// instead of several partitioning passes over all of them (per rank).
std::vector<std::pair<double, double>> ranks_k_and_next(const Parts& parts, const std::vector<std::size_t>& ks) {
    constexpr int kShift = 48;
    std::vector<std::uint32_t> count(std::size_t(1) << (64 - kShift), 0);
    for (const auto part : parts)
        for (const double v : part) ++count[order_key(v) >> kShift];

    struct Target {
        std::size_t k = 0, below = 0, bucket = 0, next_bucket = 0;  // next_bucket holds rank k + 1 when bucket ends at rank k
        bool next_in_bucket = false;
        std::vector<double> members;  // the values of `bucket`
        double next_min = 0;          // the least value of next_bucket
        bool next_seen = false;
    };
    std::vector<Target> targets;
    for (const std::size_t k : ks) {
        Target t;
        t.k = k;
        while (t.below + count[t.bucket] <= k) t.below += count[t.bucket++];
        t.next_bucket = t.bucket + 1;
        while (t.next_bucket < count.size() && count[t.next_bucket] == 0) ++t.next_bucket;
        t.next_in_bucket = k + 1 < t.below + count[t.bucket];
        t.members.reserve(count[t.bucket]);
        targets.push_back(std::move(t));
    }
    for (const auto part : parts) {
        for (const double v : part) {
            const std::uint64_t b = order_key(v) >> kShift;
            for (Target& t : targets) {
                if (b == t.bucket) {
                    t.members.push_back(v);
                } else if (!t.next_in_bucket && b == t.next_bucket && (!t.next_seen || v < t.next_min)) {
                    t.next_min = v;
                    t.next_seen = true;
                }
            }
        }
    }
    std::vector<std::pair<double, double>> out;
    for (Target& t : targets) {
        const auto at = t.members.begin() + std::ptrdiff_t(t.k - t.below);
        std::nth_element(t.members.begin(), at, t.members.end());
        out.emplace_back(*at, t.next_in_bucket ? *std::min_element(at + 1, t.members.end()) : t.next_min);
    }
    return out;
}

// Selection in place on `values` when they are few, else the histogram passes over `parts`
// (the same values: `values` is a copy of the parts, or empty when they are many).
std::vector<std::optional<double>> percentiles_of(std::vector<double>& values, const Parts& parts, std::size_t n,
                                                  const std::vector<double>& ps) {
    std::vector<std::optional<double>> out(ps.size());
    if (n == 0) return out;
    // Ranks h = (n-1)p below the last value need x[floor h] and x[floor h + 1].
    std::vector<std::size_t> ks;
    for (const double p : ps) {
        const auto lo = std::size_t(std::floor(double(n - 1) * p));
        if (lo + 1 < n) ks.push_back(lo);
    }
    std::vector<std::pair<double, double>> ranks;
    if (n < kSelectInPlaceBelow) {
        for (const std::size_t lo : ks) {
            std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(lo), values.end());
            ranks.emplace_back(values[lo], *std::min_element(values.begin() + std::ptrdiff_t(lo) + 1, values.end()));
        }
    } else {
        ranks = ranks_k_and_next(parts, ks);
    }
    std::size_t next_rank = 0;
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const double h = double(n - 1) * ps[i];
        const auto lo = std::size_t(std::floor(h));
        if (lo + 1 >= n) {
            double top = parts.front().front();
            for (const auto part : parts) top = std::max(top, *std::max_element(part.begin(), part.end()));
            out[i] = top;
            continue;
        }
        const auto [x_lo, x_hi] = ranks[next_rank++];
        out[i] = h == double(lo) ? x_lo : x_lo + (h - double(lo)) * (x_hi - x_lo);
    }
    return out;
}

}  // namespace

std::vector<std::optional<double>> percentiles_inc(std::vector<double>& values, const std::vector<double>& ps) {
    return percentiles_of(values, Parts{std::span<const double>(values)}, values.size(), ps);
}

std::vector<std::optional<double>> percentiles_inc(const Parts& parts, const std::vector<double>& ps) {
    Parts nonempty;
    std::size_t n = 0;
    for (const auto part : parts) {
        if (part.empty()) continue;
        nonempty.push_back(part);
        n += part.size();
    }
    std::vector<double> scratch;  // few values: selection runs on a copy
    if (n < kSelectInPlaceBelow) {
        scratch.reserve(n);
        for (const auto part : nonempty) scratch.insert(scratch.end(), part.begin(), part.end());
        nonempty = {std::span<const double>(scratch)};
    }
    return percentiles_of(scratch, nonempty, n, ps);
}

std::optional<double> percentile_inc(std::vector<double>& values, double p) { return percentiles_inc(values, {p})[0]; }

}  // namespace cskpi
