#pragma once
// The reject reason codes of docs/contract/inputs.md ("Rejected rows"). The enum is what the
// stages pass around; kRejectReasons is the one table of names, printed in the summary JSON,
// the workbook and every message. An unknown reason cannot be written: it is not an enumerator.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cskpi {

// In the contract's order, which is also the precedence of the first two (field_count first).
enum class RejectReason : std::uint8_t {
    field_count,
    missing_required,
    bad_timestamp,
    bad_date,
    bad_number,
    bad_enum,
    out_of_range,
    time_order,
    duplicate_id,
    bad_encoding,
};

struct RejectReasonName {
    RejectReason reason;
    std::string_view name;
};

inline constexpr std::array<RejectReasonName, 10> kRejectReasons = {{
    {RejectReason::field_count, "field_count"},
    {RejectReason::missing_required, "missing_required"},
    {RejectReason::bad_timestamp, "bad_timestamp"},
    {RejectReason::bad_date, "bad_date"},
    {RejectReason::bad_number, "bad_number"},
    {RejectReason::bad_enum, "bad_enum"},
    {RejectReason::out_of_range, "out_of_range"},
    {RejectReason::time_order, "time_order"},
    {RejectReason::duplicate_id, "duplicate_id"},
    {RejectReason::bad_encoding, "bad_encoding"},
}};

inline constexpr std::size_t kRejectReasonCount = kRejectReasons.size();

namespace detail {
constexpr bool reject_table_is_indexed() {
    for (std::size_t i = 0; i < kRejectReasons.size(); ++i)
        if (std::size_t(kRejectReasons[i].reason) != i || kRejectReasons[i].name.empty()) return false;
    return std::size_t(RejectReason::bad_encoding) + 1 == kRejectReasons.size();
}
}  // namespace detail
// Entry i names enumerator i, and every enumerator has an entry: to_string is an index.
static_assert(detail::reject_table_is_indexed(), "kRejectReasons must list every RejectReason in enum order");

constexpr std::size_t index_of(RejectReason r) { return std::size_t(r); }
constexpr std::string_view to_string(RejectReason r) { return kRejectReasons[index_of(r)].name; }

// For readers of names written elsewhere (tests, tools): nullopt for an unknown name.
constexpr std::optional<RejectReason> reject_reason_named(std::string_view name) {
    for (const auto& entry : kRejectReasons)
        if (entry.name == name) return entry.reason;
    return std::nullopt;
}

}  // namespace cskpi
