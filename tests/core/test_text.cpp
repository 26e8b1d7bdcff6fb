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
