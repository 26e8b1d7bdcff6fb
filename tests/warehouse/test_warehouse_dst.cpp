// Wall-clock `timestamp` columns at daylight-saving transitions: a time in a fall-back
// overlap is the earlier instant and a time in a spring-forward gap takes the offset
// before the gap (docs/rules.md), in pull and pushdown as in the CSV path.
#include <catch2/catch.hpp>

#include "support/pg_server.hpp"
#include "support/process.hpp"

namespace {

using namespace cskpi::test;

// Overlaps: Europe/Berlin 2026-10-25 02:00-03:00, America/New_York 2026-11-01 01:00-02:00.
// Gaps: Europe/Berlin 2026-03-29 02:00-03:00, America/New_York 2026-03-08 02:00-03:00.
// Each zone's report reads the other zone's rows as ordinary times.
const char* kTickets =
    "ticket_id,created_at,first_response_at,resolved_at,due_at,priority,channel,customer_id,handle_time_sec\n"
    "B1,2026-10-25 01:50:00,2026-10-25 02:30:00,2026-10-25 03:10:00,,normal,chat,C1,60\n"
    "B2,2026-10-25 02:10:00,2026-10-25 02:40:00,2026-10-25 02:20:00.500,2026-10-25 02:15:00,urgent,phone,C1,\n"
    "B3,2026-10-25 02:59:59.999,2026-10-25 03:00:00,,2026-10-25 02:00:00,high,email,C2,30\n"
    "B4,2026-10-25 01:30:00,2026-10-25 02:01:00,2026-10-25 02:59:00,,urgent,chat,C2,\n"
    "B5,2026-03-29 01:50:00,2026-03-29 02:30:00,2026-03-29 03:30:00,,normal,chat,C3,\n"
    "B6,2026-03-29 02:30:00,2026-03-29 03:15:00,2026-03-29 04:00:00,,urgent,web,C3,\n"
    "B7,2026-03-29 02:10:00,2026-03-29 03:40:00,,2026-03-29 02:50:00,low,web,,\n"
    "N1,2026-11-01 00:50:00,2026-11-01 01:30:00,2026-11-01 01:45:00,2026-11-01 01:20:00,high,chat,C4,45\n"
    "N2,2026-11-01 01:10:00,2026-11-01 01:05:00,,,normal,phone,C4,\n"
    "N3,2026-11-01 01:20:00,2026-11-01 01:59:59.999,2026-11-01 02:00:00,,urgent,email,C5,\n"
    "N4,2026-10-31 23:50:00,2026-11-01 01:00:00,2026-11-01 01:30:00,,normal,chat,C5,\n"
    "N5,2026-03-08 02:30:00,2026-03-08 03:10:00,2026-03-08 03:40:00,,urgent,chat,C6,\n"
    "N6,2026-03-08 01:50:00,2026-03-08 02:15:00,2026-03-08 05:00:00,2026-03-08 02:45:00,high,web,C6,\n"
    "P1,2025-10-26 02:30:00,2025-10-26 02:45:00,2025-10-26 02:50:00,,normal,chat,C7,\n"
    "P2,2025-11-02 01:30:00,2025-11-02 01:40:00,2025-11-02 01:50:00,,normal,chat,C7,\n"
    "M1,2026-06-10 09:00:00,2026-06-10 09:20:00,2026-06-11 10:00:00,,normal,email,C1,120\n";

const char* kSchema = R"(
CREATE TABLE tickets (ticket_id text, created_at timestamp, first_response_at timestamp,
  resolved_at timestamp, due_at timestamp, priority text, channel text, customer_id text,
  handle_time_sec double precision);
)";

}  // namespace

TEST_CASE("timestamps in a daylight-saving overlap or gap read the same in pull, pushdown and CSV",
          "[warehouse][pushdown][pull][dst]") {
    PgServer server;
    TempDir tmp;
    const auto csv = tmp.write("tickets.csv", kTickets);
    const auto load = server.psql(std::string(kSchema) + "\\copy tickets FROM " + quote(csv) + " WITH (FORMAT csv, HEADER)\n");
    INFO(load.err);
    REQUIRE(load.exit_code == 0);
    const std::string env = server.password_assignment() + "XDG_DATA_HOME=" + quote(private_xdg_home() / "data") +
                            " XDG_CACHE_HOME=" + quote(private_xdg_home() / "cache") + " ";
    for (const std::string zone : {"Europe/Berlin", "America/New_York"}) {
        INFO(zone);
        const std::string tag = zone == "Europe/Berlin" ? "berlin" : "new_york";
        const auto csv_json = tmp / (tag + "-csv.json");
        const auto csv_run = run_cskpi("year-end --year 2026 --timezone " + zone + " --max-reject-rate 1 --tickets " +
                                       quote(csv) + " --out " + quote(tmp / (tag + "-csv")) + " --summary-json " +
                                       quote(csv_json) + " --history " + quote(tmp / (tag + "-csv.sqlite")));
        INFO(csv_run.err);
        REQUIRE(csv_run.exit_code == 0);
        for (const std::string mode : {"pull", "pushdown"}) {
            INFO(mode);
            const auto def = tmp.write(tag + "-" + mode + ".ini",
                                       "[report]\nyear = 2026\ntimezone = " + zone + "\nmax_reject_rate = 1\n\n[warehouse]\nmode = " +
                                           mode + "\n\n[tickets]\nuri = " + server.uri() + "\npassword_env = " +
                                           PgServer::kPasswordEnv + "\ntable = tickets\n");
            const auto json = tmp / (tag + "-" + mode + ".json");
            const auto run = run_command(env + quote(CSKPI_BINARY) + " year-end --config " + quote(def) + " --out " +
                                         quote(tmp / (tag + "-" + mode)) + " --summary-json " + quote(json) +
                                         " --history " + quote(tmp / (tag + "-" + mode + ".sqlite")));
            INFO(run.err);
            REQUIRE(run.exit_code == 0);
            const auto cmp = run_command("python3 " + quote(source_dir() / "tests/reference/compare_summary.py") + " " +
                                         quote(csv_json) + " " + quote(json));
            INFO(cmp.out);
            CHECK(cmp.exit_code == 0);
            CHECK(cmp.out.find(" 0 failed") != std::string::npos);
        }
    }
}
