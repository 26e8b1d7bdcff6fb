// The binary as cron runs it: exit codes, messages, outputs on the committed samples.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>

#include "support/process.hpp"

using namespace cskpi::test;
namespace fs = std::filesystem;

namespace {

const fs::path kSamples = source_dir() / "samples";

std::string sample_sources() {
    return " --tickets " + quote(kSamples / "tickets.csv") + " --surveys " + quote(kSamples / "surveys.csv") +
           " --agents " + quote(kSamples / "agents.csv") + " --calls " + quote(kSamples / "calls.csv");
}

Poco::JSON::Object::Ptr parse_json(const fs::path& path) {
    Poco::JSON::Parser parser;
    return parser.parse(read_file(path)).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr source_named(const Poco::JSON::Object::Ptr& root, const std::string& name) {
    const auto sources = root->getArray("sources");
    for (std::size_t i = 0; i < sources->size(); ++i)
        if (sources->getObject(unsigned(i))->getValue<std::string>("name") == name)
            return sources->getObject(unsigned(i));
    FAIL("no source " << name);
    return nullptr;
}

}  // namespace

TEST_CASE("year-end on samples/: workbook, JSON row accounting and KPIs", "[e2e]") {
    TempDir tmp;
    const auto json = tmp / "summary.json";
    const auto r = run_cskpi("year-end --year 2026 --timezone Asia/Shanghai" + sample_sources() + " --out " +
                             quote(tmp / "out") + " --summary-json " + quote(json));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("workbook: " + (tmp / "out" / "cskpi-2026.xlsx").string()) != std::string::npos);
    CHECK(fs::file_size(tmp / "out" / "cskpi-2026.xlsx") > 10000);

    const auto root = parse_json(json);
    const auto report = root->getObject("report");
    CHECK(report->getValue<std::string>("kind") == "year-end");
    CHECK(report->getValue<std::string>("period") == "2026");
    CHECK(report->getValue<std::string>("previous_period") == "2025");
    CHECK(report->getValue<std::string>("as_of") == "2027-01-01T00:00:00+08:00");

    // samples/ was made by `cskpi sample --tickets 3000 --seed 7`: 3000 tickets plus one
    // repeated row, and six injected faults.
    const auto tickets = source_named(root, "tickets");
    CHECK(tickets->getValue<int>("rows_read") == 3001);
    CHECK(tickets->getValue<int>("rows_accepted") == 2995);
    CHECK(tickets->getValue<int>("rows_rejected") == 6);
    const auto rejects = tickets->getObject("rejects");
    CHECK(rejects->getValue<int>("bad_timestamp") == 2);
    CHECK(rejects->getValue<int>("duplicate_id") == 1);
    CHECK(rejects->getValue<int>("out_of_range") == 2);
    CHECK(rejects->getValue<int>("time_order") == 1);
    CHECK(tickets->getValue<std::string>("sha256").size() == 64);
    const auto calls = source_named(root, "calls");
    CHECK(calls->getValue<int>("rows_read") == 1500);
    CHECK(calls->getValue<int>("rows_rejected") == 2);

    // The same values as the independent reference implementation computes
    // (tests/e2e/test_reference_crosscheck.cpp checks every KPI against it).
    const auto kpis = root->getObject("kpis");
    const auto volume = kpis->getObject("tickets.volume");
    CHECK(volume->getValue<int>("current") == 1556);
    CHECK(volume->getValue<int>("previous") == 1439);
    CHECK(volume->getValue<int>("current") + volume->getValue<int>("previous") == 2995);  // all accepted in period
    const auto fcr = kpis->getObject("fcr.rate");
    CHECK(fcr->getValue<double>("current") == Approx(0.7457293035479632).epsilon(1e-12));
    CHECK(fcr->getValue<double>("previous") == Approx(0.6941340782122905).epsilon(1e-12));
    CHECK(fcr->getValue<bool>("better"));
    CHECK(fcr->getValue<std::string>("dimension") == "customer");
    const auto frt = kpis->getObject("frt.median_min");
    CHECK(frt->getValue<double>("current") == Approx(3.5).epsilon(1e-12));
    CHECK(frt->getValue<double>("previous") == Approx(4.366666666666666).epsilon(1e-12));
    const auto attrition = kpis->getObject("staff.attrition_rate");
    CHECK(attrition->getValue<double>("current") == Approx(0.17028985507246375).epsilon(1e-12));
    CHECK(attrition->getValue<std::string>("direction") == "down");
    CHECK(root->getObject("monthly")->getObject("fcr.rate")->size() == 24);
}

