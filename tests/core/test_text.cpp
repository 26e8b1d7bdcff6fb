#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/text.hpp"

using namespace cskpi;

TEST_CASE("numbers: whole, decimal, exponent, signs, nothing else", "[text]") {
    CHECK(parse_number("249") == 249.0);
    CHECK(parse_number("0012") == 12.0);
    CHECK(parse_number("+7") == 7.0);
    CHECK(parse_number("-3") == -3.0);
    CHECK(parse_number("1.5") == 1.5);
    CHECK(parse_number("1e3") == 1000.0);
    CHECK(parse_number("123456789012345") == 123456789012345.0);
    CHECK(parse_number("12345678901234567890") == 12345678901234567890.0);
    for (const char* bad : {"", "+", "12s", "1,5", "0x10", "inf", "nan", "1.2.3", " 1"}) {
        INFO(bad);
        CHECK_FALSE(parse_number(bad));
    }
}

TEST_CASE("integers: digits with an optional sign only", "[text]") {
    CHECK(parse_int("42") == 42);
    CHECK(parse_int("-1") == -1);
    CHECK_FALSE(parse_int("1.0"));
    CHECK_FALSE(parse_int(""));
    CHECK_FALSE(parse_int("1e2"));
}

TEST_CASE("trim: blanks of a field by default, line breaks too when asked", "[text]") {
    CHECK(trim(" \t a b \r") == "a b");
    CHECK(trim("\nvalue\n") == "\nvalue\n");  // a quoted field keeps its line breaks
    CHECK(trim("\n  <html>\r\n", line_blanks) == "<html>");
    CHECK(trim("   ").empty());
}

TEST_CASE("trim: the field-blank shortcut cuts exactly what field_blanks names", "[text]") {
    // Every string of up to four bytes over blanks, near-blanks and text.
    const std::string alphabet = std::string(" \t\r\n\v\fa") + '\0';
    std::vector<std::string> strings{""};
    for (std::size_t from = 0, length = 0; length < 4; ++length) {
        const std::size_t to = strings.size();
        for (std::size_t i = from; i < to; ++i)
            for (char c : alphabet) strings.push_back(strings[i] + c);
        from = to;
    }
    for (const auto& s : strings) {
        INFO(s.size());
        CHECK(trim(s) == trim(s, field_blanks));
    }
}

// fold_short must agree with iequals on every pair: it replaces it in the enum lookups.
// Bytes are drawn around the folding edges ('@' 'A' 'Z' '[' '`' 'a' 'z' '{'), from bytes
// whose low seven bits are letters (0xC1, 0xDA: UTF-8 lead bytes, not to be folded), and
// from Chinese text, at every length up to 20 (past the 16 that fold).
TEST_CASE("short folds are equal exactly when the texts are equal but for ASCII case", "[text]") {
    const std::vector<std::string> pieces = {"@", "A", "Z", "[", "`", "a", "z", "{", "\xC1", "\xDA", "\xE1",
                                             "\x81", "\x9A", "0", " ", "\x7F", std::string(1, '\0'), "紧", "高"};
    std::uint64_t state = 88172645463325252ull;  // xorshift: the same cases every run
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    auto random_text = [&](std::size_t pieces_wanted) {
        std::string s;
        for (std::size_t i = 0; i < pieces_wanted; ++i) s += pieces[next() % pieces.size()];
        return s;
    };
    auto flip_case = [&](std::string s) {
        for (char& c : s)
            if (next() % 2 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) c = char(c ^ 0x20);
        return s;
    };
    int equal_pairs = 0, unequal_pairs = 0;
    for (int round = 0; round < 20000; ++round) {
        const std::string a = random_text(next() % 14);
        // Half the time b is a with its letters' case flipped, else another text.
        const std::string b = round % 2 ? flip_case(a) : random_text(next() % 14);
        INFO("a " << a.size() << " bytes, b " << b.size() << " bytes, round " << round);
        const bool same = iequals(a, b);
        if (a.size() <= 16 && b.size() <= 16) {
            REQUIRE((fold_short(a) == fold_short(b)) == same);
            (same ? equal_pairs : unequal_pairs) += 1;
        } else if (a.size() <= 16 || b.size() <= 16) {
            REQUIRE_FALSE(fold_short(a) == fold_short(b));
        }
    }
    CHECK(equal_pairs > 5000);  // both outcomes were really tried
    CHECK(unequal_pairs > 5000);
    CHECK(fold_short("URGENT") == fold_short("urgent"));
    CHECK_FALSE(fold_short("\xC1\xDA") == fold_short("\xE1\xFA"));  // lead bytes are not letters
    CHECK_FALSE(fold_short("@[") == fold_short("`{"));
    CHECK_FALSE(fold_short(std::string("urgent\0", 7)) == fold_short("urgent"));  // padding is not a byte
    CHECK_FALSE(fold_short(std::string(17, 'a')) == fold_short(std::string(16, 'a')));
}
