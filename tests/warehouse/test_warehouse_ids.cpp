// Ids with leading zeros: "7", "07" and "007" are three different ids in the CSV path
// (id_key takes a digit string by value only without a leading zero), in pull and in
// pushdown (ids compared as trimmed text). A survey of ticket "007" does not join ticket
// "7", and tickets "7" and "07" are two tickets, not a duplicate.
#include <catch2/catch.hpp>

#include "support/pg_server.hpp"
#include "support/process.hpp"

namespace {

using namespace cskpi::test;

const char* kTickets =
    "ticket_id,created_at,priority,channel,customer_tier\n"
    "7,2026-05-04 10:00:00,normal,chat,key\n"
    "07,2026-05-04 11:00:00,normal,chat,regular\n"
    " 8 ,2026-05-04 12:00:00,normal,chat,key\n";

// Only S2 (ticket "7") and S4 (ticket "8", trimmed) are surveys of key-customer tickets.
const char* kSurveys =
    "survey_id,submitted_at,ticket_id,csat,nps\n"
    "S1,2026-05-05 09:00:00,007,5,10\n"
    "S2,2026-05-05 09:30:00,7,1,0\n"
    "S3,2026-05-05 10:00:00,07,5,9\n"
    "S4,2026-05-05 10:30:00,8,2,1\n";

const char* kSchema = R"(
CREATE TABLE tickets (ticket_id text, created_at timestamp, priority text, channel text, customer_tier text);
CREATE TABLE surveys (survey_id text, submitted_at timestamp, ticket_id text, csat integer, nps integer);
)";

// "<tickets.volume> <csat.key_rate> <duplicate_id rejects>" of a summary JSON.
std::string key_figures(const std::filesystem::path& json) {
    const auto r = run_command(
        "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); k=d[\"kpis\"]; "
        "t=[s for s in d[\"sources\"] if s[\"name\"]==\"tickets\"][0]; "
        "print(k[\"tickets.volume\"][\"current\"], k[\"csat.key_rate\"][\"current\"], t[\"rejects\"].get(\"duplicate_id\", 0))' " +
        quote(json));
    return r.out;
}

}  // namespace

TEST_CASE("ids with leading zeros are distinct ids in CSV, pull and pushdown", "[warehouse][pushdown][pull][ids]") {
    PgServer server;
    TempDir tmp;
    const auto tickets = tmp.write("tickets.csv", kTickets);
    const auto surveys = tmp.write("surveys.csv", kSurveys);
    const auto load = server.psql(std::string(kSchema) + "\\copy tickets FROM " + quote(tickets) +
                                  " WITH (FORMAT csv, HEADER)\n\\copy surveys FROM " + quote(surveys) +
                                  " WITH (FORMAT csv, HEADER)\n");
    INFO(load.err);
    REQUIRE(load.exit_code == 0);

    const auto csv_json = tmp / "csv.json";
    const auto csv = run_cskpi("year-end --year 2026 --timezone Asia/Shanghai --max-reject-rate 1 --tickets " +
                               quote(tickets) + " --surveys " + quote(surveys) + " --out " + quote(tmp / "csv") +
                               " --summary-json " + quote(csv_json) + " --history " + quote(tmp / "csv.sqlite"));
    INFO(csv.err);
    REQUIRE(csv.exit_code == 0);
    // Three tickets; of the key customers' surveys only S2 and S4, both dissatisfied.
    CHECK(key_figures(csv_json) == "3 0 0\n");

    const std::string env = server.password_assignment() + "XDG_DATA_HOME=" + quote(private_xdg_home() / "data") +
                            " XDG_CACHE_HOME=" + quote(private_xdg_home() / "cache") + " ";
    for (const std::string mode : {"pull", "pushdown"}) {
        INFO(mode);
        std::string ini = "[report]\nyear = 2026\ntimezone = Asia/Shanghai\nmax_reject_rate = 1\n\n[warehouse]\nmode = " +
                          mode + "\n";
        for (const std::string table : {"tickets", "surveys"})
            ini += "\n[" + table + "]\nuri = " + server.uri() + "\npassword_env = " + PgServer::kPasswordEnv +
                   "\ntable = " + table + "\n";
        const auto def = tmp.write(mode + ".ini", ini);
        const auto json = tmp / (mode + ".json");
        const auto run = run_command(env + quote(CSKPI_BINARY) + " year-end --config " + quote(def) + " --out " +
                                     quote(tmp / mode) + " --summary-json " + quote(json) + " --history " +
                                     quote(tmp / (mode + ".sqlite")));
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        CHECK(key_figures(json) == "3 0 0\n");
        const auto cmp = run_command("python3 " + quote(source_dir() / "tests/reference/compare_summary.py") + " " +
                                     quote(csv_json) + " " + quote(json));
        INFO(cmp.out);
        CHECK(cmp.exit_code == 0);
        CHECK(cmp.out.find(" 0 failed") != std::string::npos);
    }
}
