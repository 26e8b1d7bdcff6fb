// `[warehouse] mode = pull` against a real throwaway PostgreSQL server: the samples loaded
// into typed tables give the summary JSON the same rows as CSV files give, KPI by KPI, and
// every failure of the warehouse ends the run with exit 3 and no workbook.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "support/process.hpp"
#include "warehouse/warehouse_fixture.hpp"

namespace {

using namespace cskpi::test;
namespace fs = std::filesystem;

CommandResult compare(const fs::path& reference, const fs::path& candidate) {
    return run_command("python3 " + quote(source_dir() / "tests/reference/compare_summary.py") + " " +
                       quote(reference) + " " + quote(candidate));
}

std::string csv_flags(const WarehouseFixture& w) {
    return " --tickets " + quote(w.tickets) + " --surveys " + quote(w.surveys) + " --agents " + quote(w.agents) +
           " --calls " + quote(w.calls);
}

// The binary with `env` (VAR=value pairs) in its environment; history and cache private.
CommandResult run_with_env(const std::string& env, const std::string& args) {
    return run_command(env + "XDG_DATA_HOME=" + quote(private_xdg_home() / "data") + " XDG_CACHE_HOME=" +
                       quote(private_xdg_home() / "cache") + " " + quote(CSKPI_BINARY) + " " + args);
}

bool no_workbook(const fs::path& out) { return !fs::exists(out) || fs::is_empty(out); }

}  // namespace

TEST_CASE("pull from PostgreSQL gives the summary of the same rows as CSV files", "[warehouse][pull]") {
    WarehouseFixture w;
    TempDir tmp;
    for (const std::string command : {"year-end", "monthly --month 2026-06"}) {
        INFO(command);
        const auto csv_json = tmp / "csv.json";
        const auto pull_json = tmp / "pull.json";
        const auto csv = run_cskpi(command + " --year 2026 --timezone Asia/Shanghai --max-reject-rate 1" + csv_flags(w) +
                                   " --out " + quote(tmp / "csv") + " --summary-json " + quote(csv_json) +
                                   " --history " + quote(tmp / "csv.sqlite"));
        INFO(csv.err);
        REQUIRE(csv.exit_code == 0);
        const auto pull = run_with_env(w.server.password_assignment(), command + " --config " +
                                    quote(w.definition("[warehouse]\nmode = pull\n")) + " --out " +
                                    quote(tmp / "pull") + " --summary-json " + quote(pull_json) + " --history " +
                                    quote(tmp / "pull.sqlite"));
        INFO(pull.err);
        REQUIRE(pull.exit_code == 0);
        const auto cmp = compare(csv_json, pull_json);
        INFO(cmp.out);
        CHECK(cmp.exit_code == 0);
        CHECK(cmp.out.find(" 0 failed") != std::string::npos);
        if (command.rfind("year-end", 0) == 0) {
            const auto diff = WarehouseFixture::breakdown_differences(tmp / "csv" / "cskpi-2026.xlsx",
                                                                      tmp / "pull" / "cskpi-2026.xlsx");
            INFO((diff.empty() ? std::string() : diff.front()));
            CHECK(diff.empty());
        }
        // The comparison covered rejects and duplicates: the samples have both.
        const std::string json = read_file(pull_json);
        CHECK(json.find("\"duplicate_id\"") != std::string::npos);
        CHECK(json.find("\"time_order\"") != std::string::npos);
        // The URI shown has no password, and the password appears nowhere.
        CHECK(json.find("postgresql://") != std::string::npos);
        CHECK(json.find(w.server.password()) == std::string::npos);
        CHECK(pull.err.find(w.server.password()) == std::string::npos);
    }
}

TEST_CASE("validate reads a warehouse source's rows and lists its rejects", "[warehouse][pull]") {
    WarehouseFixture w;
    const auto r = run_with_env(w.server.password_assignment(), "validate --config " + quote(w.definition("")));
    INFO(r.err);
    CHECK(r.exit_code == 3);  // the samples have rejected rows
    CHECK(r.out.find("tickets (postgresql://") != std::string::npos);
    CHECK(r.out.find("duplicate_id") != std::string::npos);
    CHECK(r.out.find("bad_enum") != std::string::npos);
    CHECK(r.out.find("line ") != std::string::npos);
}

TEST_CASE("a failing warehouse source ends the run with exit 3 and no workbook", "[warehouse][pull][errors]") {
    WarehouseFixture w;
    TempDir tmp;
    int n = 0;
    auto run = [&](const std::string& extra, const std::string& env) {
        const auto out = tmp / ("out" + std::to_string(++n));
        const auto def = w.definition(extra, "def" + std::to_string(n) + ".ini");
        auto r = run_with_env(env, "year-end --config " + quote(def) + " --out " + quote(out) + " --summary-json " +
                           quote(out / "summary.json") + " --history " + quote(tmp / "h.sqlite"));
        CHECK(no_workbook(out));
        return r;
    };
    const std::string pw = w.server.password_assignment();

    SECTION("bad query") {
        const auto r = run("[tickets]\ntable =\nquery = SELECT * FROM no_such_table\n", pw);
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("tickets") != std::string::npos);
        CHECK(r.err.find("no_such_table") != std::string::npos);
    }
    SECTION("missing column") {
        const auto r = run("[tickets]\ntable =\nquery = SELECT ticket_id, first_response_at FROM tickets\n", pw);
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("created_at") != std::string::npos);
    }
    SECTION("wrong credentials") {
        const auto r = run("", std::string(PgServer::kPasswordEnv) + "=wrong ");
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("password authentication failed") != std::string::npos);
        CHECK(r.err.find("wrong") == std::string::npos);
    }
    SECTION("password variable not set") {
        const auto r = run("", "");
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find(PgServer::kPasswordEnv) != std::string::npos);
    }
    SECTION("an error while the rows stream") {
        // Fails on a row far into the result, after the COPY has started.
        const auto r = run("[tickets]\ntable =\nquery = SELECT *, 1 / (CASE WHEN ticket_id = 'T00002900' THEN 0 ELSE 1 END) "
                           "AS x FROM tickets\n", pw);
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("division by zero") != std::string::npos);
    }
    SECTION("lost connection") {
        // The server ends the connection while the rows are on their way (pg_sleep slows the
        // query down so the cut lands mid-stream).
        const auto out = tmp / "lost";
        const auto def = w.definition("[tickets]\ntable =\nquery = SELECT t.*, pg_sleep(0.002) AS pause FROM tickets t\n",
                                      "lost.ini");
        std::thread killer([&] {
            for (int i = 0; i < 300; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                const auto k = w.server.psql(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'cskpi' "
                    "AND query LIKE 'COPY%';\n");
                if (k.out.find('1') != std::string::npos) return;
            }
        });
        const auto r = run_with_env(pw, "year-end --config " + quote(def) + " --out " + quote(out) + " --history " +
                                 quote(tmp / "h.sqlite"));
        killer.join();
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("tickets") != std::string::npos);
        CHECK(r.err.find("terminating connection") != std::string::npos);
        CHECK(no_workbook(out));
    }
    SECTION("neither table nor query") {
        const auto r = run("[tickets]\ntable =\n", pw);
        INFO(r.err);
        CHECK(r.exit_code == 2);
    }
}
