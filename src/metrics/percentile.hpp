#pragma once
#include <optional>
#include <span>
#include <vector>

namespace cskpi {

// Excel PERCENTILE.INC ("type 7"): h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]),
// x the values in ascending order. May reorder `values`.
std::optional<double> percentile_inc(std::vector<double>& values, double p);
// percentile_inc at each of `ps`, from shared passes over the values: cheaper than one call
// per p on millions of values.
std::vector<std::optional<double>> percentiles_inc(std::vector<double>& values, const std::vector<double>& ps);
// The same over values held in parts (metrics/value_parts.hpp), taken in order as one list;
// the parts are only read.
std::vector<std::optional<double>> percentiles_inc(const std::vector<std::span<const double>>& parts,
                                                   const std::vector<double>& ps);

}  // namespace cskpi
