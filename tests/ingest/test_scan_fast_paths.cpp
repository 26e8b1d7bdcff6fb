// The vectorised scans of the ingest hot path against plain byte-at-a-time versions of the
// same rules, on random text that puts every interesting byte at every offset of a
// 16- and 64-byte step.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/csv/csv_rule.hpp"
#include "ingest/csv/csv_tokenizer.hpp"
#include "ingest/encoding/text_decoder.hpp"

using namespace cskpi;

namespace {

// csv_rule.hpp, one byte at a time: the tokenizer as it was before it scanned whole records.
bool reference_next(char*& cursor, char* end, CsvRecord& out, char delim) {
    using csv_rule::is_line_end;
    using csv_rule::line_end_length;
    out = CsvRecord{};
    char* p = cursor;
    if (p >= end) return false;
    if (is_line_end(*p)) {
        out.blank = true;
        out.line_breaks = 1;
        cursor = p + line_end_length(p, end);
        return true;
    }
    for (;;) {
        char* const start = p;
        char* write = p;
        if (p < end && *p == '"') {
            const int quote_line = out.line_breaks;
            ++p;
            write = p;
            bool closed = false;
            while (p < end) {
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        *write++ = '"';
                        p += 2;
                        continue;
                    }
                    ++p;
                    closed = true;
                    break;
                }
                if (is_line_end(*p) && !(*p == '\r' && p + 1 < end && p[1] == '\n')) ++out.line_breaks;
                *write++ = *p++;
            }
            if (!closed) {
                out.open_quote = true;
                out.open_quote_line = quote_line;
            }
            while (p < end && *p != delim && !is_line_end(*p)) *write++ = *p++;
            out.fields.emplace_back(start + 1, std::size_t(write - start - 1));
        } else {
            while (p < end && *p != delim && !is_line_end(*p)) ++p;
            out.fields.emplace_back(start, std::size_t(p - start));
        }
        if (p >= end) break;
        if (*p == delim) {
            ++p;
            if (p >= end) {
                out.fields.emplace_back(p, 0);
                break;
            }
            continue;
        }
        p += line_end_length(p, end);
        ++out.line_breaks;
        break;
    }
    cursor = p;
    return true;
}

// Byte-at-a-time UTF-8 check: shortest form, no surrogates, nothing past U+10FFFF.
bool reference_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        unsigned cp = len == 1 ? c : c & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k) {
            const auto t = static_cast<unsigned char>(s[i + k]);
            if ((t & 0xC0) != 0x80) return false;
            cp = cp << 6 | (t & 0x3F);
        }
        const unsigned min = len == 1 ? 0 : len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

// Mostly plain field text, now and then one of `specials`.
std::string random_text(std::mt19937_64& rnd, std::size_t size, const std::vector<std::string>& specials,
                        unsigned special_per_mille) {
    std::string s;
    while (s.size() < size) {
        if (rnd() % 1000 < special_per_mille) s += specials[rnd() % specials.size()];
        else s += char('a' + rnd() % 26);
    }
    return s;
}

// The tokenizer and reference_next read `text` into the same records: fields (bytes and
// places), line counts, blank and open-quote flags, and where each record ends.
void require_same_split(const std::string& text, char delim) {
    std::string fast_buffer = text, reference_buffer = text;
    char *fast = fast_buffer.data(), *reference = reference_buffer.data();
    char* const fast_end = fast + text.size();
    char* const reference_end = reference + text.size();
    CsvTokenizer tokenizer(delim);
    CsvRecord got, want;
    for (;;) {
        const bool more = tokenizer.next(fast, fast_end, got);
        REQUIRE(more == reference_next(reference, reference_end, want, delim));
        if (!more) break;
        INFO("text: " << text);
        REQUIRE(fast - fast_buffer.data() == reference - reference_buffer.data());
        REQUIRE(got.fields.size() == want.fields.size());
        for (std::size_t f = 0; f < got.fields.size(); ++f) {
            REQUIRE(got.fields[f] == want.fields[f]);
            REQUIRE(got.fields[f].data() - fast_buffer.data() == want.fields[f].data() - reference_buffer.data());
        }
        REQUIRE(got.line_breaks == want.line_breaks);
        REQUIRE(got.blank == want.blank);
        REQUIRE(got.open_quote == want.open_quote);
        REQUIRE(got.open_quote_line == want.open_quote_line);
    }
}

}  // namespace

TEST_CASE("tokenizer: whole-record field scan splits as the byte-at-a-time rule", "[csv]") {
    std::mt19937_64 rnd(7);
    for (const char delim : {',', ';', '\t'}) {
        const std::vector<std::string> specials = {std::string(1, delim), "\n", "\r", "\r\n", "\"", "\"\"", " ",
                                                   std::string(1, delim) + "\"", "\n\""};
        for (int round = 0; round < 4000; ++round) {
            const unsigned density = round % 2 ? 60 : 250;  // long fields, and many short ones
            const std::string text = random_text(rnd, rnd() % 300, specials, density);
            require_same_split(text, delim);
        }
    }
}

