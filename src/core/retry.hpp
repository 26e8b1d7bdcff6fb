#pragma once
// Attempts with exponential backoff, shared by the HTTP fetch and the SMTP transport. Each
// caller decides which of its errors are worth another attempt by throwing
// RetryableFailure for them; anything else ends the loop at once.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace cskpi {

struct RetryPolicy {
    int max_attempts = 4;                       // including the first
    std::chrono::milliseconds first_delay{500};  // before the first retry
    double factor = 2.0;                        // the delay grows by this after each failed attempt
    // Up to this much random extra wait, so many cron jobs that failed together do not
    // retry in step.
    std::chrono::milliseconds max_jitter{0};
    std::chrono::milliseconds max_delay = std::chrono::hours(24);  // caps every wait

    // The wait after failed attempt n (1-based); a wait the failure asked for (HTTP
    // Retry-After) replaces the backoff. Both are capped at max_delay.
    std::chrono::milliseconds wait_after(int failed_attempt,
                                         std::optional<std::chrono::milliseconds> requested = std::nullopt) const {
        if (requested) return std::clamp(*requested, std::chrono::milliseconds(0), max_delay);
        const double grown = double(std::max<std::int64_t>(0, first_delay.count())) *
                             std::pow(std::max(1.0, factor), std::min(failed_attempt - 1, 40));
        std::int64_t wait = grown >= double(max_delay.count()) ? max_delay.count() : std::int64_t(std::llround(grown));
        if (max_jitter.count() > 0) {
            static thread_local std::mt19937_64 random{std::random_device{}()};
            wait += std::uniform_int_distribution<std::int64_t>(0, max_jitter.count())(random);
        }
        return std::min(std::chrono::milliseconds(wait), max_delay);
    }
};

// Thrown by an attempt to ask for another one.
struct RetryableFailure : std::runtime_error {
    explicit RetryableFailure(const std::string& reason,
                              std::optional<std::chrono::milliseconds> requested_wait = std::nullopt)
        : std::runtime_error(reason), requested_wait(requested_wait) {}
    std::optional<std::chrono::milliseconds> requested_wait;
};

// Calls attempt(n) for n = 1, 2, ... until it returns. After a RetryableFailure it calls
// before_retry(n, attempts, failure, wait), sleeps and tries again; the failure of the
// last attempt is rethrown for the caller to turn into its own error. Other exceptions
// pass through untouched.
template <class Attempt, class BeforeRetry>
auto with_retries(const RetryPolicy& policy, Attempt&& attempt, BeforeRetry&& before_retry) -> decltype(attempt(1)) {
    const int attempts = std::max(1, policy.max_attempts);
    for (int n = 1;; ++n) {
        try {
            return attempt(n);
        } catch (const RetryableFailure& failure) {
            if (n >= attempts) throw;
            const auto wait = policy.wait_after(n, failure.requested_wait);
            before_retry(n, attempts, failure, wait);
            std::this_thread::sleep_for(wait);
        }
    }
}

}  // namespace cskpi
