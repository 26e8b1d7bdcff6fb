// The backoff helper HTTP and SMTP share: how long it waits, how often it tries, and that
// only the failures a caller marks as retryable are tried again.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "core/retry.hpp"

using namespace cskpi;
using namespace std::chrono_literals;

TEST_CASE("waits grow by the factor, stay within jitter and the cap", "[retry]") {
    RetryPolicy policy;
    policy.first_delay = 100ms;
    policy.factor = 2.0;
    CHECK(policy.wait_after(1) == 100ms);
    CHECK(policy.wait_after(2) == 200ms);
    CHECK(policy.wait_after(4) == 800ms);
    policy.max_delay = 500ms;
    CHECK(policy.wait_after(4) == 500ms);
    CHECK(policy.wait_after(1, 2s) == 500ms);  // a requested wait is capped too
    CHECK(policy.wait_after(1, 300ms) == 300ms);
    policy.max_delay = 10s;
    policy.max_jitter = 50ms;
    for (int i = 0; i < 50; ++i) {
        const auto wait = policy.wait_after(2);
        CHECK(wait >= 200ms);
        CHECK(wait <= 250ms);
    }
    CHECK(policy.wait_after(100) == 10s);  // no overflow after many attempts
}

TEST_CASE("with_retries tries max_attempts times, then rethrows the last failure", "[retry]") {
    RetryPolicy policy;
    policy.max_attempts = 3;
    policy.first_delay = 1ms;
    int calls = 0;
    std::vector<int> announced;
    try {
        with_retries(
            policy, [&](int n) -> int { ++calls; throw RetryableFailure("attempt " + std::to_string(n)); },
            [&](int n, int attempts, const RetryableFailure&, std::chrono::milliseconds) {
                CHECK(attempts == 3);
                announced.push_back(n);
            });
        FAIL("no exception");
    } catch (const RetryableFailure& e) {
        CHECK(std::string(e.what()) == "attempt 3");
    }
    CHECK(calls == 3);
    CHECK(announced == std::vector<int>{1, 2});
}

TEST_CASE("with_retries returns the first success and lets other errors through at once", "[retry]") {
    RetryPolicy policy;
    policy.max_attempts = 5;
    policy.first_delay = 1ms;
    int calls = 0;
    const int result = with_retries(
        policy,
        [&](int n) {
            ++calls;
            if (n < 2) throw RetryableFailure("transient");
            return 42;
        },
        [](int, int, const RetryableFailure&, std::chrono::milliseconds) {});
    CHECK(result == 42);
    CHECK(calls == 2);

    calls = 0;
    CHECK_THROWS_AS(with_retries(
                        policy, [&](int) -> int { ++calls; throw std::logic_error("permanent"); },
                        [](int, int, const RetryableFailure&, std::chrono::milliseconds) {}),
                    std::logic_error);
    CHECK(calls == 1);
}
