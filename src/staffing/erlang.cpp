#include "staffing/erlang.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cskpi {

double erlang_b(int n, double a) {
    double b = 1;
    for (int k = 1; k <= n; ++k) b = a * b / (k + a * b);
    return b;
}

namespace {
double erlang_c_from_b(int n, double a, double b) { return n * b / (n - a * (1 - b)); }
}  // namespace

double erlang_c(int n, double a) { return erlang_c_from_b(n, a, erlang_b(n, a)); }

double service_level(int n, double a, double t_sec, double aht_sec) {
    return 1 - erlang_c(n, a) * std::exp(-(n - a) * t_sec / aht_sec);
}

int required_agents(const AgentRequirement& r) {
    const double a = r.traffic;
    if (!(a > 0)) return 0;
    if (!std::isfinite(a)) throw std::invalid_argument("traffic is not finite");
    // B(k) is carried forward, so each candidate N costs one recursion step.
    double b = 1;
    int k = 0;
    const int first = int(std::floor(a)) + 1;  // the smallest integer above A
    for (; k < first;) {
        ++k;
        b = a * b / (k + a * b);
    }
    // SL(N) tends to 1 and A/N to 0 as N grows: with sl_target < 1 and max_occupancy > 0
    // this ends; the bound only guards against settings that slipped past validation.
    const int limit = first + 100000 + int(a / std::max(r.max_occupancy, 1e-9));
    for (int n = first; n <= limit; ++n) {
        if (n > first) b = a * b / (n + a * b);
        const double c = erlang_c_from_b(n, a, b);
        const double sl = 1 - c * std::exp(-(n - a) * r.service_level_sec / r.aht_sec);
        if (sl >= r.sl_target && a / n <= r.max_occupancy) return n;
    }
    throw std::invalid_argument("no agent count meets the service level target");
}

}  // namespace cskpi
