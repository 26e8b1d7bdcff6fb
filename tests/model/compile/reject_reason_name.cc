// Compiled by ctest twice (tests/CMakeLists.txt): as it is, it must compile; with
// -DCSKPI_UNKNOWN_REASON it must not, since a reason the contract lacks is no enumerator.
#include "model/reject_reason.hpp"

#ifdef CSKPI_UNKNOWN_REASON
constexpr auto reason = cskpi::RejectReason::bad_value;
#else
constexpr auto reason = cskpi::RejectReason::bad_number;
#endif
static_assert(cskpi::to_string(reason) == "bad_number");
