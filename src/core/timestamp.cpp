#include "core/timestamp.hpp"

#include <date/tz.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>

#include "core/errors.hpp"

namespace cskpi {

namespace {

bool read_digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        char c = s[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return kDays[m - 1];
}

// Reads `YYYY-MM-DD` / `YYYY/MM/DD` at the start of s; returns the length consumed or 0.
std::size_t read_date(std::string_view s, CivilDate& d) {
    if (s.size() < 10) return 0;
    const char sep = s[4];
    if ((sep != '-' && sep != '/') || s[7] != sep) return 0;
    if (!read_digits(s, 0, 4, d.year) || !read_digits(s, 5, 2, d.month) || !read_digits(s, 8, 2, d.day)) return 0;
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) return 0;
    return 10;
}

// Zone periods at the ends of the database are open-ended; clamp so milliseconds fit.
Millis clamped_ms(std::chrono::seconds s) {
    constexpr std::int64_t kLimit = 100'000'000'000'000;  // ~3 million years, in seconds
    const std::int64_t v = std::max<std::int64_t>(-kLimit, std::min<std::int64_t>(kLimit, s.count()));
    return v * 1000;
}

}  // namespace

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
std::int64_t days_from_civil(CivilDate d) {
    return date::sys_days(date::year{d.year} / d.month / d.day).time_since_epoch().count();
}

CivilDate civil_from_days(std::int64_t days) {
    date::year_month_day ymd{date::sys_days{date::days{days}}};
    return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
}

std::optional<CivilDate> parse_date(std::string_view text) {
    CivilDate d;
    if (text.size() != 10 || read_date(text, d) != 10) return std::nullopt;
    return d;
}

namespace {

std::uint64_t load_word(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;  // byte i of the text is bits 8i..8i+7
}
static_assert(std::endian::native == std::endian::little, "load_word reads text bytes little-endian");

// Eight bytes of a layout as masks: 0xFF where a digit goes ('d'), the byte itself where a
// separator goes.
struct WordLayout {
    std::uint64_t digits = 0, separators = 0;
};
constexpr WordLayout word_layout(std::string_view piece) {
    WordLayout w;
    for (std::size_t i = 0; i < 8; ++i) {
        if (piece[i] == 'd') w.digits |= std::uint64_t(0xFF) << (8 * i);
        else w.separators |= std::uint64_t(static_cast<unsigned char>(piece[i])) << (8 * i);
    }
    return w;
}

// Does `word` follow `layout`? All eight bytes at once: a byte is a digit when its high
// nibble is 3 and adding 6 keeps it 3 (0x30..0x39 do; 0x3A + 6 = 0x40).
bool word_fits(std::uint64_t word, WordLayout layout) {
    constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ull, kThree = 0x3030303030303030ull,
                            kSix = 0x0606060606060606ull;
    const std::uint64_t d = word & layout.digits;
    return (word & ~layout.digits) == layout.separators && (d & kHigh) == (kThree & layout.digits) &&
           ((d + (kSix & layout.digits)) & kHigh) == (kThree & layout.digits);
}

// The month of the last plain timestamp this thread read whose `YYYY-MM-` was valid:
// the timestamps of an export cluster on few months, so most skip the calendar arithmetic.
// `text` is 0 until a month is stored; a valid `YYYY-MM-` word never is.
struct LastPlainMonth {
    std::uint64_t text = 0;        // bytes 0..7, `YYYY-MM-`
    std::int64_t first_day = 0;    // days_from_civil of the month's first day
    int length = 0;                // days in the month
};
thread_local LastPlainMonth last_plain_month;

// `YYYY-MM-DD HH:MM:SS` (or `T` between date and time) in s[0, 19), as three 8-byte words,
// the last two overlapping.
std::optional<ParsedTimestamp> plain_prefix(std::string_view s) {
    static constexpr WordLayout kFirst = word_layout("dddd-dd-"), kSecond = word_layout("dd dd:dd"),
                                kSecondT = word_layout("ddTdd:dd"), kThird = word_layout("dd:dd:dd");
    if (s.size() < 19) return std::nullopt;
    const std::uint64_t first = load_word(s.data());
    const std::uint64_t second = load_word(s.data() + 8);
    if ((!word_fits(second, kSecond) && !word_fits(second, kSecondT)) || !word_fits(load_word(s.data() + 11), kThird))
        return std::nullopt;
    auto number = [&](std::size_t pos, std::size_t count) {
        int v = 0;
        for (std::size_t i = pos; i < pos + count; ++i) v = v * 10 + (s[i] - '0');
        return v;
    };
    const int hh = number(11, 2), mm = number(14, 2), ss = number(17, 2);
    if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
    LastPlainMonth& month = last_plain_month;
    if (first != month.text) {
        if (!word_fits(first, kFirst)) return std::nullopt;
        const int y = number(0, 4), m = number(5, 2);
        if (m < 1 || m > 12) return std::nullopt;
        month = {first, days_from_civil({y, m, 1}), days_in_month(y, m)};
    }
    const int day = number(8, 2);
    if (day < 1 || day > month.length) return std::nullopt;
    ParsedTimestamp t;
    t.wall = (month.first_day + day - 1) * kMsPerDay + hh * kMsPerHour + mm * kMsPerMinute + ss * 1000;
    return t;
}

// What may follow the time at pos: a fraction of up to three digits (after seconds only),
// then nothing or exactly one of the listed suffixes: `Z`, `+HH:MM`, `+HHMM`, ` +HHMM`
// (and `-`). `t.wall` holds the time up to whole seconds.
std::optional<ParsedTimestamp> read_tail(std::string_view s, std::size_t pos, ParsedTimestamp t, bool seconds) {
    if (seconds && pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        int scale = 100, ms = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && digits < 3) {
            ms += (s[pos] - '0') * scale;
            scale /= 10;
            ++digits;
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        t.wall += ms;
    }
    if (pos == s.size()) return t;
    const bool spaced = s[pos] == ' ';
    if (spaced) ++pos;
    if (pos == s.size()) return std::nullopt;
    if (!spaced && s[pos] == 'Z' && pos + 1 == s.size()) {
        t.has_offset = true;
        return t;
    }
    if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!read_digits(s, pos, 2, oh)) return std::nullopt;
    pos += 2;
    if (!spaced && pos < s.size() && s[pos] == ':') ++pos;
    if (!read_digits(s, pos, 2, om) || pos + 2 != s.size() || oh > 23 || om > 59) return std::nullopt;
    t.has_offset = true;
    t.offset_minutes = sign * (oh * 60 + om);
    return t;
}

}  // namespace

