#include <catch2/catch.hpp>

#include <cstdio>
#include <iterator>
#include <optional>
#include <random>
#include <string>

#include "core/errors.hpp"
#include "core/timestamp.hpp"

using namespace cskpi;

namespace {
// 2026-03-01 10:00:00 UTC in ms: days_from_civil(2026-03-01) = 20513.
constexpr Millis kMarch1_10h_utc = 20513LL * kMsPerDay + 10 * kMsPerHour;

Millis instant(const char* text, const char* zone = "Asia/Shanghai") {
    ZoneClock clock(zone);
    const auto t = parse_timestamp(text);
    REQUIRE(t);
    return clock.instant_of(*t);
}
}  // namespace

TEST_CASE("days_from_civil matches the known epoch day", "[timestamp]") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({2026, 3, 1}) == 20513);
    CHECK(civil_from_days(20513) == CivilDate{2026, 3, 1});
}

TEST_CASE("timestamp: date and time separated by a space", "[timestamp]") {
    // Local 18:00 in Shanghai (+08:00) is 10:00 UTC.
    CHECK(instant("2026-03-01 18:00") == kMarch1_10h_utc);
}

TEST_CASE("timestamp: seconds and milliseconds", "[timestamp]") {
    CHECK(instant("2026-03-01 18:00:05") == kMarch1_10h_utc + 5000);
    CHECK(instant("2026-03-01 18:00:05.250") == kMarch1_10h_utc + 5250);
    CHECK(instant("2026-03-01 18:00:05.5") == kMarch1_10h_utc + 5500);
}

TEST_CASE("timestamp: T between date and time", "[timestamp]") {
    CHECK(instant("2026-03-01T18:00:00") == kMarch1_10h_utc);
}

TEST_CASE("timestamp: slashes between date parts", "[timestamp]") {
    CHECK(instant("2026/03/01 18:00") == kMarch1_10h_utc);
}

TEST_CASE("timestamp: Z offset", "[timestamp]") {
    CHECK(instant("2026-03-01 10:00Z") == kMarch1_10h_utc);
    CHECK(instant("2026-03-01T10:00:00Z") == kMarch1_10h_utc);
}

TEST_CASE("timestamp: +HH:MM offset", "[timestamp]") {
    CHECK(instant("2026-03-01 18:00+08:00", "UTC") == kMarch1_10h_utc);
    CHECK(instant("2026-03-01 05:00:00-05:00", "Asia/Shanghai") == kMarch1_10h_utc);
}

TEST_CASE("timestamp: +HHMM offset", "[timestamp]") {
    CHECK(instant("2026-03-01 18:00+0800", "UTC") == kMarch1_10h_utc);
}

TEST_CASE("timestamp: space then +HHMM offset", "[timestamp]") {
    CHECK(instant("2026-03-01 18:00:00 +0800", "UTC") == kMarch1_10h_utc);
}

TEST_CASE("timestamp: forms outside the contract are rejected", "[timestamp]") {
    for (const char* bad : {"2026-03-01", "2026-3-1 10:00", "01.03.2026 10:00", "2026-02-30 10:00",
                            "2026-03-01 24:00", "2026-03-01 10:60", "2026-03-01 10:00:61", "2026-03-01 10:00 Z",
                            "2026-03-01 10:00 +08:00", "2026-03-01 10:00:00.1234", "2026-03-01 10:00+8",
                            "2026-03-01 10:00:00.", "2026-03-01 10:00 ", "2026-03-01/10:00", "2026-03/01 10:00"}) {
        INFO(bad);
        CHECK_FALSE(parse_timestamp(bad));
    }
}

TEST_CASE("dates: dashes and slashes, real calendar days only", "[timestamp]") {
    CHECK(parse_date("2026-03-01") == CivilDate{2026, 3, 1});
    CHECK(parse_date("2026/03/01") == CivilDate{2026, 3, 1});
    CHECK(parse_date("2024-02-29") == CivilDate{2024, 2, 29});
    CHECK_FALSE(parse_date("2026-02-29"));
    CHECK_FALSE(parse_date("2026-03-01 10:00"));
    CHECK_FALSE(parse_date("2026-3-1"));
}

