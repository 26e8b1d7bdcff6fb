// Export text in messages: clipped, and never a raw control character.
#include <catch2/catch.hpp>

#include "core/export_text.hpp"

using namespace cskpi;

TEST_CASE("export text: printable text, Chinese included, passes unchanged", "[core][export_text]") {
    CHECK(escape_controls("created_at: '2026-13-01'") == "created_at: '2026-13-01'");
    CHECK(escape_controls("技术支持组 back\\slash") == "技术支持组 back\\slash");
    CHECK(quote_export_text("x") == "'x'");
}

TEST_CASE("export text: control characters are written out", "[core][export_text]") {
    CHECK(escape_controls("a\nb\rc\td") == "a\\nb\\rc\\td");
    CHECK(escape_controls(std::string("\x1b[31m\x07\x7f\0", 8)) == "\\x1b[31m\\x07\\x7f\\x00");
    CHECK(escape_controls("\xc2\x9b" "31m") == "\\u009b31m");                  // C1 CSI as UTF-8
    CHECK(escape_controls("\xe2\x80\xae" "evil") == "\\u202eevil");            // right-to-left override
    CHECK(escape_controls("\xe2\x81\xa6x\xe2\x80\xa8") == "\\u2066x\\u2028");  // isolate, line separator
    CHECK(escape_controls("\x9b\xff\xc3") == "\\x9b\\xff\\xc3");               // not UTF-8
    CHECK(escape_controls("\xed\xa0\x80") == "\\xed\\xa0\\x80");               // a surrogate is not UTF-8
}

TEST_CASE("export text: escaping twice changes nothing", "[core][export_text]") {
    const std::string once = escape_controls("\x1b]0;t\x07\n\xe2\x80\xae\x9b");
    CHECK(escape_controls(once) == once);
}

TEST_CASE("export text: at most ~200 bytes, cut on a character and marked with the length", "[core][export_text]") {
    const std::string huge(50'000'000, 'x');
    const std::string q = quote_export_text(huge);
    CHECK(q == "'" + std::string(200, 'x') + "…' (50000000 bytes)");
    CHECK(clip_export_text(huge, 10) == "xxxxxxxxxx… (50000000 bytes)");
    CHECK(clip_export_text("abc", 10, 999) == "abc… (999 bytes)");
    // 客 is three bytes: a cut inside it steps back to its start.
    CHECK(clip_export_text("ab客服", 4) == "ab… (8 bytes)");
    CHECK(clip_export_text("ab客服", 5) == "ab客… (8 bytes)");
    CHECK(quote_export_text(std::string(200, 'y')) == "'" + std::string(200, 'y') + "'");
}
