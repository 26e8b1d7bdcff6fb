// percentile_inc against its definition on a sorted copy, bit for bit, for sizes on both
// sides of the histogram threshold and for value sets that crowd one histogram bucket,
// straddle bucket edges, or repeat a few values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <span>
#include <vector>

#include "metrics/percentile.hpp"

namespace {

// PERCENTILE.INC straight from the definition.
double by_sorting(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const double h = double(v.size() - 1) * p;
    const auto lo = std::size_t(std::floor(h));
    if (lo + 1 >= v.size() || h == double(lo)) return v[lo];
    return v[lo] + (h - double(lo)) * (v[lo + 1] - v[lo]);
}

std::vector<double> sample(int shape, std::size_t n, std::mt19937_64& rng) {
    std::vector<double> v(n);
    std::exponential_distribution<double> minutes(1.0 / 30);
    std::uniform_int_distribution<int> few(0, 3);
    for (auto& x : v) {
        switch (shape) {
            case 0: x = minutes(rng); break;                                   // reply times in minutes
            case 1: x = double(rng() % 86400000) / 3600000.0; break;           // hours from ms
            case 2: x = 1.0 + double(rng() % 1000) * 1e-12; break;            // all in one bucket
            case 3: x = double(few(rng)); break;                               // four values, many ties
            case 4: x = std::ldexp(1.0, int(rng() % 3)) - double(rng() % 2) * 1e-15; break;  // bucket edges
            default: x = double(std::int64_t(rng() % 2001) - 1000) / 7.0; break;           // negatives too
        }
    }
    return v;
}

}  // namespace

TEST_CASE("percentile_inc equals the sorted definition bit for bit", "[metrics][percentile]") {
    const std::size_t n = GENERATE(std::size_t(2), std::size_t(3), std::size_t(1000), std::size_t(16383),
                                   std::size_t(16384), std::size_t(200001));
    const int shape = GENERATE(0, 1, 2, 3, 4, 5);
    std::mt19937_64 rng(n * 10 + std::size_t(shape));
    const auto values = sample(shape, n, rng);
    for (const double p : {0.0, 0.1, 0.5, 0.9, 0.999, 1.0}) {
        INFO(n << " values of shape " << shape << ", p = " << p);
        auto scratch = values;
        const double got = *cskpi::percentile_inc(scratch, p);
        const double want = by_sorting(values, p);
        REQUIRE(std::memcmp(&got, &want, sizeof got) == 0);
    }
}

TEST_CASE("percentiles_inc gives each p the sorted definition bit for bit", "[metrics][percentile]") {
    const std::size_t n = GENERATE(std::size_t(1), std::size_t(2), std::size_t(1000), std::size_t(16384),
                                   std::size_t(200001));
    const int shape = GENERATE(0, 2, 3, 4, 5);  // 2, 3: several ranks in one bucket
    std::mt19937_64 rng(n * 10 + std::size_t(shape));
    const auto values = sample(shape, n, rng);
    const std::vector<double> ps = {0.5, 0.9, 0.0, 1.0, 0.999, 0.5000001, 0.9};
    auto scratch = values;
    const auto got = cskpi::percentiles_inc(scratch, ps);
    REQUIRE(got.size() == ps.size());
    for (std::size_t i = 0; i < ps.size(); ++i) {
        INFO(n << " values of shape " << shape << ", p = " << ps[i]);
        REQUIRE(got[i].has_value());
        const double want = by_sorting(values, ps[i]);
        REQUIRE(std::memcmp(&*got[i], &want, sizeof want) == 0);
    }
    std::vector<double> none;
    CHECK_FALSE(cskpi::percentiles_inc(none, ps)[1].has_value());
}

TEST_CASE("percentiles_inc over parts equals it over the values in one vector", "[metrics][percentile]") {
    const std::size_t n = GENERATE(std::size_t(1), std::size_t(5), std::size_t(16383), std::size_t(16384),
                                   std::size_t(200001));
    const int shape = GENERATE(0, 2, 3, 5);
    std::mt19937_64 rng(n * 31 + std::size_t(shape));
    const auto values = sample(shape, n, rng);
    // Cut into parts of random sizes, with empty parts among them.
    std::vector<std::span<const double>> parts;
    for (std::size_t at = 0; at < n;) {
        const std::size_t len = std::min<std::size_t>(n - at, rng() % 40000);
        parts.emplace_back(values.data() + at, len);
        at += len;
    }
    const std::vector<double> ps = {0.5, 0.9, 0.0, 1.0, 0.999};
    auto scratch = values;
    const auto want = cskpi::percentiles_inc(scratch, ps);
    const auto got = cskpi::percentiles_inc(parts, ps);
    for (std::size_t i = 0; i < ps.size(); ++i) {
        INFO(n << " values of shape " << shape << " in " << parts.size() << " parts, p = " << ps[i]);
        REQUIRE(got[i].has_value());
        REQUIRE(std::memcmp(&*got[i], &*want[i], sizeof(double)) == 0);
    }
    CHECK_FALSE(cskpi::percentiles_inc(std::vector<std::span<const double>>{}, ps)[0].has_value());
}
