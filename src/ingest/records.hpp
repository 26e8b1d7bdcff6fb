#pragma once
// Compact, typed rows kept after parsing. Only what a KPI or a breakdown needs is kept;
// tickets are stored packed further (ticket_rows.hpp), 40 bytes a row.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/timestamp.hpp"

namespace cskpi {

enum class Priority : std::uint8_t { urgent, high, normal, low };
enum class Channel : std::uint8_t { phone, chat, email, social, web, other };
enum class Tier : std::uint8_t { none, key, potential, regular };

inline constexpr int kPriorityCount = 4;
inline constexpr int kChannelCount = 6;
std::string_view to_string(Priority p);
std::string_view to_string(Channel c);

inline constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();
inline bool present(double v) { return !std::isnan(v); }
inline constexpr std::int32_t kNoDay = std::numeric_limits<std::int32_t>::min();

struct TicketRecord {
    Millis created = 0;
    Millis first_response = kNoTime;
    Millis resolved = kNoTime;
    Millis due = kNoTime;               // absent: created + SLA hours of the priority
    double handle_time_sec = kAbsent;
    std::uint64_t customer = 0;          // id_key of customer_id, 0 = absent
    std::uint32_t team = 0;              // team dictionary key, 0 = absent
    std::int16_t contacts = -1;          // -1 = absent; values above 32767 are clamped
    std::int16_t reopens = -1;
    Priority priority = Priority::normal;
    Channel channel = Channel::other;
    Tier tier = Tier::none;
    bool complaint = false;
    std::uint32_t agent = 0;             // index into IngestedSource::agent_names, 0 = absent
};
static_assert(sizeof(TicketRecord) == 64, "a ticket row stays 64 bytes");

struct SurveyRecord {
    Millis submitted = 0;
    std::uint64_t ticket = 0;  // id_key of ticket_id, 0 = absent
    std::int8_t csat = -1;     // -1 = absent
    std::int8_t nps = -1;
};

struct AgentRecord {
    std::int32_t hired_day = 0;       // days since 1970-01-01
    std::int32_t left_day = kNoDay;   // kNoDay = still employed
    bool core = false;
    std::string agent_id, team, role;  // export text (team, role empty = absent)
};

struct CallRecord {
    Millis offered = 0;
    double wait_sec = 0;
    double handle_sec = kAbsent;
    bool answered = false;
};

// A 64-bit identity for ids, never 0 (0 means "absent"), in three disjoint ranges by the
// top two bits: a digit string without a leading zero is its value (01); one to four ASCII
// letters and then one to ten digits ("T00000123", "CALL42") packs the letters, the digit
// count and the value (11); anything else is a string hash (10). The first two are exact,
// and an export's ids of one shape then fall in a narrow range (ingest/dedupe.cpp).
std::uint64_t id_key(std::string_view id);

}  // namespace cskpi
