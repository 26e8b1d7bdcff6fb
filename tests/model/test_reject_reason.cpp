// Reject reasons: one table of names, in the contract's order.
#include <catch2/catch.hpp>

#include "model/reject_reason.hpp"

using namespace cskpi;

TEST_CASE("reject reasons: the contract's codes, in its order", "[model][reject]") {
    std::vector<std::string_view> names;
    for (const auto& entry : kRejectReasons) names.push_back(entry.name);
    CHECK(names == std::vector<std::string_view>{"field_count", "missing_required", "bad_timestamp", "bad_date",
                                                 "bad_number", "bad_enum", "out_of_range", "time_order",
                                                 "duplicate_id", "bad_encoding"});
    static_assert(to_string(RejectReason::out_of_range) == "out_of_range");
    static_assert(reject_reason_named("time_order") == RejectReason::time_order);
    CHECK_FALSE(reject_reason_named("no_such_reason"));
    for (const auto& entry : kRejectReasons) CHECK(reject_reason_named(to_string(entry.reason)) == entry.reason);
}
