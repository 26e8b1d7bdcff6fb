// group_by_customer_in_time_order against the plain definition: the same pairs, each
// customer's in one run, in created order. Sizes on both sides of the radix threshold.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "metrics/customer_contacts.hpp"

using cskpi::CustomerContact;

namespace {

bool by_customer_then_time(const CustomerContact& a, const CustomerContact& b) {
    return a.customer != b.customer ? a.customer < b.customer : a.created < b.created;
}

// Fails with the first pair out of place.
void check_grouped(std::vector<CustomerContact> input, const std::vector<CustomerContact>& grouped) {
    REQUIRE(grouped.size() == input.size());
    auto sorted_output = grouped;
    std::sort(input.begin(), input.end(), by_customer_then_time);
    std::sort(sorted_output.begin(), sorted_output.end(), by_customer_then_time);
    for (std::size_t i = 0; i < input.size(); ++i) {
        INFO("pair " << i);
        REQUIRE(sorted_output[i].customer == input[i].customer);
        REQUIRE(sorted_output[i].created == input[i].created);
    }
    std::set<std::uint64_t> finished;  // customers whose run has ended
    for (std::size_t i = 0; i < grouped.size(); ++i) {
        INFO("position " << i << ", customer " << grouped[i].customer);
        const bool continues = i > 0 && grouped[i].customer == grouped[i - 1].customer;
        if (continues) {
            REQUIRE(grouped[i - 1].created <= grouped[i].created);
        } else {
            if (i > 0) finished.insert(grouped[i - 1].customer);
            REQUIRE(finished.count(grouped[i].customer) == 0);
        }
    }
}

std::vector<CustomerContact> random_contacts(std::size_t n, std::uint64_t customers, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::vector<CustomerContact> v(n);
    for (auto& c : v) {
        // Numeric id keys (bit 62 set, small values side by side) and hashed ones (bit 63).
        const std::uint64_t id = rng() % customers;
        c.customer = id % 3 == 0 ? (id | (1ull << 62)) : ((id * 0x2545F4914F6CDD1Dull) | (1ull << 63));
        c.created = cskpi::Millis(rng() % 5000) * 1000;  // many equal times
    }
    return v;
}

}  // namespace

TEST_CASE("contacts are grouped by customer in time order, below and above the radix threshold",
          "[metrics][repeat]") {
    const std::size_t n = GENERATE(std::size_t(0), std::size_t(1), std::size_t(4095), std::size_t(4096),
                                   std::size_t(50000), std::size_t(300000));
    const std::uint64_t customers = GENERATE(std::uint64_t(1), std::uint64_t(7), std::uint64_t(1000),
                                             std::uint64_t(1000000));
    INFO(n << " pairs, " << customers << " customers");
    auto v = random_contacts(n, customers, unsigned(n + customers));
    const auto input = v;
    cskpi::group_by_customer_in_time_order(v.data(), v.size());
    check_grouped(input, v);
}

TEST_CASE("contacts given newest first come out oldest first", "[metrics][repeat]") {
    auto v = random_contacts(100000, 5000, 3);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.created > b.created; });
    const auto input = v;
    cskpi::group_by_customer_in_time_order(v.data(), v.size());
    check_grouped(input, v);
}