TEST_CASE("with --log-level info the log says how long each stage took", "[e2e][cli]") {
    TempDir tmp;
    const auto r = run_cskpi("year-end --log-level info --year 2026 --timezone Asia/Shanghai" + sample_sources() +
                             " --out " + quote(tmp / "out"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string log = r.out + r.err;
    for (const char* source : {"tickets", "surveys", "agents", "calls"}) {
        INFO(source);
        CHECK(std::regex_search(log, std::regex(std::string(source) +
                                                ": [0-9]+ rows read, [0-9]+ accepted, [0-9]+ rejected in [0-9]+\\.[0-9]{2} s")));
        CHECK(std::regex_search(log, std::regex(std::string(source) + ": folded into the months in [0-9]+\\.[0-9]{2} s")));
    }
    CHECK(std::regex_search(log, std::regex("KPIs, targets, staffing plan, scorecards computed in [0-9]+\\.[0-9]{2} s")));
    CHECK(std::regex_search(log, std::regex("workbook written in [0-9]+\\.[0-9]{2} s")));
}

TEST_CASE("the README's report definition runs on the samples", "[e2e]") {
    TempDir tmp;
    const auto r = run_cskpi("year-end --config " + quote(source_dir() / "reports/year-end.ini") + " --out " +
                             quote(tmp / "out") + " --summary-json " + quote(tmp / "s.json"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fs::exists(tmp / "out" / "cs-kpi-year-end-2026.xlsx"));
    const auto csat = parse_json(tmp / "s.json")->getObject("kpis")->getObject("csat.rate")->getObject("target");
    CHECK(csat->getValue<std::string>("basis") == "mandated");
    CHECK(csat->getValue<double>("value") == Approx(0.90));
}

TEST_CASE("--help and --version", "[e2e][cli]") {
    const auto help = run_cskpi("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("year-end") != std::string::npos);
    CHECK(help.out.find("Exit codes") != std::string::npos);
    const auto sub = run_cskpi("year-end --help");
    CHECK(sub.exit_code == 0);
    CHECK(sub.out.find("--summary-json") != std::string::npos);
    const auto version = run_cskpi("--version");
    CHECK(version.exit_code == 0);
    CHECK(version.out == std::string("cskpi ") + CSKPI_VERSION + "\n");
}

TEST_CASE("usage errors exit 2", "[e2e][cli]") {
    CHECK(run_cskpi("").exit_code == 2);
    CHECK(run_cskpi("frobnicate").exit_code == 2);
    const auto no_year = run_cskpi("year-end --tickets " + quote(kSamples / "tickets.csv"));
    CHECK(no_year.exit_code == 2);
    CHECK(no_year.err.find("report year is required") != std::string::npos);
    const auto bad_zone = run_cskpi("year-end --year 2026 --timezone Mars/Base --tickets " + quote(kSamples / "tickets.csv"));
    CHECK(bad_zone.exit_code == 2);
    CHECK(bad_zone.err.find("Mars/Base") != std::string::npos);
    CHECK(run_cskpi("year-end --year 2026 --no-such-flag").exit_code == 2);
    CHECK(run_cskpi("year-end --year 2026 --config /nonexistent.ini").exit_code == 2);
    CHECK(run_cskpi("year-end --year 2026").exit_code == 2);  // no tickets export
}

TEST_CASE("a missing export exits 3 naming it", "[e2e][cli]") {
    TempDir tmp;
    const auto r = run_cskpi("year-end --year 2026 --tickets /nonexistent/tickets.csv --out " + quote(tmp / "out"));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("/nonexistent/tickets.csv") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "out" / "cskpi-2026.xlsx"));
}

TEST_CASE("too many rejects exits 3 naming the file, the top reasons and the first lines", "[e2e][cli]") {
    TempDir tmp;
    std::ofstream(tmp / "tickets.csv") << "ticket_id,created_at\n1,2026-01-05 09:00\n2,yesterday\n3,2026-01-05 10:00\n"
                                          "4,2026-02-30 10:00\n";
    const auto r = run_cskpi("year-end --year 2026 --tickets " + quote(tmp / "tickets.csv") + " --out " +
                             quote(tmp / "out") + " --summary-json " + quote(tmp / "s.json"));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find((tmp / "tickets.csv").string()) != std::string::npos);
    CHECK(r.err.find("2 of 4 rows rejected") != std::string::npos);
    CHECK(r.err.find("bad_timestamp=2") != std::string::npos);
    CHECK(r.err.find("3 (bad_timestamp), 5 (bad_timestamp)") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "out"));
    CHECK_FALSE(fs::exists(tmp / "s.json"));
    // Below the limit the run goes on and reports them.
    CHECK(run_cskpi("year-end --year 2026 --max-reject-rate 0.5 --tickets " + quote(tmp / "tickets.csv") +
                    " --out " + quote(tmp / "out"))
              .exit_code == 0);
}

