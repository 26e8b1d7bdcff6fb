#pragma once
// Erlang C in the numerically stable form of docs/contract/staffing.md section 2: the
// Erlang B recursion, no factorials, no powers; finite for any traffic.
namespace cskpi {

// Erlang B blocking probability B(n, a) by B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
double erlang_b(int n, double a);
// Probability of waiting C(n, a) = n·B(n) / (n − a·(1 − B(n))); defined for n > a > 0.
double erlang_c(int n, double a);
// Service level: share answered within t seconds, 1 − C(n, a)·exp(−(n − a)·t / aht).
double service_level(int n, double a, double t_sec, double aht_sec);

struct AgentRequirement {
    double traffic = 0;  // A, Erlangs
    double sl_target = 0.8;
    double max_occupancy = 0.85;
    double service_level_sec = 30;  // T
    double aht_sec = 0;
};
// The smallest integer N > A with SL(N) ≥ sl_target and A / N ≤ max_occupancy; 0 when
// A = 0. sl_target must be below 1 and max_occupancy above 0.
int required_agents(const AgentRequirement& r);

}  // namespace cskpi
