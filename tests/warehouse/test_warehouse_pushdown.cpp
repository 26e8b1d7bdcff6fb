// `[warehouse] mode = pushdown` against a real throwaway PostgreSQL server: only aggregates
// come back, and the summary JSON equals the one the same rows give as CSV files, KPI by
// KPI, month by month, with the same row accounting.
#include <catch2/catch.hpp>

#include "support/process.hpp"
#include "warehouse/warehouse_fixture.hpp"

namespace {

using namespace cskpi::test;
namespace fs = std::filesystem;

CommandResult run_with_env(const std::string& env, const std::string& args) {
    return run_command(env + "XDG_DATA_HOME=" + quote(private_xdg_home() / "data") + " XDG_CACHE_HOME=" +
                       quote(private_xdg_home() / "cache") + " " + quote(CSKPI_BINARY) + " " + args);
}

bool no_workbook(const fs::path& out) { return !fs::exists(out) || fs::is_empty(out); }

}  // namespace

TEST_CASE("pushdown in PostgreSQL gives the summary of the same rows as CSV files", "[warehouse][pushdown]") {
    WarehouseFixture w(true);
    TempDir tmp;
    const std::string csv_flags = " --tickets " + quote(w.tickets) + " --surveys " + quote(w.surveys) + " --agents " +
                                  quote(w.agents) + " --calls " + quote(w.calls);
    // The [metrics] settings reach the generated SQL: windows, SLA hours, thresholds.
    const std::string metrics =
        "[metrics]\nurgent_response_min = 3\nsla_hours_normal = 12\nsla_hours_high = 6.5\nrepeat_window_days = 2.5\n"
        "short_abandon_sec = 8\nservice_level_sec = 20\n";
    const auto metrics_csv = tmp.write("metrics.ini", metrics);
    const auto metrics_def = w.definition("[warehouse]\nmode = pushdown\n" + metrics, "metrics.ini");
    const auto plain_def = w.definition("[warehouse]\nmode = pushdown\n", "pushdown.ini");
    for (const std::string variant :
         {"year-end", "monthly --month 2026-06", "year-end --as-of '2026-07-15 12:00'", "metrics year-end"}) {
        INFO(variant);
        const bool with_metrics = variant.rfind("metrics ", 0) == 0;
        const std::string command = with_metrics ? variant.substr(8) : variant;
        const auto def = with_metrics ? metrics_def : plain_def;
        const auto csv_json = tmp / "csv.json";
        const auto pushed_json = tmp / "pushdown.json";
        const auto csv = run_cskpi(command + (with_metrics ? " --config " + quote(metrics_csv) : std::string()) +
                                   " --year 2026 --timezone Asia/Shanghai --max-reject-rate 1" + csv_flags +
                                   " --out " + quote(tmp / "csv") + " --summary-json " + quote(csv_json) +
                                   " --history " + quote(tmp / "csv.sqlite"));
        INFO(csv.err);
        REQUIRE(csv.exit_code == 0);
        const auto pushed = run_with_env(w.server.password_assignment(),
                                         command + " --config " + quote(def) + " --out " + quote(tmp / "pushdown") +
                                             " --summary-json " + quote(pushed_json) + " --history " +
                                             quote(tmp / "pushdown.sqlite") + " --log-level information");
        INFO(pushed.err);
        REQUIRE(pushed.exit_code == 0);
        CHECK(pushed.err.find("computing in the warehouse") != std::string::npos);
        const auto cmp = run_command("python3 " + quote(source_dir() / "tests/reference/compare_summary.py") + " " +
                                     quote(csv_json) + " " + quote(pushed_json));
        INFO(cmp.out);
        CHECK(cmp.exit_code == 0);
        CHECK(cmp.out.find(" 0 failed") != std::string::npos);
        if (command.rfind("year-end", 0) == 0) {
            const auto diff = WarehouseFixture::breakdown_differences(tmp / "csv" / "cskpi-2026.xlsx",
                                                                      tmp / "pushdown" / "cskpi-2026.xlsx");
            INFO((diff.empty() ? std::string() : diff.front()));
            CHECK(diff.empty());
        }
        // Rejects of several reasons were counted in the warehouse.
        const std::string json = read_file(pushed_json);
        CHECK(json.find("\"out_of_range\"") != std::string::npos);
        CHECK(json.find("\"time_order\"") != std::string::npos);
        // Role scorecards from per-agent sums computed in the warehouse (compared above).
        if (command.rfind("year-end", 0) == 0) CHECK(json.find("\"scorecards\"") != std::string::npos);
        CHECK(json.find("\"missing_required\"") != std::string::npos);
        CHECK(json.find("\"bad_enum\"") != std::string::npos);
    }
}

