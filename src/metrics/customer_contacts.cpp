#include "metrics/customer_contacts.hpp"

#include <algorithm>
#include <bit>
#include <memory>
#include <utility>
#include <vector>

#include "core/hash.hpp"

namespace cskpi {

namespace {

bool customer_then_time(const CustomerContact& a, const CustomerContact& b) {
    return a.customer != b.customer ? a.customer < b.customer : a.created < b.created;
}

}  // namespace

// A comparison sort of millions of pairs was the fold's largest cost. Instead: two stable
// radix passes on a hash of the customer, about one bucket per pair (each pass writes to
// few enough places to stay in cache, unlike one pass with as many buckets), then each
// bucket's few pairs sorted exactly. A customer falls in one bucket, so buckets hold whole
// customers.
void group_by_customer_in_time_order(CustomerContact* v, std::size_t n) {
    if (n < (std::size_t(1) << 12)) {
        std::sort(v, v + n, customer_then_time);
        return;
    }
    const int bits = std::min(22, int(std::bit_width(n)));
    const int low_bits = bits / 2;
    const auto bucket = [bits](const CustomerContact& c) {
        return std::size_t(fibonacci_hash(c.customer) >> (64 - bits));
    };
    const auto pass = [&](const CustomerContact* from, CustomerContact* to, int shift, int width) {
        const std::size_t mask = (std::size_t(1) << width) - 1;
        std::vector<std::size_t> next(mask + 1, 0);
        for (std::size_t i = 0; i < n; ++i) ++next[(bucket(from[i]) >> shift) & mask];
        std::size_t at = 0;
        for (auto& slot : next) at += std::exchange(slot, at);  // counts become start offsets
        for (std::size_t i = 0; i < n; ++i) to[next[(bucket(from[i]) >> shift) & mask]++] = from[i];
    };
    {
        const std::unique_ptr<CustomerContact[]> scratch(new CustomerContact[n]);
        pass(v, scratch.get(), 0, low_bits);
        pass(scratch.get(), v, low_bits, bits - low_bits);
    }
    for (std::size_t i = 0; i < n;) {
        const std::size_t b = bucket(v[i]);
        std::size_t j = i + 1;
        while (j < n && bucket(v[j]) == b) ++j;
        if (j - i > 1) std::sort(v + i, v + j, customer_then_time);
        i = j;
    }
}

}  // namespace cskpi