TEST_CASE("utf-8 check: the block check agrees with a byte-at-a-time check", "[encoding]") {
    std::mt19937_64 rnd(11);
    const std::vector<std::string> specials = {"\xC3\xA9",          "\xE6\x8A\x80",     "\xF0\x9F\x98\x80",
                                               "\x80",              "\xC3",             "\xE6\x8A",
                                               "\xC0\xAF",          "\xED\xA0\x80",     "\xF4\x90\x80\x80",
                                               "\xFF",              "\xE0\x80\xAF",     "\xF0\x9F\x98"};
    int valid = 0, invalid = 0;
    for (int round = 0; round < 20000; ++round) {
        const unsigned density = round % 3 == 0 ? 2 : round % 3 == 1 ? 20 : 200;
        std::string text = random_text(rnd, rnd() % 400, specials, density);
        // Valid text too: only well-formed characters.
        if (round % 2) text = random_text(rnd, rnd() % 400, {specials[0], specials[1], specials[2]}, density);
        const bool want = reference_utf8(text);
        INFO("round " << round << ", " << text.size() << " bytes");
        REQUIRE(is_valid_utf8(text) == want);
        // Every suffix start: the first non-ASCII byte at every offset of a step.
        if (round % 50 == 0)
            for (std::size_t from = 0; from < std::min<std::size_t>(text.size(), 80); ++from)
                REQUIRE(is_valid_utf8(std::string_view(text).substr(from)) ==
                        reference_utf8(std::string_view(text).substr(from)));
        (want ? valid : invalid)++;
    }
    CHECK(valid > 1000);
    CHECK(invalid > 1000);
}

TEST_CASE("tokenizer: quoted fields of every kind at every window offset split as the byte-at-a-time rule",
          "[csv]") {
    // Exports that quote every field: plain quoted fields (the tokenizer's mask path) beside
    // quoted ones with line ends, quote pairs, delimiters or text after the closing quote,
    // and unquoted fields long enough to move the 64-byte window on.
    std::mt19937_64 rnd(11);
    for (const char delim : {',', ';', '\t'}) {
        const std::string d(1, delim);
        const std::vector<std::string> inside = {d, "\n", "\r\n", "\"\"", " "};
        for (int round = 0; round < 3000; ++round) {
            std::string text;
            const int records = 1 + int(rnd() % 6);
            for (int r = 0; r < records; ++r) {
                const int fields = 1 + int(rnd() % 12);
                for (int f = 0; f < fields; ++f) {
                    if (f > 0) text += d;
                    const std::size_t length = rnd() % 4 == 0 ? rnd() % 90 : rnd() % 12;
                    switch (rnd() % 6) {
                        case 0: text += random_text(rnd, length, {" "}, 50); break;  // unquoted
                        case 1: text += "\"" + random_text(rnd, length, inside, 40) + "\""; break;
                        case 2: text += "\"" + random_text(rnd, length, {"x"}, 0) + "\"x"; break;  // text after
                        default: text += "\"" + random_text(rnd, length, {" "}, 50) + "\""; break;  // plain quoted
                    }
                }
                text += rnd() % 3 == 0 ? "\r\n" : "\n";
            }
            if (rnd() % 5 == 0) text.pop_back();  // no final line end (or half of a CRLF)
            if (rnd() % 9 == 0) text += "\"never closed";
            require_same_split(text, delim);
        }
    }
}

TEST_CASE("gbk fields: ASCII passes through, a non-ASCII byte anywhere is decoded", "[encoding]") {
    // The ASCII test goes eight bytes a step: a GBK character (`中` = D6 D0) at every offset
    // of fields of every length up to 40 must still reach the decoder.
    FieldDecoder gbk(Encoding::gbk);
    std::string scratch;
    for (std::size_t length = 0; length <= 40; ++length) {
        const std::string ascii(length, 'a');
        const auto plain = gbk.decode(ascii, scratch);
        REQUIRE(plain);
        CHECK(plain->data() == ascii.data());  // the raw view, no copy
        for (std::size_t at = 0; at + 2 <= length; ++at) {
            std::string field = ascii;
            field[at] = '\xD6';
            field[at + 1] = '\xD0';
            const auto decoded = gbk.decode(field, scratch);
            INFO("length " << length << ", at " << at);
            REQUIRE(decoded);
            CHECK(*decoded == ascii.substr(0, at) + "\xE4\xB8\xAD" + ascii.substr(at + 2));
        }
        if (length > 0) {
            std::string broken = ascii;
            broken[length - 1] = '\x81';  // a lead byte with nothing after it
            INFO("length " << length);
            CHECK_FALSE(gbk.decode(broken, scratch));
        }
    }
}