TEST_CASE("pushdown stops on repeated ids and on a source outside the warehouse", "[warehouse][pushdown][errors]") {
    WarehouseFixture w;  // with the repeated rows
    TempDir tmp;
    const std::string pw = w.server.password_assignment();

    const auto dup_out = tmp / "dup";
    const auto dup = run_with_env(pw, "year-end --config " +
                                          quote(w.definition("[warehouse]\nmode = pushdown\n", "dup.ini", false)) +
                                          " --out " + quote(dup_out) + " --history " + quote(tmp / "h.sqlite"));
    INFO(dup.err);
    CHECK(dup.exit_code == 3);
    CHECK(dup.err.find("more than once") != std::string::npos);
    CHECK(dup.err.find("T0000") != std::string::npos);  // names ids
    CHECK(no_workbook(dup_out));

    // A timestamp kept as text is read by pull, refused by pushdown with the column named.
    const auto text_out = tmp / "text";
    const auto text = run_with_env(
        pw, "year-end --config " +
                quote(w.definition("[warehouse]\nmode = pushdown\n[tickets]\ntable =\nquery = SELECT ticket_id, "
                                   "created_at::text AS created_at FROM tickets\n", "text.ini", false)) +
                " --out " + quote(text_out) + " --history " + quote(tmp / "h.sqlite"));
    INFO(text.err);
    CHECK(text.exit_code == 3);
    CHECK(text.err.find("created_at") != std::string::npos);
    CHECK(text.err.find("needs timestamp or timestamptz") != std::string::npos);
    CHECK(no_workbook(text_out));

    const auto missing_out = tmp / "missing";
    const auto missing = run_with_env(
        pw, "year-end --config " +
                quote(w.definition("[warehouse]\nmode = pushdown\n[tickets]\ntable =\nquery = SELECT ticket_id FROM tickets\n",
                                   "missing.ini", false)) +
                " --out " + quote(missing_out) + " --history " + quote(tmp / "h.sqlite"));
    INFO(missing.err);
    CHECK(missing.exit_code == 3);
    CHECK(missing.err.find("missing required column 'created_at'") != std::string::npos);
    CHECK(no_workbook(missing_out));

    // Connection failures are the same as in pull mode.
    const auto cred_out = tmp / "cred";
    const auto cred = run_with_env(std::string(PgServer::kPasswordEnv) + "=wrong ",
                                   "year-end --config " +
                                       quote(w.definition("[warehouse]\nmode = pushdown\n", "cred.ini", false)) +
                                       " --out " + quote(cred_out) + " --history " + quote(tmp / "h.sqlite"));
    INFO(cred.err);
    CHECK(cred.exit_code == 3);
    CHECK(cred.err.find("password authentication failed") != std::string::npos);
    CHECK(no_workbook(cred_out));

    const auto file_out = tmp / "file";
    const auto file = run_with_env(pw, "year-end --config " +
                                           quote(w.definition("[warehouse]\nmode = pushdown\n[calls]\nuri = " +
                                                                  w.calls.string() + "\ntable =\npassword_env =\n", "file.ini")) +
                                           " --out " + quote(file_out) + " --history " + quote(tmp / "h.sqlite"));
    INFO(file.err);
    CHECK(file.exit_code == 2);
    CHECK(file.err.find("[calls] in the warehouse") != std::string::npos);
    CHECK(no_workbook(file_out));
}
