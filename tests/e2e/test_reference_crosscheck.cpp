// The binary against the independent Python implementation of the specs
// (tests/reference/kpi_reference.py): every KPI, every monthly value and every source's
// row accounting must agree, on the committed samples and on edge-case fixtures.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "support/process.hpp"

namespace {

using namespace cskpi::test;
namespace fs = std::filesystem;

struct Scenario {
    std::string name;
    fs::path dir;
    std::string sources;    // file flags relative to dir
    std::string cli_extra;  // flags for cskpi
    std::string ref_extra;  // flags for the reference
    std::string command = "year-end";
};

void cross_check(const Scenario& s) {
    INFO(s.name);
    TempDir tmp;
    std::string sources;
    std::istringstream words(s.sources);
    for (std::string flag, file; words >> flag >> file;) sources += " " + flag + " " + quote(s.dir / file);
    const auto candidate = tmp / "candidate.json";
    const auto reference = tmp / "reference.json";
    const auto run = run_cskpi(s.command + " --year 2026 --timezone Asia/Shanghai --max-reject-rate 1" + sources +
                               " " + s.cli_extra + " --out " + quote(tmp / "out") + " --summary-json " +
                               quote(candidate));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto ref = run_command("python3 " + quote(source_dir() / "tests/reference/kpi_reference.py") +
                                 " --year 2026 --timezone Asia/Shanghai" + sources + " " + s.ref_extra);
    INFO(ref.err);
    REQUIRE(ref.exit_code == 0);
    std::ofstream(reference) << ref.out;
    const auto cmp = run_command("python3 " + quote(source_dir() / "tests/reference/compare_summary.py") + " " +
                                 quote(reference) + " " + quote(candidate));
    INFO(cmp.out);
    CHECK(cmp.exit_code == 0);
    CHECK(cmp.out.find(" 0 failed") != std::string::npos);
}

const std::string kAll = "--tickets tickets.csv --surveys surveys.csv --agents agents.csv --calls calls.csv";

}  // namespace

TEST_CASE("year-end on the samples agrees with the reference implementation", "[e2e][crosscheck]") {
    cross_check({"samples", source_dir() / "samples", kAll, "", ""});
}

TEST_CASE("a monthly run on the samples agrees with the reference implementation", "[e2e][crosscheck]") {
    cross_check({"samples monthly", source_dir() / "samples", kAll, "--month 2026-06", "--month 6", "monthly"});
}

TEST_CASE("parsing edge cases agree with the reference implementation", "[e2e][crosscheck]") {
    cross_check({"edge", source_dir() / "tests/fixtures/crosscheck/edge", kAll, "", ""});
}

TEST_CASE("quoting, line ends and plausibility bounds agree with the reference implementation",
          "[e2e][crosscheck]") {
    cross_check({"quoting", source_dir() / "tests/fixtures/crosscheck/quoting", "--tickets tickets.csv --calls calls.csv",
                 "", ""});
}

TEST_CASE("cut-off and window edge cases agree with the reference implementation", "[e2e][crosscheck]") {
    const auto dir = source_dir() / "tests/fixtures/crosscheck/kpi";
    cross_check({"kpi default as_of", dir, kAll, "", ""});
    cross_check({"kpi as_of mid-year", dir, kAll, "--as-of '2026-07-01 00:00'", "--as-of '2026-07-01 00:00'"});
    cross_check({"kpi as_of mid-day", dir, kAll, "--as-of '2026-07-15 12:00'", "--as-of '2026-07-15 12:00'"});
    cross_check({"kpi without core column", dir,
                 "--tickets tickets_min.csv --agents agents_nocore.csv", "", ""});
    cross_check({"kpi reopens only", dir, "--tickets tickets_reopens_only.csv", "", ""});
}
