#pragma once
#include <map>
#include <string>

#include "model/summary.hpp"

namespace cskpi {

using KpiValues = std::map<std::string, KpiValue, std::less<>>;

inline KpiValue known(double v) { return {v, {}}; }
inline KpiValue unavailable(std::string reason) { return {std::nullopt, std::move(reason)}; }
// num / den, or null with `why_empty` when the denominator is 0.
inline KpiValue ratio(double num, double den, const char* why_empty) {
    return den == 0 ? unavailable(why_empty) : known(num / den);
}

}  // namespace cskpi
