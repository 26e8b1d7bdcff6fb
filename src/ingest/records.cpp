#include "ingest/records.hpp"

#include <functional>

namespace cskpi {

std::string_view to_string(Priority p) {
    static constexpr std::string_view names[] = {"urgent", "high", "normal", "low"};
    return names[int(p)];
}

std::string_view to_string(Channel c) {
    static constexpr std::string_view names[] = {"phone", "chat", "email", "social", "web", "other"};
    return names[int(c)];
}

namespace {

// Letters then digits: 6 bits a letter (A-Z 1-26, a-z 27-52, 0 = none), 4 bits for the count
// of digits, 34 bits for their value (ten digits < 2^34).
constexpr int kValueBits = 34, kCountBits = 4, kLetterBits = 6, kMaxLetters = 4, kMaxDigits = 10;
static_assert(2 + kMaxLetters * kLetterBits + kCountBits + kValueBits == 64);

std::uint64_t letter_code(char c) {
    if (c >= 'A' && c <= 'Z') return std::uint64_t(c - 'A' + 1);
    if (c >= 'a' && c <= 'z') return std::uint64_t(c - 'a' + 27);
    return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::uint64_t id_key(std::string_view id) {
    constexpr std::uint64_t kNumeric = 1ull << 62;
    constexpr std::uint64_t kHashed = 1ull << 63;
    constexpr std::uint64_t kLettered = kNumeric | kHashed;
    if (!id.empty() && id.size() <= 18 && (id.size() == 1 || id[0] != '0')) {
        std::uint64_t v = 0;
        bool digits = true;
        for (char c : id) {
            if (!is_digit(c)) {
                digits = false;
                break;
            }
            v = v * 10 + std::uint64_t(c - '0');
        }
        if (digits) return v | kNumeric;
    }
    std::size_t letters = 0;
    while (letters < id.size() && letters <= kMaxLetters && letter_code(id[letters]) != 0) ++letters;
    const std::size_t digits = id.size() - letters;
    if (letters >= 1 && letters <= kMaxLetters && digits >= 1 && digits <= kMaxDigits) {
        std::uint64_t v = 0;
        bool all_digits = true;
        for (char c : id.substr(letters)) {
            if (!is_digit(c)) {
                all_digits = false;
                break;
            }
            v = v * 10 + std::uint64_t(c - '0');
        }
        if (all_digits) {
            std::uint64_t prefix = 0;
            for (std::size_t i = 0; i < kMaxLetters; ++i)
                prefix = prefix << kLetterBits | (i < letters ? letter_code(id[i]) : 0);
            return kLettered | prefix << (kCountBits + kValueBits) | std::uint64_t(digits) << kValueBits | v;
        }
    }
    return (std::hash<std::string_view>{}(id) & ~kNumeric) | kHashed;
}

}  // namespace cskpi
