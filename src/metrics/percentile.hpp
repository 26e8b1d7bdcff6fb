#pragma once
#include <optional>
#include <vector>

namespace cskpi {

// Excel PERCENTILE.INC ("type 7"): h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]),
// x the values in ascending order. May reorder `values`.
std::optional<double> percentile_inc(std::vector<double>& values, double p);

}  // namespace cskpi
