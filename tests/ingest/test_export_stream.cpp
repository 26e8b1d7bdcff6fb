// Stage 1 of ingest: bytes, their hash, and UTF-16 decoded as a stream (no temporary file).
#include <catch2/catch.hpp>

#include <iconv.h>

#include <Poco/Crypto/DigestEngine.h>

#include <cstdlib>
#include <optional>
#include <random>

#include "core/errors.hpp"
#include "ingest/encoding/text_decoder.hpp"
#include "ingest/export_stream.hpp"
#include "support/process.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {

std::string to_encoding(const char* to, const std::string& utf8) {
    iconv_t cd = iconv_open(to, "UTF-8");
    std::string in = utf8, out(utf8.size() * 4 + 8, '\0');
    char* ip = in.data();
    char* op = out.data();
    std::size_t il = in.size(), ol = out.size();
    iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    out.resize(out.size() - ol);
    return out;
}

std::string read_all(ExportStream& in, std::size_t step) {
    std::string all, buf(step, '\0');
    for (;;) {
        const std::size_t got = in.read(buf.data(), step);
        all.append(buf.data(), got);
        if (got < step) return all;
    }
}

}  // namespace

TEST_CASE("export stream: bytes pass through, counted and hashed", "[ingest][stream]") {
    TempDir dir;
    const auto path = dir.write("t.csv", "ticket_id,created_at\n1,2026-01-05 09:00\n");
    ExportStream in(path, Encoding::utf8, "tickets");
    CHECK(read_all(in, 7) == "ticket_id,created_at\n1,2026-01-05 09:00\n");
    CHECK(in.bytes_read() == 40);
    CHECK(in.sha256_hex() == "8150adecac2ad8c146bddb1954778266a3c4ca75c81c44aad868d41077a2e000");
}

// A file is read and hashed a 64 KiB piece at a time: any read size, a piece boundary
// anywhere, the hash of the whole file.
TEST_CASE("export stream: a file of many pieces hashes as one whole", "[ingest][stream]") {
    std::string body;
    for (int i = 0; body.size() < 300000; ++i) body += "T" + std::to_string(i) + ",2026-01-05 09:00,紧急\n";
    TempDir dir;
    const auto path = dir.write("t.csv", body);
    Poco::Crypto::DigestEngine whole("SHA256");
    whole.update(body.data(), body.size());
    const std::string expected = Poco::Crypto::DigestEngine::digestToHex(whole.digest());
    for (const std::size_t step : {std::size_t(1000), std::size_t(65536), std::size_t(100000), std::size_t(1) << 20}) {
        INFO("read " << step << " bytes at a time");
        ExportStream in(path, Encoding::utf8, "tickets");
        CHECK(read_all(in, step) == body);
        CHECK(in.bytes_read() == body.size());
        CHECK(in.sha256_hex() == expected);
    }
}

TEST_CASE("export stream: UTF-16 with or without a byte-order mark, read in any step", "[ingest][stream]") {
    // A character outside the BMP (a surrogate pair) and CJK, so pairs and units fall on
    // every kind of read boundary.
    const std::string text = "id,note\n1,客服 😀 ok\n2,\"a,b\"\n";
    TempDir dir;
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"le-bom", "\xFF\xFE" + to_encoding("UTF-16LE", text)},
             {"be-bom", "\xFE\xFF" + to_encoding("UTF-16BE", text)},
             {"le", to_encoding("UTF-16LE", text)}}) {
        const auto path = dir.write(name + ".csv", bytes);
        for (std::size_t step : {1, 2, 3, 5, 64, 4096}) {
            INFO(name << " step " << step);
            ExportStream in(path, Encoding::utf16, "tickets");
            CHECK(in.text_encoding() == Encoding::utf8);
            CHECK(read_all(in, step) == text);
            CHECK(in.bytes_read() == bytes.size());
        }
    }
}

