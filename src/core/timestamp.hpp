#pragma once
// Timestamps and dates of the export formats, and the report's IANA time zone.
// Instants are milliseconds since the Unix epoch (UTC); "local" values are wall-clock
// milliseconds in the report's zone counted as if it were UTC.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace cskpi {

using Millis = std::int64_t;
inline constexpr Millis kNoTime = std::numeric_limits<Millis>::min();
inline constexpr Millis kMsPerMinute = 60'000;
inline constexpr Millis kMsPerHour = 3'600'000;
inline constexpr Millis kMsPerDay = 86'400'000;

struct CivilDate {
    int year = 0, month = 0, day = 0;
    auto operator<=>(const CivilDate&) const = default;
};

// `YYYY-MM-DD HH:MM[:SS[.fff]]`, `T` or ` ` between date and time, `-` or `/` between date
// parts, then optionally `Z`, `+HH:MM`, `+HHMM` (also `-`), with or without a space before.
struct ParsedTimestamp {
    Millis wall = 0;           // the written wall-clock time, as if UTC
    bool has_offset = false;
    int offset_minutes = 0;    // east of UTC
};
std::optional<ParsedTimestamp> parse_timestamp(std::string_view text);
// The two halves of parse_timestamp, for tests that hold them to the same answers:
// `YYYY-MM-DD HH:MM:SS` (or with `T`) only (nullopt for anything else, valid or not), and
// the whole grammar.
std::optional<ParsedTimestamp> parse_plain_timestamp(std::string_view text);
std::optional<ParsedTimestamp> parse_timestamp_general(std::string_view text);

// `YYYY-MM-DD` or `YYYY/MM/DD`.
std::optional<CivilDate> parse_date(std::string_view text);

std::int64_t days_from_civil(CivilDate d);  // days since 1970-01-01
CivilDate civil_from_days(std::int64_t days);

// Converts between instants and the report zone's wall clock. Cheap to copy; each copy
// caches the last zone period it used, so give every thread its own copy.
class ZoneClock {
public:
    explicit ZoneClock(const std::string& iana_name);  // throws UsageError for unknown zones
    const std::string& name() const { return name_; }

    // Ambiguous wall times take the earlier instant. Inline for the cached span: every
    // timestamp of an export is converted here.
    Millis to_utc(Millis local) {
        if (local >= local_begin_ && local < local_end_) return local - local_offset_;
        return to_utc_uncached(local);
    }
    Millis to_local(Millis utc);
    Millis instant_of(const ParsedTimestamp& t) {
        return t.has_offset ? t.wall - Millis(t.offset_minutes) * kMsPerMinute : to_utc(t.wall);
    }
    int offset_minutes_at(Millis utc) { return int((to_local(utc) - utc) / kMsPerMinute); }
    std::string format_iso(Millis utc);  // 2027-01-01T00:00:00+08:00

private:
    Millis to_utc_uncached(Millis local);

    std::string name_;
    const date::time_zone* zone_ = nullptr;
    // Cached spans where the offset is constant (and, for local time, unambiguous).
    Millis local_begin_ = 1, local_end_ = 0, local_offset_ = 0;
    Millis utc_begin_ = 1, utc_end_ = 0, utc_offset_ = 0;
};

}  // namespace cskpi
