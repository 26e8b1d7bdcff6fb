#pragma once
// Repeat contacts need each customer's tickets side by side in time order.
#include <cstddef>
#include <cstdint>

#include "core/timestamp.hpp"

namespace cskpi {

struct CustomerContact {
    std::uint64_t customer;  // id key, never 0
    Millis created;
};

// Reorders v[0, n) so that each customer's pairs are adjacent and in created order (equal
// times keep no particular order); the customers themselves come in no particular order.
void group_by_customer_in_time_order(CustomerContact* v, std::size_t n);

}  // namespace cskpi