TEST_CASE("a wall time without offset is local to the report zone, DST included", "[timestamp]") {
    // New York is UTC-5 in winter, UTC-4 in summer.
    CHECK(instant("2026-01-15 12:00", "America/New_York") == instant("2026-01-15 17:00Z"));
    CHECK(instant("2026-07-15 12:00", "America/New_York") == instant("2026-07-15 16:00Z"));
    // 01:30 on 2026-11-01 happens twice; the earlier (EDT, -4) is taken.
    CHECK(instant("2026-11-01 01:30", "America/New_York") == instant("2026-11-01 05:30Z"));
}

TEST_CASE("format_iso prints the zone offset", "[timestamp]") {
    ZoneClock clock("Asia/Shanghai");
    CHECK(clock.format_iso(kMarch1_10h_utc) == "2026-03-01T18:00:00+08:00");
}

TEST_CASE("an unknown time zone is a usage error", "[timestamp]") {
    CHECK_THROWS_AS(ZoneClock("Mars/Olympus"), UsageError);
}

TEST_CASE("timestamp: the YYYY-MM-DD HH:MM:SS shortcut answers exactly as the general grammar", "[timestamp]") {
    // Plain timestamps with every field a little past its range, then bent by random edits.
    std::mt19937 rng(20260301);
    auto pick = [&](std::size_t n) { return std::size_t(rng() % n); };
    const std::string bytes = "0123456789-/ T:.Z+x;?\x06\xb5";  // next to digits: / : ; ?
    const char* const suffixes[] = {".5",     ".123",    "Z",  "+08:00", " +0800", "-0530", " ",  "0",
                                    ".123+08:00", " +08:00", ".1234", "+8:00", "Z ", ".",  "-24:00", "+0860"};
    auto same = [](const std::optional<ParsedTimestamp>& a, const std::optional<ParsedTimestamp>& b) {
        if (!a || !b) return !a && !b;
        return a->wall == b->wall && a->has_offset == b->has_offset && a->offset_minutes == b->offset_minutes;
    };
    std::size_t read_by_shortcut = 0, checked = 0;
    for (int i = 0; i < 300000; ++i) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%04zu-%02zu-%02zu%c%02zu:%02zu:%02zu", pick(10000), pick(14), pick(33),
                      pick(3) == 0 ? 'T' : ' ', pick(26), pick(62), pick(62));
        std::string s = buf;
        for (std::size_t edits = pick(3); edits > 0; --edits) {
            switch (pick(4)) {
                case 0: s[pick(s.size())] = bytes[pick(bytes.size())]; break;
                case 1: s.erase(pick(s.size()), 1); break;
                case 2: s.insert(pick(s.size() + 1), 1, bytes[pick(bytes.size())]); break;
                default: s += suffixes[pick(std::size(suffixes))]; break;
            }
        }
        const auto general = parse_timestamp_general(s);
        const auto shortcut = parse_plain_timestamp(s);
        if (shortcut) {
            ++read_by_shortcut;
            if (!same(shortcut, general)) FAIL("shortcut and general parser differ on '" << s << "'");
        }
        if (!same(parse_timestamp(s), general)) FAIL("parse_timestamp and general parser differ on '" << s << "'");
        ++checked;
    }
    CHECK(checked == 300000);
    CHECK(read_by_shortcut > 10000);  // the shortcut is really taken
}

TEST_CASE("timestamp: the shortcut's remembered month never answers for a different date", "[timestamp]") {
    // Neighbours that share all but one byte of the date, valid and not, read in turn:
    // month lengths differ, days fall outside a month just seen.
    const char* const dates[] = {"2025-02-28", "2025-02-29", "2024-02-29", "2025-02-18", "2025-03-28",
                                 "2025-12-28", "2025-02-28", "2025-02-2x", "2025-x2-28", "2026-02-28",
                                 "2025-13-28", "2025-02-28", "2025-02-00", "2025-02-01", "2025/02/01",
                                 "2025-02-01", "1970-01-01", "1970-01-01", "9999-12-31", "0000-01-01"};
    const char* const times[] = {" 00:00:00", " 23:59:59", " 12:30:45"};
    for (int round = 0; round < 2; ++round)
        for (const char* date : dates)
            for (const char* time : times) {
                const std::string s = std::string(date) + time;
                const auto general = parse_timestamp_general(s);
                const auto shortcut = parse_timestamp(s);
                INFO(s);
                REQUIRE(bool(shortcut) == bool(general));
                if (general) CHECK(shortcut->wall == general->wall);
            }
}