TEST_CASE("an unwritable output exits 4", "[e2e][cli]") {
    const auto r = run_cskpi("year-end --year 2026 --tickets " + quote(kSamples / "tickets.csv") +
                             " --out /proc/cskpi-cannot-write");
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("/proc/cskpi-cannot-write") != std::string::npos);
}

TEST_CASE("a failed run leaves the previous workbook untouched and no temporary file", "[e2e][cli]") {
    TempDir tmp;
    fs::create_directories(tmp / "out");
    std::ofstream(tmp / "out" / "cskpi-2026.xlsx") << "previous workbook";
    std::ofstream(tmp / "bad.csv") << "ticket_id,created_at\n1,never\n";
    const auto r = run_cskpi("year-end --year 2026 --tickets " + quote(tmp / "bad.csv") + " --out " + quote(tmp / "out"));
    CHECK(r.exit_code == 3);
    CHECK(read_file(tmp / "out" / "cskpi-2026.xlsx") == "previous workbook");
    for (const auto& entry : fs::directory_iterator(tmp / "out")) CHECK(entry.path().filename() == "cskpi-2026.xlsx");
}

TEST_CASE("validate reports every rejected line and exits 0 only when clean", "[e2e][cli]") {
    TempDir tmp;
    std::ofstream(tmp / "clean.csv") << "ticket_id,created_at\n1,2026-01-05 09:00\n";
    const auto clean = run_cskpi("validate --tickets " + quote(tmp / "clean.csv"));
    CHECK(clean.exit_code == 0);
    CHECK(clean.out.find("1 rows read, 1 accepted, 0 rejected") != std::string::npos);
    const auto dirty = run_cskpi("validate --tickets " + quote(kSamples / "tickets.csv") + " --calls " +
                                 quote(kSamples / "calls.csv"));
    CHECK(dirty.exit_code == 3);
    CHECK(dirty.out.find("3001 rows read, 2995 accepted, 6 rejected") != std::string::npos);
    CHECK(dirty.out.find("duplicate_id") != std::string::npos);
    CHECK(dirty.out.find("line ") != std::string::npos);
    CHECK(dirty.out.find("calls") != std::string::npos);
}
