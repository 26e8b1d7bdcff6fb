// The command-line halves of the ingest findings of the 1.0 fault matrix (issue 9): exit
// codes and what reaches the terminal.
#include <catch2/catch.hpp>

#include "support/process.hpp"

using namespace cskpi::test;

namespace {

std::string tickets(int rows, int unclosed_line = 0, const std::string& eol = "\n") {
    std::string s = "ticket_id,created_at,resolved_at,category,handle_time_sec" + eol;
    for (int i = 1; i <= rows; ++i) {
        const std::string category = i + 1 == unclosed_line ? "\"billing" : "billing";
        s += "T" + std::to_string(i) + ",2026-03-0" + std::to_string(1 + i % 9) + " 09:00,2026-03-0" +
             std::to_string(1 + i % 9) + " 10:00," + category + ",300" + eol;
    }
    return s;
}

}  // namespace

TEST_CASE("finding 1 (cli): year-end stops with exit 3 at a quote opened on line 1001", "[ingest][fault][cli]") {
    TempDir dir;
    const auto path = dir.write("tickets.csv", tickets(20000, 1001));
    const auto run = run_cskpi("year-end --year 2026 --tickets " + quote(path) + " --out " + quote(dir / "out") +
                               " --summary-json " + quote(dir / "out/summary.json"));
    CHECK(run.exit_code == 3);
    CHECK_THAT(run.err, Catch::Contains("tickets.csv): line 1001: the quoted field 'billing,300\\nT1001,"));
    CHECK_FALSE(std::filesystem::exists(dir / "out/summary.json"));
}

TEST_CASE("finding 1 (cli): validate is not 'clean' with a quote opened on line 5", "[ingest][fault][cli]") {
    TempDir dir;
    const auto run = run_cskpi("validate --tickets " + quote(dir.write("tickets.csv", tickets(200, 5))));
    CHECK(run.exit_code == 3);
    CHECK(run.out.find("clean") == std::string::npos);
    CHECK_THAT(run.err, Catch::Contains("line 5: the quoted field"));
}

TEST_CASE("finding 1 (cli): validate reads CR-only line ends", "[ingest][fault][cli]") {
    TempDir dir;
    const auto run = run_cskpi("validate --tickets " + quote(dir.write("tickets.csv", tickets(200, 0, "\r"))));
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("200 rows read, 200 accepted, 0 rejected"));
}

TEST_CASE("finding 5b (cli): a 50 MB line is not echoed into the error", "[ingest][fault][cli]") {
    TempDir dir;
    const auto run = run_cskpi("validate --tickets " + quote(dir.write("tickets.csv", std::string(50'000'000, 'x'))));
    CHECK(run.exit_code == 3);
    CHECK(run.err.size() < 1000);
    CHECK_THAT(run.err, Catch::Contains("missing required column") && Catch::Contains("(50000000 bytes)"));
}

TEST_CASE("finding 6 (cli): validate never prints the export's control characters", "[ingest][fault][cli]") {
    TempDir dir;
    const auto path = dir.write("tickets.csv", "ticket_id,created_at,category\n"
                                               "T1,\x1b]0;pwned\x07\x1b[2J,x\n"
                                               "T2,2026-01-05 09:00,\"\x1b[31m\"\n"
                                               "T2,\"\x1b[5m\r\nblink\",x\n");
    const auto run = run_cskpi("validate --tickets " + quote(path));
    CHECK(run.exit_code == 3);
    for (const std::string& text : {run.out, run.err})
        for (char c : text) {
            const auto u = static_cast<unsigned char>(c);
            INFO(run.out);
            REQUIRE((u >= 0x20 || c == '\n'));
        }
    CHECK_THAT(run.out, Catch::Contains("line 2: created_at: '\\x1b]0;pwned\\x07\\x1b[2J' is not a timestamp"));
    CHECK_THAT(run.out, Catch::Contains("line 4: created_at: '\\x1b[5m\\r\\nblink' is not a timestamp"));
}
