// The block cutter's state machine against the tokenizer: a cut is always where the
// tokenizer ends a record, however the bytes arrive.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "ingest/csv/csv_tokenizer.hpp"
#include "ingest/csv/record_scanner.hpp"

using namespace cskpi;

namespace {

// Offsets where the tokenizer ends records (one past each record's line end) in `text`.
std::set<std::size_t> record_ends(std::string text, char delimiter = ',') {
    std::set<std::size_t> ends;
    CsvTokenizer tokenizer(delimiter);
    CsvRecord record;
    char* cursor = text.data();
    char* const end = text.data() + text.size();
    while (tokenizer.next(cursor, end, record))
        if (cursor < end || record.line_breaks) ends.insert(std::size_t(cursor - text.data()));
    return ends;
}

// Feeds `text` to a scanner in pieces of `step` bytes (0 = random), cutting wherever it
// says, as the reader does; returns the cuts as offsets into `text`.
std::vector<std::size_t> cuts(const std::string& text, std::size_t step, std::uint64_t seed = 1, char delimiter = ',') {
    std::mt19937_64 rnd(seed);
    RecordScanner scanner(delimiter);
    std::string buffer;
    std::size_t consumed = 0, fed = 0;
    std::vector<std::size_t> out;
    while (fed < text.size()) {
        const std::size_t n = std::min(text.size() - fed, step ? step : 1 + rnd() % 9);
        buffer.append(text, fed, n);
        fed += n;
        if (const std::size_t cut = scanner.scan(buffer.data(), buffer.size())) {
            out.push_back(consumed + cut);
            buffer.erase(0, cut);
            scanner.consume(cut);
            consumed += cut;
        }
    }
    return out;
}

void require_cuts_are_record_ends(const std::string& text) {
    const auto ends = record_ends(text);
    for (std::size_t step : {0, 1, 2, 3, 5, 16, 1000}) {
        for (std::uint64_t seed = 1; seed <= (step ? 1u : 20u); ++seed) {
            for (std::size_t c : cuts(text, step, seed)) {
                INFO("text '" << text << "' step " << step << " cut " << c);
                REQUIRE(ends.count(c) == 1);
            }
        }
    }
}

}  // namespace

TEST_CASE("scanner: line ends outside quotes end records (LF, CRLF and CR)", "[csv][scanner]") {
    CHECK(cuts("a,b\nc,d\n", 1000) == std::vector<std::size_t>{8});
    CHECK(cuts("a,b\r\nc,d\r\n", 1000) == std::vector<std::size_t>{10});
    CHECK(cuts("a,b\rc,d\rx", 1000) == std::vector<std::size_t>{8});
    // A CR at the end of what was read waits for the next byte: it may be half of a CRLF.
    CHECK(cuts("a,b\r\nc", 4) == std::vector<std::size_t>{5});
}

TEST_CASE("scanner: a quote opens a field only at its start", "[csv][scanner]") {
    // `15" screen` is literal: the line end after it ends the record.
    CHECK(cuts("1,15\" screen\n2,x\n", 1000) == std::vector<std::size_t>{17});
    CHECK(cuts("1,15\" screen\n", 1000) == std::vector<std::size_t>{13});
    // A quoted field hides its line ends; "" inside it is a quote.
    CHECK(cuts("1,\"a\nb\"\"\n\"\n", 1000) == std::vector<std::size_t>{11});
    CHECK(cuts("1,\"a\nb", 1000).empty());
    // Text after the closing quote is literal, quotes included.
    CHECK(cuts("1,\"ab\"c\"\n2\n", 1000) == std::vector<std::size_t>{11});
    // A quote after a space is not at the start of the field.
    CHECK(cuts("1, \"a\n2\n", 1000) == std::vector<std::size_t>{8});
    // A quote right after a line end, or at the very start, opens a field.
    CHECK(cuts("\"a\nb\"\n", 1000) == std::vector<std::size_t>{6});
    CHECK(cuts("x\r\"a\rb\"\ry", 1000) == std::vector<std::size_t>{8});
    CHECK(cuts("x\r\"a\rb\"\r", 1000) == std::vector<std::size_t>{2});  // the last CR waits
}