TEST_CASE("export stream: invalid or truncated UTF-16 is an input error naming the export", "[ingest][stream]") {
    TempDir dir;
    const auto lone_surrogate = dir.write("bad.csv", std::string("\xFF\xFE" "a\0\x00\xDC" "b\0", 8));
    ExportStream bad(lone_surrogate, Encoding::utf16, "tickets (bad.csv)");
    CHECK_THROWS_WITH(read_all(bad, 64), Catch::Contains("tickets (bad.csv): not valid UTF-16"));
    const auto odd = dir.write("odd.csv", std::string("\xFF\xFE" "a\0b", 5));
    ExportStream truncated(odd, Encoding::utf16, "tickets (odd.csv)");
    CHECK_THROWS_WITH(read_all(truncated, 64), Catch::Contains("truncated UTF-16"));
}

TEST_CASE("export stream: a missing file is an input error", "[ingest][stream]") {
    CHECK_THROWS_AS(ExportStream("/nonexistent/t.csv", Encoding::utf8, "tickets"), InputError);
}

namespace {

// iconv over the whole text at once: the UTF-8, or nullopt where it finds the bytes invalid
// or truncated.
std::optional<std::string> whole_from(const char* from, const std::string& bytes) {
    iconv_t cd = iconv_open("UTF-8", from);
    std::string in = bytes, out(bytes.size() * 2 + 8, '\0');
    char* ip = in.data();
    char* op = out.data();
    std::size_t il = in.size(), ol = out.size();
    const std::size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    if (r == std::size_t(-1) || il != 0) return std::nullopt;
    out.resize(out.size() - ol);
    return out;
}

}  // namespace

TEST_CASE("export stream: UTF-16 decodes as iconv does on the whole, with long ASCII runs in any step",
          "[ingest][stream]") {
    // ASCII runs long and short (the narrowed path), CJK, surrogate pairs, now and then a
    // lone surrogate, in either byte order, read in steps that cut units and pairs anywhere.
    std::mt19937_64 rnd(16);
    TempDir dir;
    int invalid = 0;
    for (int round = 0; round < 400; ++round) {
        const bool big = round % 2 == 1;
        std::u16string units;
        while (units.size() < 20 + rnd() % 400) {
            switch (rnd() % 8) {
                case 0: units += u"客服"; break;
                case 1: units += u"\U0001F600"; break;                  // a surrogate pair
                case 2: if (rnd() % 6 == 0) units += char16_t(0xD800 + rnd() % 0x800); break;  // lone
                case 3: units += std::u16string(rnd() % 70, u'x'); break;
                case 4: units += u"\u00e9"; break;                     // two UTF-8 bytes, past ASCII
                default: units += u"a,b\n"; break;
            }
        }
        std::string bytes;
        for (char16_t u : units) {
            const char hi = char(u >> 8), lo = char(u & 0xFF);
            bytes += big ? std::string{hi, lo} : std::string{lo, hi};
        }
        const auto expected = whole_from(big ? "UTF-16BE" : "UTF-16LE", bytes);
        invalid += !expected;
        const auto path = dir.write("u16.csv", (big ? std::string("\xFE\xFF") : std::string("\xFF\xFE")) + bytes);
        for (std::size_t step : {std::size_t(1), std::size_t(3), std::size_t(64), std::size_t(100000)}) {
            INFO("round " << round << " step " << step);
            ExportStream in(path, Encoding::utf16, "tickets");
            if (expected) {
                CHECK(read_all(in, step) == *expected);
            } else {
                CHECK_THROWS_AS(read_all(in, step), InputError);
            }
        }
        // The decoder itself fed in pieces of 1 to 40 bytes: units and pairs cut anywhere.
        const std::string file = (big ? std::string("\xFE\xFF") : std::string("\xFF\xFE")) + bytes;
        Utf16Decoder decoder("tickets");
        std::string out;
        bool threw = false;
        try {
            for (std::size_t at = 0; at < file.size();) {
                const std::size_t n = std::min<std::size_t>(file.size() - at, 1 + rnd() % 40);
                decoder.decode(std::string_view(file).substr(at, n), out, at + n == file.size());
                at += n;
            }
        } catch (const InputError&) {
            threw = true;
        }
        INFO("round " << round << " in pieces");
        CHECK(threw == !expected);
        if (expected) CHECK(out == *expected);
    }
    CHECK(invalid > 20);
    CHECK(invalid < 300);
}
