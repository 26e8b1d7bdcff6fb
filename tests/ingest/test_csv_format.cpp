// The CSV layer: RFC 4180 quoting, BOM, line ends, headers, delimiters, line numbers and
// chunk boundaries of the parallel reader.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "ingest/csv/csv_tokenizer.hpp"
#include "ingest_helpers.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {
std::vector<std::string> split(std::string text, char delimiter = ',') {
    CsvTokenizer tok(delimiter);
    CsvRecord rec;
    char* cur = text.data();
    REQUIRE(tok.next(cur, text.data() + text.size(), rec));
    return {rec.fields.begin(), rec.fields.end()};
}
}  // namespace

TEST_CASE("tokenizer: quoted fields with delimiters, escaped quotes and newlines", "[csv]") {
    CHECK(split("a,\"b,c\",\"say \"\"hi\"\"\",\"line1\nline2\"\n") ==
          std::vector<std::string>{"a", "b,c", "say \"hi\"", "line1\nline2"});
}

TEST_CASE("tokenizer: CRLF line ends and empty fields", "[csv]") {
    CHECK(split("a,,c\r\n") == std::vector<std::string>{"a", "", "c"});
    CHECK(split("a,b,\r\n") == std::vector<std::string>{"a", "b", ""});
    CHECK(split("\"q\"\r\n") == std::vector<std::string>{"q"});
}

TEST_CASE("tokenizer: other delimiters", "[csv]") {
    CHECK(split("a;b;\"c;d\"\n", ';') == std::vector<std::string>{"a", "b", "c;d"});
    CHECK(split("a\tb\n", '\t') == std::vector<std::string>{"a", "b"});
    CHECK(sniff_delimiter("id;created_at;\"a,b\"\n") == ';');
    CHECK(sniff_delimiter("id\tcreated_at\tx\n") == '\t');
    CHECK(sniff_delimiter("id,created_at\n") == ',');
}

TEST_CASE("BOM, CRLF, header case and spacing, unknown columns", "[csv]") {
    const auto r = ingest_text<TicketRecord>(
        "\xEF\xBB\xBF Ticket_ID ,CREATED_AT,Notes\r\n1,2026-01-05 09:00,\"free, text\"\r\n2,2026-01-06 09:00,x\r\n");
    CHECK(r.report.rows_read == 2);
    CHECK(r.report.rows_rejected == 0);
}

TEST_CASE("line numbers count physical lines, quoted newlines and blank lines included", "[csv]") {
    const auto r = ingest_text<SurveyRecord>(
        "survey_id,submitted_at,comment\n"        // line 1
        "S1,2026-01-05 09:00,\"two\nlines\"\n"    // lines 2-3
        "\n"                                      // line 4, blank: skipped, not counted
        "S2,not a time,x\n");                     // line 5
    CHECK(r.report.rows_read == 2);
    REQUIRE(r.report.first_rejects.size() == 1);
    CHECK(r.report.first_rejects[0].line == 5);
    CHECK(r.report.first_rejects[0].reason == RejectReason::bad_timestamp);
}

TEST_CASE("semicolon and tab exports with the delimiter option or sniffing", "[csv]") {
    SourceConfig semi;
    semi.delimiter = ';';
    CHECK(ingest_text<TicketRecord>("ticket_id;created_at\n1;2026-01-05 09:00\n", semi).report.rows_accepted == 1);
    SourceConfig sniff;
    sniff.delimiter = 0;
    CHECK(ingest_text<TicketRecord>("ticket_id\tcreated_at\n1\t2026-01-05 09:00\n", sniff).report.rows_accepted == 1);
}

TEST_CASE("a missing required column stops the run naming the column", "[csv]") {
    try {
        ingest_text<TicketRecord>("ticket_id,opened\n1,2026-01-05 09:00\n");
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("missing required column 'created_at'") != std::string::npos);
    }
}

TEST_CASE("an empty file is an input error", "[csv]") {
    CHECK_THROWS_AS(ingest_text<TicketRecord>(""), InputError);
    CHECK_THROWS_AS(ingest_text<TicketRecord>("\xEF\xBB\xBF"), InputError);
}

TEST_CASE("a file without a final line end keeps its last row", "[csv]") {
    CHECK(ingest_text<TicketRecord>("ticket_id,created_at\n1,2026-01-05 09:00").report.rows_accepted == 1);
}

TEST_CASE("small blocks: records and quotes across chunk boundaries give the same result", "[csv]") {
    std::string csv = "survey_id,submitted_at,ticket_id,csat,comment\n";
    for (int i = 0; i < 500; ++i)
        csv += "S" + std::to_string(i) + ",2026-01-05 09:00," + std::to_string(i % 50) + "," +
               std::to_string(1 + i % 5) + ",\"a, \"\"quoted\"\"\ncomment " + std::to_string(i) + "\"\n";
    csv += "S7,2026-01-06 09:00,1,9,late duplicate with a bad score\n";  // line 1002
    csv += "S8,2026-01-06 09:00,1,5,\n";                                    // duplicate of line 18-19
    IngestOptions whole;
    IngestOptions tiny;
    tiny.block_bytes = 97;  // many chunks, boundaries inside quoted fields
    tiny.threads = 2;
    const auto a = ingest_text<SurveyRecord>(csv, {}, whole);
    const auto b = ingest_text<SurveyRecord>(csv, {}, tiny);
    CHECK(b.chunks.size() > 10);
    CHECK(a.report.rows_read == 502);
    CHECK(b.report.rows_read == 502);
    CHECK(a.report.rejects == b.report.rejects);
    CHECK(b.report.rejects.at(RejectReason::out_of_range) == 1);
    CHECK(b.report.rejects.at(RejectReason::duplicate_id) == 1);
    REQUIRE(b.report.first_rejects.size() == 2);
    CHECK(b.report.first_rejects[0].line == 18);  // S8 starts on line 2 + 8*2
    CHECK(b.report.first_rejects[1].line == 1002);
    CHECK(a.size() == b.size());
    std::int64_t csat_a = 0, csat_b = 0;
    a.for_each([&](const SurveyRecord& s) { csat_a += s.csat; });
    b.for_each([&](const SurveyRecord& s) { csat_b += s.csat; });
    CHECK(csat_a == csat_b);
}

TEST_CASE("the source report carries bytes and sha256 of the file", "[csv]") {
    const auto r = ingest_text<TicketRecord>("ticket_id,created_at\n1,2026-01-05 09:00\n");
    CHECK(r.report.bytes == 40);  // 21 header bytes + 19 row bytes
    // printf 'ticket_id,created_at\n1,2026-01-05 09:00\n' | sha256sum
    CHECK(r.report.sha256 == "8150adecac2ad8c146bddb1954778266a3c4ca75c81c44aad868d41077a2e000");
}