TEST_CASE("scanner: the delimiter decides where fields start", "[csv][scanner]") {
    CHECK(cuts("1;\"a\nb\"\n", 1000, 1, ';') == std::vector<std::size_t>{8});
    CHECK(cuts("1,\"a\nb\"\n", 1, 1, ';') == std::vector<std::size_t>{5, 8});  // ',' is text here
}

TEST_CASE("scanner: cuts agree with the tokenizer on tricky inputs in any pieces", "[csv][scanner]") {
    for (const char* text : {"a,\"b,c\",\"say \"\"hi\"\"\",\"line1\nline2\"\n2,3\n",
                             "1,\"x\"\"\r\n\"\r\n2,\"\"\r\n3,\"\"\"\"\n",
                             "1,15\" screen,\"a\nb\"\n2,\"q\"tail\"\n3\n",
                             "\n\r\n\r\r\n1\r2\n\"\"\n\"\n\"\n",
                             "1,\"\r\"\n\"\r\n\"\r\"\"\r",
                             "a,\"b\"\"\",c\n\"\"\"\",\n"}) {
        require_cuts_are_record_ends(text);
    }
}

TEST_CASE("scanner: cuts agree with the tokenizer on random bytes", "[csv][scanner]") {
    std::mt19937_64 rnd(42);
    const char alphabet[] = {'a', ',', '"', '\n', '\r', ' ', ';'};
    for (int i = 0; i < 400; ++i) {
        std::string text(1 + rnd() % 60, ' ');
        for (char& c : text) c = alphabet[rnd() % sizeof alphabet];
        require_cuts_are_record_ends(text);
    }
}

TEST_CASE("scanner: reports an open quoted field and where it opened", "[csv][scanner]") {
    RecordScanner scanner(',');
    const std::string text = "1,a\n2,\"open\nmore";
    CHECK(scanner.scan(text.data(), text.size()) == 4);
    CHECK(scanner.in_quoted_field());
    CHECK(scanner.quote_offset() == 6);
    scanner.consume(4);
    CHECK(scanner.quote_offset() == 2);
}

TEST_CASE("scanner: exports that quote every field cut where the tokenizer ends records", "[csv][scanner]") {
    // Long enough and in pieces large enough for the 64-byte quote masks, with quoted line
    // ends, quote pairs, literal quotes and text after closing quotes among plain fields.
    std::mt19937_64 rnd(5);
    const std::vector<std::string> inside = {",", "\n", "\r\n", "\"\"", "\r", "x"};
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const int records = 2 + int(rnd() % 12);
        for (int r = 0; r < records; ++r) {
            const int fields = 1 + int(rnd() % 10);
            for (int f = 0; f < fields; ++f) {
                if (f > 0) text += ',';
                std::string body;
                const std::size_t length = rnd() % 5 == 0 ? rnd() % 100 : rnd() % 10;
                while (body.size() < length) body += rnd() % 12 == 0 ? inside[rnd() % inside.size()] : "a";
                switch (rnd() % 8) {
                    case 0: text += "15\" " + std::string(length, 'b'); break;  // a literal quote
                    case 1: text += "\"" + body + "\"tail"; break;
                    case 2: text += std::string(length, 'c'); break;
                    default: text += "\"" + body + "\""; break;
                }
            }
            text += rnd() % 3 == 0 ? "\r\n" : "\n";
        }
        const auto ends = record_ends(text);
        for (std::size_t step : {std::size_t(64), std::size_t(100), std::size_t(333), text.size()}) {
            for (std::size_t c : cuts(text, step)) {
                INFO("text '" << text << "' step " << step << " cut " << c);
                REQUIRE(ends.count(c) == 1);
            }
        }
        // Fed whole, the cut is the tokenizer's last record end.
        RecordScanner whole(',');
        REQUIRE(whole.scan(text.data(), text.size()) == *ends.rbegin());
    }
}
