// The vectorised scans of the ingest hot path against plain byte-at-a-time versions of the
// same rules, on random text that puts every interesting byte at every offset of a
// 16- and 64-byte step.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ingest/csv/csv_rule.hpp"
#include "ingest/csv/csv_tokenizer.hpp"

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

}  // namespace

TEST_CASE("tokenizer: whole-record field scan splits as the byte-at-a-time rule", "[csv]") {
    std::mt19937_64 rnd(7);
    for (const char delim : {',', ';', '\t'}) {
        const std::vector<std::string> specials = {std::string(1, delim), "\n", "\r", "\r\n", "\"", "\"\"", " ",
                                                   std::string(1, delim) + "\"", "\n\""};
        for (int round = 0; round < 4000; ++round) {
            const unsigned density = round % 2 ? 60 : 250;  // long fields, and many short ones
            const std::string text = random_text(rnd, rnd() % 300, specials, density);
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
    }
}
