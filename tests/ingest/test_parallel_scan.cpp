// Stage 3 of ingest: blocks cut at record ends and parsed by workers.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "ingest/header_reader.hpp"
#include "ingest/parallel_scan.hpp"
#include "support/process.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {

struct Scan {
    std::vector<ChunkResult<SurveyRecord>> chunks;
    std::string error;
};

Scan scan(const std::string& csv, std::size_t block, std::size_t max_record = std::size_t(64) << 20,
          bool whole = false) {
    TempDir dir;
    const auto path = dir.write("s.csv", csv);
    SourceConfig source;
    source.name = "surveys";
    ExportStream in(path, Encoding::utf8, "surveys (s.csv)");
    HeaderRead header = read_header(in, SourceKind::surveys, source, "surveys (s.csv)", block, max_record);
    ScanSettings s;
    s.kind = SourceKind::surveys;
    s.binding = &header.binding;
    s.source = &source;
    s.timezone = "Asia/Shanghai";
    s.delimiter = header.delimiter;
    s.block_bytes = block;
    s.max_record_bytes = max_record;
    s.label = "surveys (s.csv)";
    s.first_line = 1 + header.lines;
    Scan out;
    try {
        out.chunks = whole ? scan_whole<SurveyRecord>(in, std::move(header.rest), header.end_of_file, s)
                           : scan_parallel<SurveyRecord>(in, std::move(header.rest), header.end_of_file, s);
    } catch (const InputError& e) {
        out.error = e.what();
    }
    return out;
}

std::int64_t rows(const Scan& s) {
    std::int64_t n = 0;
    for (const auto& c : s.chunks) n += c.rows_read;
    return n;
}

std::int64_t field_count_rejects(const Scan& s) {
    std::int64_t n = 0;
    for (const auto& c : s.chunks) n += c.reject_counts[index_of(RejectReason::field_count)];
    return n;
}

const std::string kHeader = "survey_id,submitted_at,comment\n";

}  // namespace

TEST_CASE("scan: blocks end at record ends, so no row is split", "[ingest][scan]") {
    std::string csv = kHeader;
    for (int i = 0; i < 200; ++i)
        csv += "S" + std::to_string(i) + ",2026-01-05 09:00,\"multi\nline, \"\"quoted\"\"\r\ncomment\"\n";
    for (std::size_t block : {1, 16, 64, 1000}) {
        const auto s = scan(csv, block);
        INFO("block " << block);
        CHECK(rows(s) == 200);
        CHECK(field_count_rejects(s) == 0);
        if (block <= 64) CHECK(s.chunks.size() > 100);
    }
}

TEST_CASE("scan: stray quotes do not make the reader buffer the rest of the file", "[ingest][scan]") {
    // An inch mark flips quote parity; the old cutter then found no record end again.
    std::string csv = kHeader + "S0,2026-01-05 09:00,15\" screen\n";
    for (int i = 1; i < 2000; ++i) csv += "S" + std::to_string(i) + ",2026-01-05 09:00,fine\n";
    const auto s = scan(csv, 256);
    CHECK(rows(s) == 2000);
    CHECK(field_count_rejects(s) == 0);
    CHECK(s.chunks.size() > std::size_t(csv.size() / 256 / 2));  // one block per read, not one in all
}

TEST_CASE("scan: a row longer than max_record_bytes stops the run naming its line", "[ingest][scan]") {
    std::string csv = kHeader + "S1,2026-01-05 09:00,a\n" + "S2,2026-01-05 09:00,\"two\nlines\"\n";
    const std::string long_row = "S3,2026-01-05 09:00," + std::string(5000, 'x') + "\n";
    auto s = scan(csv + long_row + "S4,2026-01-05 09:00,b\n", 64, 1000);
    CHECK_THAT(s.error, Catch::Contains("surveys (s.csv): line 5: a row longer than"));
    // An open quote: the line where it opened, not where the row starts.
    s = scan(csv + "S3,2026-01-05 09:00,x\nS4,\"2026\nopen" + std::string(5000, 'y'), 64, 1000);
    CHECK_THAT(s.error, Catch::Contains("line 6: a quoted field opened here is not closed within"));
}

TEST_CASE("scan: parallel and whole reads give the same blocks' sums", "[ingest][scan]") {
    std::string csv = kHeader;
    for (int i = 0; i < 300; ++i)
        csv += "S" + std::to_string(i) + (i % 7 ? ",2026-01-05 09:00,x\r" : ",bad,\"a\rb\"\r");
    const auto whole = scan(csv, 64, std::size_t(64) << 20, true);
    const auto parallel = scan(csv, 64);
    REQUIRE(whole.chunks.size() == 1);
    CHECK(rows(whole) == 300);
    CHECK(rows(parallel) == 300);
    std::int64_t lines = 0;
    for (const auto& c : parallel.chunks) lines += c.line_breaks;
    CHECK(lines == whole.chunks[0].line_breaks);
    CHECK(whole.chunks[0].line_breaks == 300 + 300 / 7 + 1);
}
