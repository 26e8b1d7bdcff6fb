#pragma once
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace cskpi {

// Excel PERCENTILE.INC ("type 7"): h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
// Reorders `values` (selection, not a full sort).
inline std::optional<double> percentile_inc(std::vector<double>& values, double p) {
    if (values.empty()) return std::nullopt;
    const double h = double(values.size() - 1) * p;
    const auto lo = std::size_t(std::floor(h));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(lo), values.end());
    const double x_lo = values[lo];
    if (lo + 1 >= values.size() || h == double(lo)) return x_lo;
    const double x_hi = *std::min_element(values.begin() + std::ptrdiff_t(lo) + 1, values.end());
    return x_lo + (h - double(lo)) * (x_hi - x_lo);
}

}  // namespace cskpi
