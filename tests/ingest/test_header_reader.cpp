// Stage 2 of ingest: the header record.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "ingest/header_reader.hpp"
#include "support/process.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {

HeaderRead header_of(const std::string& csv, SourceConfig source = {}, std::size_t block = 64,
                     std::size_t max_record = std::size_t(64) << 20) {
    TempDir dir;
    const auto path = dir.write("t.csv", csv);
    if (source.name.empty()) source.name = "tickets";
    ExportStream in(path, Encoding::utf8, "tickets (t.csv)");
    return read_header(in, SourceKind::tickets, source, "tickets (t.csv)", block, max_record);
}

std::string rest(const HeaderRead& h) { return std::string(h.rest.data(), h.rest.size()); }

}  // namespace

TEST_CASE("header: binds names, keeps the bytes after it for the data", "[ingest][header]") {
    for (std::size_t block : {1, 5, 64, 1 << 20}) {
        const auto h = header_of("\xEF\xBB\xBF Ticket_ID ,created_at,notes\n1,2026-01-05 09:00,x\n", {}, block);
        CHECK(h.names == std::vector<std::string>{" Ticket_ID ", "created_at", "notes"});
        CHECK(h.lines == 1);
        CHECK(h.delimiter == ',');
        CHECK(h.binding.field_count == 3);
        // Whatever was read past the header comes back, so the data starts right after it.
        std::string data = rest(h);
        CHECK(std::string("1,2026-01-05 09:00,x\n").rfind(data, 0) == 0);
    }
}

TEST_CASE("header: CR-only and CRLF line ends", "[ingest][header]") {
    CHECK(header_of("ticket_id,created_at\r1,x\r", {}, 1 << 20).names.size() == 2);
    CHECK(rest(header_of("ticket_id,created_at\r1,x\r", {}, 1 << 20)) == "1,x\r");
    CHECK(rest(header_of("ticket_id,created_at\r\n1,x\r\n", {}, 1 << 20)) == "1,x\r\n");
    // A CR read as the last byte is not taken for the end until the next byte is known.
    CHECK(rest(header_of("ticket_id,created_at\r\n1,x\r\n", {}, 21)).rfind("1,x", 0) == 0);
}

TEST_CASE("header: a quoted name may hold delimiters and line ends", "[ingest][header]") {
    const auto h = header_of("ticket_id,\"created\nat\",created_at\n1,a,b\n", {}, 1 << 20);
    CHECK(h.names == std::vector<std::string>{"ticket_id", "created\nat", "created_at"});
    CHECK(h.lines == 2);
}

TEST_CASE("header: the delimiter is sniffed from the first line or taken as configured", "[ingest][header]") {
    SourceConfig sniff;
    sniff.delimiter = 0;
    CHECK(header_of("ticket_id;created_at;\"a,b\"\n", sniff).delimiter == ';');
    CHECK(header_of("ticket_id\tcreated_at\n", sniff, 3).delimiter == '\t');
    // Only the first physical line counts, however much a read brings in: here the quote would
    // let a sniffer read on into rows with more tabs.
    const std::string quoted_first = "ticket_id,created_at,x\ty,\"open\n1\"\t2\t3\t4\t5\n";
    for (std::size_t block : {1, 7, 64, 1 << 20}) CHECK(header_of(quoted_first, sniff, block).delimiter == ',');
    SourceConfig semi;
    semi.delimiter = ';';
    CHECK(header_of("ticket_id;created_at\n", semi).names.size() == 2);
}

TEST_CASE("header: empty files, unclosed quotes and endless lines stop the run", "[ingest][header]") {
    CHECK_THROWS_WITH(header_of(""), Catch::Contains("empty file"));
    CHECK_THROWS_WITH(header_of("\xEF\xBB\xBF"), Catch::Contains("empty file"));
    CHECK_THROWS_WITH(header_of("\n\nticket_id\n"), Catch::Contains("empty file"));
    CHECK_THROWS_WITH(header_of("ticket_id,\"created_at\n1,2\n"),
                      Catch::Contains("tickets (t.csv): line 1: the quoted field 'created_at\\n1,2\\n'") &&
                          Catch::Contains("never closed"));
    CHECK_THROWS_WITH(header_of(std::string(5000, 'x'), {}, 64, 1000), Catch::Contains("header row is longer than"));
}

TEST_CASE("header: a missing column names the header, clipped and escaped", "[ingest][header]") {
    try {
        header_of("ticket_id," + std::string(100000, 'x') + "\x1b[31m\n");
        FAIL("no error");
    } catch (const InputError& e) {
        const std::string m = e.what();
        CHECK(m.find("missing required column 'created_at'") != std::string::npos);
        CHECK(m.size() < 600);
        CHECK(m.find("(100016 bytes)") != std::string::npos);
    }
    try {
        header_of("ticket_id,\x1b]0;title\x07\n");
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find('\x1b') == std::string::npos);
        CHECK(std::string(e.what()).find("\\x1b]0;title\\x07") != std::string::npos);
    }
}
