// The parallel block-cut ingest against a whole-file read on one thread: for generated and
// mutated exports, at block sizes from 1 byte up, the same rows, rejects (with their lines
// and details) and errors.
#include <catch2/catch.hpp>

#include "export_mutator.hpp"
#include "ingest_compare.hpp"
#include "support/process.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {

template <class Record>
void require_same_as_whole_file(const std::string& csv, std::uint64_t seed) {
    TempDir dir;
    const auto path = dir.write("export.csv", csv);
    SourceConfig source;
    source.name = "tickets";
    const LocalSource local{path, "export.csv"};
    IngestOptions whole;
    whole.timezone = "Asia/Shanghai";
    whole.whole_file = true;
    whole.samples_per_reason = 1000000;  // every reject with its line
    const auto reference = ingest_outcome<Record>(source, local, whole);
    for (std::size_t block : {1, 2, 3, 7, 16, 64, 100, 333, 4096, 1 << 20}) {
        for (unsigned threads : {1u, 2u, 3u}) {
            IngestOptions parallel = whole;
            parallel.whole_file = false;
            parallel.block_bytes = block;
            parallel.threads = threads;
            const auto got = ingest_outcome<Record>(source, local, parallel);
            INFO("seed " << seed << ", block " << block << ", threads " << threads);
            REQUIRE(difference(reference, got) == "");
        }
    }
}

}  // namespace

TEST_CASE("differential: mutated exports read the same in blocks as whole", "[ingest][differential]") {
    int with_rows = 0, with_errors = 0;
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        const auto exported = mutated_tickets_export(seed);
        require_same_as_whole_file<TicketRecord>(exported.csv, seed);
        (exported.unclosed_quote ? with_errors : with_rows)++;
    }
    CHECK(with_rows > 40);
    CHECK(with_errors > 3);
}

TEST_CASE("differential: every faulty row kind is in the generated exports", "[ingest][differential]") {
    // The generator is only useful while it makes what it says: check it once.
    std::string all;
    for (std::uint64_t seed = 1; seed <= 60; ++seed) all += mutated_tickets_export(seed).csv;
    CHECK(all.find("15\" screen") != std::string::npos);
    CHECK(all.find("\"\"hi\"\"") != std::string::npos);
    CHECK(all.find("\r\n") != std::string::npos);
    CHECK(all.find("\"never closed") != std::string::npos);
    CHECK(all.find("\" tail") != std::string::npos);
    CHECK(all.find("\"x\"") != std::string::npos);
}

TEST_CASE("differential: an unclosed quote stops both reads with the same message", "[ingest][differential]") {
    std::string csv = "ticket_id,created_at,comment\n";
    for (int i = 1; i <= 300; ++i) csv += std::to_string(i) + ",2026-01-05 09:00,\"note\n" + std::to_string(i) + "\"\n";
    csv += "301,2026-01-05 09:00,\"open\n";  // line 602
    for (int i = 302; i <= 400; ++i) csv += std::to_string(i) + ",2026-01-05 09:00,x\n";
    require_same_as_whole_file<TicketRecord>(csv, 0);
    TempDir dir;
    const auto path = dir.write("export.csv", csv);
    IngestOptions tiny;
    tiny.block_bytes = 64;
    const auto got = ingest_outcome<TicketRecord>(SourceConfig{}, LocalSource{path, "export.csv"}, tiny);
    CHECK_THAT(got.error, Catch::Contains("line 602: the quoted field 'open\\n") &&
                              Catch::Contains("is never closed"));
}
