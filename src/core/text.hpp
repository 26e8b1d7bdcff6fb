#pragma once
// Small, allocation-free helpers for the per-field hot path.
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace cskpi {

// Blanks around a CSV field or a setting. A field keeps a line break inside its quotes.
inline constexpr std::string_view field_blanks = " \t\r";
// Blanks around a header value, a mail address or the start of a downloaded body.
inline constexpr std::string_view line_blanks = " \t\r\n";

inline std::string_view trim(std::string_view s, std::string_view blanks) {
    while (!s.empty() && blanks.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
    while (!s.empty() && blanks.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    return s;
}

inline bool is_field_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// No byte of s has its high bit set: eight bytes a step (the fields of a GBK export are
// nearly all ASCII, and a byte loop with an early exit was a tenth of such a run).
inline bool is_ascii(std::string_view s) {
    const char* p = s.data();
    std::size_t n = s.size();
    std::uint64_t high = 0;
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        high |= w;
    }
    for (; n > 0; ++p, --n) high |= static_cast<unsigned char>(*p);
    return (high & 0x8080808080808080ull) == 0;
}

// trim(s, field_blanks) without a memchr call per end: it runs twice for every field read.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && is_field_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_field_blank(s.back())) s.remove_suffix(1);
    return s;
}

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

inline std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = ascii_lower(c);
    return out;
}

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// A text of up to 16 bytes with A..Z folded to a..z, packed into two zero-padded words:
// two short texts are iequals exactly when their folds are equal. Longer texts fold to size
// 17 and equal nothing short. For matching a field against a few fixed spellings with a
// couple of word compares instead of a loop per byte.
struct ShortFold {
    std::uint64_t lo = 0, hi = 0;
    std::size_t size = 0;
    bool operator==(const ShortFold&) const = default;
};

// Sets bit 5 of each byte in 'A'..'Z' (per byte, no carries: each sum stays below 0x100).
inline std::uint64_t fold_ascii_word(std::uint64_t x) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    const std::uint64_t low7 = x & (0x7f * ones);
    const std::uint64_t at_least_a = low7 + (0x80 - 'A') * ones;
    const std::uint64_t past_z = low7 + (0x80 - 'Z' - 1) * ones;
    const std::uint64_t upper = at_least_a & ~past_z & ~x & (0x80 * ones);
    return x | (upper >> 2);
}

inline ShortFold fold_short(std::string_view s) {
    ShortFold f;
    if (s.size() > 16) {
        f.size = 17;
        return f;
    }
    f.size = s.size();
    const std::size_t low = s.size() < 8 ? s.size() : 8;
    __builtin_memcpy(&f.lo, s.data(), low);
    __builtin_memcpy(&f.hi, s.data() + low, s.size() - low);
    f.lo = fold_ascii_word(f.lo);
    f.hi = fold_ascii_word(f.hi);
    return f;
}

inline bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// Strict integer: optional sign, digits only.
inline std::optional<std::int64_t> parse_int(std::string_view s) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

// Decimal number ("12", "-3.5", "1e3"); rejects hex, inf and nan.
inline std::optional<double> parse_number(std::string_view s) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    // Most durations are whole numbers: up to 15 digits convert exactly without strtod.
    if (s.size() <= 15) {
        std::int64_t whole = 0;
        bool digits = true;
        for (char c : s) {
            if (c < '0' || c > '9') {
                digits = false;
                break;
            }
            whole = whole * 10 + (c - '0');
        }
        if (digits) return double(whole);
    }
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    if (v != v || v > 1e300 || v < -1e300) return std::nullopt;
    return v;
}

// docs/contract/inputs.md bools: 1/0, true/false, yes/no, y/n, 是/否 (case-insensitive).
inline std::optional<bool> parse_bool(std::string_view s) {
    if (s == "1" || iequals(s, "true") || iequals(s, "yes") || iequals(s, "y") || s == "是") return true;
    if (s == "0" || iequals(s, "false") || iequals(s, "no") || iequals(s, "n") || s == "否") return false;
    return std::nullopt;
}

}  // namespace cskpi
