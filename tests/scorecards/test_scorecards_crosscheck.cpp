// The binary's `scorecards` JSON block against the independent reference of the contract
// (tests/reference/scorecards_reference.py, hooked into kpi_reference.py), to 1e-9:
// on the hand fixture, on generated exports with weights, min_tickets and cap from a
// report definition, and through the CLI: pseudonyms, `enabled = false`, a missing key.
#include <catch2/catch.hpp>

#include <sstream>

#include "support/cskpi_cli.hpp"
#include "support/process.hpp"

namespace {

using namespace cskpi::test;
namespace fs = std::filesystem;

// `settings`: [scorecard] lines "key = value".
void cross_check(const fs::path& dir, const std::string& files, const std::vector<std::string>& settings,
                 const std::string& timezone) {
    TempDir tmp;
    std::string ini = "[scorecard]\n", ref_flags;
    for (const auto& s : settings) {
        ini += s + "\n";
        std::string key = s.substr(0, s.find('=')), value = s.substr(s.find('=') + 1);
        key.erase(key.find_last_not_of(' ') + 1);
        value.erase(0, value.find_first_not_of(' '));
        ref_flags += " --scorecard " + quote(key + "=" + value);
    }
    const auto config = tmp.write("scorecard.ini", ini);
    std::string sources;
    std::istringstream words(files);
    for (std::string flag, file; words >> flag >> file;) sources += " " + flag + " " + quote(dir / file);
    const auto candidate = tmp / "candidate.json";
    const auto reference = tmp / "reference.json";
    const auto run = run_cskpi("year-end --config " + quote(config) + " --year 2026 --timezone " + timezone +
                               " --max-reject-rate 1" + sources + " --out " + quote(tmp / "out") +
                               " --summary-json " + quote(candidate) + " --history " + quote(tmp / "h.sqlite"));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto ref = run_command("python3 " + quote(source_dir() / "tests/reference/kpi_reference.py") +
                                 " --year 2026 --timezone " + timezone + sources + ref_flags);
    INFO(ref.err);
    REQUIRE(ref.exit_code == 0);
    write_file(reference, ref.out);
    REQUIRE(ref.out.find("\"scorecards\"") != std::string::npos);
    const auto cmp = run_command("python3 " + quote(source_dir() / "tests/reference/compare_summary.py") + " " +
                                 quote(reference) + " " + quote(candidate));
    INFO(cmp.out);
    CHECK(cmp.exit_code == 0);
    CHECK(cmp.out.find(" 0 failed") != std::string::npos);
}

}  // namespace

TEST_CASE("scorecards of the hand fixture agree with the reference implementation", "[scorecards][crosscheck]") {
    cross_check(source_dir() / "tests/fixtures/scorecards",
                "--tickets tickets.csv --surveys surveys.csv --agents agents.csv",
                {"min_tickets = 2", "role.social.csat.rate = 50", "role.social.complaint.rate = 25",
                 "role.Social.sla.overdue_rate = 25", "role.社媒客服.nps.score = 0"},
                "UTC");
}

TEST_CASE("scorecards of generated exports agree with the reference implementation", "[scorecards][crosscheck]") {
    TempDir gen;
    const auto made = run_cskpi("sample --out " + quote(gen.path()) + " --tickets 30000 --seed 7 --year 2026");
    REQUIRE(made.exit_code == 0);
    const std::string all = "--tickets tickets.csv --surveys surveys.csv --agents agents.csv --calls calls.csv";
    cross_check(gen.path(), all, {}, "Asia/Shanghai");
    cross_check(gen.path(), all,
                {"min_tickets = 100", "cap = 1.3", "star_score = 105", "improve_score = 95",
                 "role.team_lead.tickets.volume = 10", "role.team_lead.sla.overdue_rate = 30",
                 "role.team_lead.complaint.rate = 20", "role.team_lead.nps.score = 40", "role.phone.aht.mean_min = 0",
                 "role.phone.frt.mean_min = 30", "role.phone.csat.rate = 30"},
                "Asia/Shanghai");
    // No surveys: csat.rate is null for everyone; the half-weight rule decides who is scored.
    cross_check(gen.path(), "--tickets tickets.csv --agents agents.csv", {"min_tickets = 0"}, "Asia/Shanghai");
}

TEST_CASE("scorecards through the command line: pseudonyms, enabled = false, a missing key", "[scorecards][e2e]") {
    TempDir tmp;
    const fs::path dir = source_dir() / "tests/fixtures/scorecards";
    auto args = [&](const fs::path& config, const std::string& out) {
        return std::vector<std::string>{"year-end",          "--config",  config.string(),
                                        "--year",            "2026",      "--timezone",
                                        "UTC",               "--max-reject-rate", "1",
                                        "--tickets",         (dir / "tickets.csv").string(),
                                        "--surveys",         (dir / "surveys.csv").string(),
                                        "--agents",          (dir / "agents.csv").string(),
                                        "--history",         (tmp / "h.sqlite").string(),
                                        "--out",             (tmp / out).string(),
                                        "--summary-json",    (tmp / (out + ".json")).string(),
                                        "--lang",            "en"};
    };
    const auto pseudo = tmp.write("p.ini", "[scorecard]\nmin_tickets = 2\npseudonymize = true\n"
                                           "pseudonym_key_env = CSKPI_TEST_SCORECARD_KEY\n");
    SECTION("pseudonymize without the key in the environment: exit 2 before any output") {
        const auto run = run_cskpi(args(pseudo, "a"), {});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("CSKPI_TEST_SCORECARD_KEY") != std::string::npos);
        CHECK_FALSE(fs::exists(tmp / "a.json"));
    }
    SECTION("pseudonymised: no real agent id in the JSON or the workbook; the same pseudonyms every run") {
        std::string blocks[2];
        for (int i = 0; i < 2; ++i) {
            const std::string out = "p" + std::to_string(i);
            const auto run = run_cskpi(args(pseudo, out), {{"CSKPI_TEST_SCORECARD_KEY", "s3cret"}});
            INFO(run.err);
            REQUIRE(run.exit_code == 0);
            const std::string json = read_file(tmp / (out + ".json"));
            blocks[i] = json.substr(json.find("\"scorecards\""));
            std::string workbook;
            for (const auto& e : fs::directory_iterator(tmp / out))
                if (e.path().extension() == ".xlsx") workbook = read_file(e.path());
            REQUIRE_FALSE(workbook.empty());
            for (const char* id : {"\"P1\"", "\"E10\"", "\"M3\"", "\"X9\""}) CHECK(blocks[i].find(id) == std::string::npos);
            CHECK(blocks[i].find("\"pseudonymized\": true") != std::string::npos);
            CHECK(blocks[i].find("\"agent-") != std::string::npos);
        }
        CHECK(blocks[0] == blocks[1]);
        CHECK(read_file(tmp / "p0.json").find("s3cret") == std::string::npos);
    }
    SECTION("enabled = false leaves the block out") {
        const auto off = tmp.write("off.ini", "[scorecard]\nenabled = false\n");
        const auto run = run_cskpi(args(off, "off"), {});
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        CHECK(read_file(tmp / "off.json").find("\"scorecards\"") == std::string::npos);
    }
}