std::optional<ParsedTimestamp> parse_plain_timestamp(std::string_view s) {
    if (s.size() != 19) return std::nullopt;
    return plain_prefix(s);
}

// Nearly every export writes `YYYY-MM-DD HH:MM:SS`, many with a fraction or an offset after
// it (`2026-01-05 09:00:00 +0800`, `2026-01-05T09:00:00Z`): those 19 bytes are read
// without the general grammar's branching, the tail by the general parser's own rule.
// Whatever that does not take goes to the general parser.
std::optional<ParsedTimestamp> parse_timestamp(std::string_view s) {
    if (auto t = plain_prefix(s)) {
        if (s.size() == 19) return t;
        if (auto whole = read_tail(s, 19, *t, true)) return whole;
    }
    return parse_timestamp_general(s);
}

std::optional<ParsedTimestamp> parse_timestamp_general(std::string_view s) {
    CivilDate d;
    std::size_t pos = read_date(s, d);
    if (pos == 0 || pos >= s.size() || (s[pos] != ' ' && s[pos] != 'T')) return std::nullopt;
    ++pos;
    int hh = 0, mm = 0, ss = 0;
    if (!read_digits(s, pos, 2, hh) || pos + 2 >= s.size() || s[pos + 2] != ':' || !read_digits(s, pos + 3, 2, mm))
        return std::nullopt;
    pos += 5;
    bool seconds = false;
    if (pos < s.size() && s[pos] == ':') {
        if (!read_digits(s, pos + 1, 2, ss)) return std::nullopt;
        pos += 3;
        seconds = true;
    }
    if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
    ParsedTimestamp t;
    t.wall = days_from_civil(d) * kMsPerDay + hh * kMsPerHour + mm * kMsPerMinute + ss * 1000;
    return read_tail(s, pos, t, seconds);
}

ZoneClock::ZoneClock(const std::string& iana_name) : name_(iana_name) {
    try {
        zone_ = date::locate_zone(iana_name);
    } catch (const std::exception&) {
        throw UsageError("unknown time zone '" + iana_name + "' (use an IANA name such as Asia/Shanghai)");
    }
}

Millis ZoneClock::to_utc_uncached(Millis local) {
    using namespace std::chrono;
    const auto lt = date::local_seconds{seconds{local / 1000 - (local % 1000 < 0 ? 1 : 0)}};
    const auto info = zone_->get_info(lt);
    const Millis offset = duration_cast<milliseconds>(info.first.offset).count();
    if (info.result == date::local_info::unique) {
        // Cache the part of this zone period that cannot touch a neighbouring transition.
        const Millis begin = clamped_ms(info.first.begin.time_since_epoch());
        const Millis end = clamped_ms(info.first.end.time_since_epoch());
        local_begin_ = begin + offset + kMsPerDay;
        local_end_ = end + offset - kMsPerDay;
        local_offset_ = offset;
    }
    // Nonexistent wall times (spring forward) use the offset in force before the gap.
    return local - offset;
}

Millis ZoneClock::to_local(Millis utc) {
    if (utc >= utc_begin_ && utc < utc_end_) return utc + utc_offset_;
    using namespace std::chrono;
    const auto st = date::sys_seconds{seconds{utc / 1000 - (utc % 1000 < 0 ? 1 : 0)}};
    const auto info = zone_->get_info(st);
    utc_begin_ = clamped_ms(info.begin.time_since_epoch());
    utc_end_ = clamped_ms(info.end.time_since_epoch());
    utc_offset_ = duration_cast<milliseconds>(info.offset).count();
    return utc + utc_offset_;
}

std::string ZoneClock::format_iso(Millis utc) {
    const Millis local = to_local(utc);
    const int off = int((local - utc) / kMsPerMinute);
    std::int64_t days = local / kMsPerDay;
    Millis rem = local % kMsPerDay;
    if (rem < 0) {
        rem += kMsPerDay;
        --days;
    }
    const CivilDate d = civil_from_days(days);
    const int secs = int(rem / 1000);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month, d.day, secs / 3600,
                  secs / 60 % 60, secs % 60, off < 0 ? '-' : '+', std::abs(off) / 60, std::abs(off) % 60);
    return buf;
}

}  // namespace cskpi
