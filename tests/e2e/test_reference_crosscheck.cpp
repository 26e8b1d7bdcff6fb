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
    std::string timezone = "Asia/Shanghai";
};

void cross_check(const Scenario& s) {
    INFO(s.name);
    TempDir tmp;
    std::string sources;
    std::istringstream words(s.sources);
    for (std::string flag, file; words >> flag >> file;) sources += " " + flag + " " + quote(s.dir / file);
    const auto candidate = tmp / "candidate.json";
    const auto reference = tmp / "reference.json";
    const auto run = run_cskpi(s.command + " --year 2026 --timezone " + s.timezone + " --max-reject-rate 1" + sources +
                               " " + s.cli_extra + " --out " + quote(tmp / "out") + " --summary-json " +
                               quote(candidate));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto ref = run_command("python3 " + quote(source_dir() / "tests/reference/kpi_reference.py") +
                                 " --year 2026 --timezone " + s.timezone + sources + " " + s.ref_extra);
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

TEST_CASE("the staffing plan agrees with the reference implementation", "[e2e][crosscheck][staffing]") {
    const auto ini = quote(source_dir() / "tests/fixtures/staffing/crosscheck.ini");
    const auto hand = source_dir() / "tests/fixtures/staffing/hand";
    const auto hand_ini = quote(hand / "staffing.ini");
    cross_check({"staffing settings on the samples", source_dir() / "samples", kAll, "--config " + ini,
                 "--config " + ini});
    cross_check({"staffing flags on the samples", source_dir() / "samples", kAll,
                 "--growth 20% --deflection 0.3 --config " + ini, "--growth 20% --deflection 0.3 --config " + ini});
    cross_check({"staffing hand fixture", hand, "--tickets tickets.csv --agents agents.csv --calls calls.csv",
                 "--config " + hand_ini, "--config " + hand_ini});
    cross_check({"staffing hand fixture without calls", hand, "--tickets tickets.csv --agents agents.csv",
                 "--config " + hand_ini, "--config " + hand_ini});
    cross_check({"staffing without a roster", hand, "--tickets tickets.csv --calls calls.csv", "--config " + hand_ini,
                 "--config " + hand_ini});
}

TEST_CASE("the staffing plan on generated sample data agrees with the reference implementation",
          "[e2e][crosscheck][staffing]") {
    TempDir data;
    const auto gen = run_cskpi("sample --tickets 20000 --seed 7 --year 2026 --out " + quote(data.path()));
    INFO(gen.err);
    REQUIRE(gen.exit_code == 0);
    const auto ini = quote(source_dir() / "tests/fixtures/staffing/crosscheck.ini");
    cross_check({"staffing on generated data", data.path(), kAll, "--config " + ini, "--config " + ini});
    cross_check({"staffing defaults on generated data", data.path(), kAll, "", ""});
    // Wall-clock slots across daylight saving time changes.
    cross_check({"staffing on generated data in New York", data.path(), kAll, "--config " + ini, "--config " + ini,
                 "year-end", "America/New_York"});
}
