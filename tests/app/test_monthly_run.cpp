// End-to-end runs of the cskpi binary: `cskpi monthly` on a small hand-made export whose
// year-to-date numbers are worked out below, the history store, the mail ledger against a
// loopback SMTP server, and the run lock.
//
// tests/fixtures/monthly (time zone UTC):
//   tickets.csv  2025: one ticket a month, first reply after 30 min, resolved after 2 h,
//                contacts 1 in Jan..Sep and 2 in Oct..Dec → fcr.rate 2025 = 9/12 = 0.75.
//                2026: two tickets a month in Jan..Jun, reply after 15 min, resolved after
//                1 h, contacts 2 on the second ticket of Feb and Apr; one ticket on
//                2026-07-05, after the June run's as_of.
//   surveys.csv  2025: one survey a month in Jan..Oct, csat 5 in Jan..Aug, 2 in Sep, Oct
//                → csat.rate 2025 = 8/10 = 0.80.
//                2026: Jan..May two each (5 5, 5 3, 4 5, 2 5, 1 4: 7 of 10 at 4 or more),
//                June ten (5 5 5 5 5 4 4 4 4 3: 9 of 10).
//   tickets_2026_only.csv  the 2026 tickets alone, as an export that dropped last year.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <Poco/JSON/Parser.h>

#include "../deliver/smtp_sink.hpp"
#include "../report/xlsx_reader.hpp"
#include "core/run_lock.hpp"
#include "history/history_store.hpp"
#include "support/cskpi_cli.hpp"

using namespace cskpi;
using namespace cskpi::mailtest;
using cskpi::test::CommandResult;
using cskpi::test::run_cskpi;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

const fs::path fixtures = fs::path(CSKPI_SOURCE_DIR) / "tests" / "fixtures" / "monthly";

// A report definition in `dir` for the fixture; `extra` is appended (more sections).
fs::path write_definition(const fs::path& dir, const std::string& tickets_file, const std::string& extra = "") {
    const fs::path path = dir / "monthly.ini";
    std::ofstream ini(path);
    ini << "[report]\nname = kpi\ntimezone = UTC\nout = out\nthreads = 1\n"
        << "[tickets]\nuri = " << (fixtures / tickets_file).string() << "\n"
        << "[surveys]\nuri = " << (fixtures / "surveys.csv").string() << "\n"
        << "[history]\npath = history.sqlite\n"
        << "[targets]\nfcr.rate.benchmark = 0.95\n"
        << extra;
    return path;
}

std::string mail_section(std::uint16_t port) {
    return "[mail]\nhost = 127.0.0.1\nport = " + std::to_string(port) +
           "\ntls = none\nuser = cskpi\npassword_env = CSKPI_TEST_SMTP_PASSWORD\n"
           "from = cskpi <reports@example.com>\nto = head@example.com, Ops <ops@example.com>\n"
           "cc = audit@example.com\nattempts = 3\nretry_delay_ms = 20\n";
}

Poco::JSON::Object::Ptr json_file(const fs::path& path) {
    REQUIRE(fs::exists(path));
    return Poco::JSON::Parser().parse(read_file(path)).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr entry(const Poco::JSON::Object::Ptr& root, const std::string& block, const std::string& id) {
    return root->getObject(block)->getObject(id);
}

double number(const Poco::JSON::Object::Ptr& o, const std::string& key) { return o->getValue<double>(key); }

// The row number ("7") of the Tracking table row whose column A holds `id`, below `after`.
std::string tracking_row(const test::Sheet& sheet, const std::string& id, int after = 0) {
    for (int row = after + 1; row < 200; ++row) {
        const auto found = sheet.cells.find("A" + std::to_string(row));
        if (found != sheet.cells.end() && found->second.value == id) return std::to_string(row);
    }
    FAIL("no row for " << id << " on " << sheet.name);
    return {};
}

struct PasswordEnv {
    PasswordEnv() { ::setenv("CSKPI_TEST_SMTP_PASSWORD", "s3cret-pass", 1); }
    ~PasswordEnv() { ::unsetenv("CSKPI_TEST_SMTP_PASSWORD"); }
};

}  // namespace

TEST_CASE("monthly run for June: the month, year to date, targets and statuses", "[monthly][e2e]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv");
    const CommandResult r = run_cskpi({"monthly", "--config", ini.string(), "--month", "2026-06", "--summary-json",
                                   (dir.path / "june.json").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const fs::path workbook = dir.path / "out" / "kpi-2026-06.xlsx";
    CHECK(fs::exists(workbook));
    CHECK_THAT(r.out, Contains("kpi-2026-06.xlsx"));

    const auto json = json_file(dir.path / "june.json");
    CHECK(json->getObject("report")->getValue<std::string>("period") == "2026-06");
    CHECK(json->getObject("report")->getValue<std::string>("as_of") == "2026-07-01T00:00:00+00:00");

    SECTION("volumes: the July ticket is after as_of") {
        const auto month = entry(json, "kpis", "tickets.volume");
        CHECK(number(month, "current") == 2);   // two tickets in June 2026
        CHECK(number(month, "previous") == 1);  // one in June 2025
        const auto ytd = entry(json, "ytd", "tickets.volume");
        CHECK(number(ytd, "current") == 12);    // 2 × 6 months
        CHECK(number(ytd, "previous") == 6);    // Jan..Jun 2025
        CHECK_FALSE(ytd->has("status"));        // no direction, no target
    }
    SECTION("fcr.rate: on track, YTD 10/12 against the Q2 milestone 0.80") {
        const auto month = entry(json, "kpis", "fcr.rate");
        CHECK(number(month, "current") == Approx(1.0));  // both June tickets in one contact
        const auto ytd = entry(json, "ytd", "fcr.rate");
        CHECK(number(ytd, "current") == Approx(10.0 / 12));  // 12 resolved, Feb and Apr took 2 contacts
        CHECK(number(ytd, "previous") == Approx(1.0));       // Jan..Jun 2025 all in one contact
        // No saved targets: baseline = 2025's 0.75, benchmark 0.95 (definition), gap closure 0.5
        // → target 0.75 + 0.5 × 0.20 = 0.85; Q2 milestone 0.75 + 0.5 × 0.10 = 0.80.
        const auto target = ytd->getObject("target");
        CHECK(number(target, "baseline") == Approx(0.75));
        CHECK(number(target, "value") == Approx(0.85));
        CHECK(target->getArray("milestones")->getElement<double>(1) == Approx(0.80));
        CHECK(number(target, "warning") == Approx(0.70));
        // Month 1.0 is above the 0.70 warning line; YTD 0.833 ≥ 0.80.
        CHECK(ytd->getValue<std::string>("status") == "on_track");
        CHECK(month->getValue<std::string>("status") == "on_track");
    }
    SECTION("csat.rate: at risk, YTD 16/20 behind the Q2 milestone 0.825") {
        const auto month = entry(json, "kpis", "csat.rate");
        CHECK(number(month, "current") == Approx(0.9));  // 9 of June's 10 at 4 or 5
        CHECK(number(month, "previous") == Approx(1.0));
        const auto ytd = entry(json, "ytd", "csat.rate");
        CHECK(number(ytd, "current") == Approx(0.80));  // (7 + 9) / (10 + 10)
        CHECK(number(ytd, "previous") == Approx(1.0));  // Jan..Jun 2025: 6 of 6
        // Baseline 0.80 (2025), default benchmark 0.85 → gap closure 0.825, past the default
        // warning line 0.85, so the target is the line: 0.85 (basis warning_line); Q2 0.80 + 0.5 × 0.05.
        const auto target = ytd->getObject("target");
        CHECK(number(target, "value") == Approx(0.85));
        CHECK(target->getValue<std::string>("basis") == "warning_line");
        CHECK(target->getArray("milestones")->getElement<double>(1) == Approx(0.825));
        // June 0.90 is above the default warning line 0.85, YTD 0.80 < 0.825.
        CHECK(ytd->getValue<std::string>("status") == "at_risk");
    }
    SECTION("frt.median_min: lower is better, 15 min against the Q2 milestone 25 min") {
        const auto ytd = entry(json, "ytd", "frt.median_min");
        CHECK(number(ytd, "current") == Approx(15));
        // Baseline 30 (2025), benchmark 10 → target 20, Q2 = 30 + 0.5 × (20 − 30) = 25.
        CHECK(ytd->getObject("target")->getArray("milestones")->getElement<double>(1) == Approx(25));
        CHECK(ytd->getValue<std::string>("status") == "on_track");
    }
    SECTION("the workbook: no alerts, the table with the same numbers and RAG formatting") {
        const test::XlsxFile book = test::read_xlsx(workbook);
        std::vector<std::string> names;
        for (const auto& s : book.sheets) names.push_back(s.name);
        CHECK(names == std::vector<std::string>{"Overview", "Tracking", "Monthly", "Data quality", "Definitions"});
        const test::Sheet& sheet = book.sheet("Tracking");
        CHECK(sheet.at("A3").value == "Alerts: warning lines crossed in 2026-06");
        CHECK(sheet.at("A5").value == "No KPI is past its warning line.");
        CHECK(sheet.at("I7").value == "Q2 milestone");
        const std::string csat = tracking_row(sheet, "csat.rate", 7);
        CHECK(sheet.at("D" + csat).number() == Approx(0.9));
        CHECK(sheet.at("E" + csat).number() == Approx(1.0));
        CHECK(sheet.at("F" + csat).number() == Approx(0.80));
        CHECK(sheet.at("G" + csat).number() == Approx(1.0));
        CHECK(sheet.at("H" + csat).number() == Approx(0.85));
        CHECK(sheet.at("I" + csat).number() == Approx(0.825));
        CHECK(sheet.at("J" + csat).number() == Approx(0.85));
        CHECK(sheet.at("K" + csat).value == "at risk");
        CHECK(sheet.at("K" + tracking_row(sheet, "fcr.rate", 7)).value == "on track");
        const std::string& xml = book.parts.at("xl/worksheets/sheet2.xml");
        CHECK(xml.find("conditionalFormatting") != std::string::npos);
        CHECK(xml.find("<formula>\"at risk\"</formula>") != std::string::npos);
        CHECK(xml.find("<formula>\"alert\"</formula>") != std::string::npos);
    }
}

TEST_CASE("an injected warning line breach shows as alert in the JSON and the Alerts block", "[monthly][e2e]") {
    TempDir dir;
    // June's CSAT 0.90 is below 0.99.
    const fs::path ini = write_definition(dir.path, "tickets.csv", "csat.rate.warning = 0.99\n");
    // The extra line continues the [targets] section written last.
    const CommandResult r = run_cskpi({"monthly", "--config", ini.string(), "--month", "2026-06", "--summary-json",
                                   (dir.path / "june.json").string(), "--lang", "zh-CN"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto json = json_file(dir.path / "june.json");
    CHECK(entry(json, "kpis", "csat.rate")->getValue<std::string>("status") == "alert");
    CHECK(entry(json, "ytd", "csat.rate")->getValue<std::string>("status") == "alert");
    CHECK(number(entry(json, "ytd", "csat.rate")->getObject("target"), "warning") == Approx(0.99));
    CHECK(entry(json, "ytd", "fcr.rate")->getValue<std::string>("status") == "on_track");

    const test::XlsxFile book = test::read_xlsx(dir.path / "out" / "kpi-2026-06.xlsx");
    const test::Sheet& sheet = book.sheet("跟踪");
    // The Alerts block lists the one breach first, with the month's value and the line.
    CHECK(sheet.at("A5").value == "csat.rate");
    CHECK(sheet.at("D5").number() == Approx(0.9));
    CHECK(sheet.at("E5").number() == Approx(0.99));
    CHECK(sheet.cells.count("A6") == 0);
    CHECK(sheet.at("K" + tracking_row(sheet, "csat.rate", 7)).value == "预警");
}

TEST_CASE("targets saved by the year-end run are the ones the monthly run tracks", "[monthly][e2e]") {
    TempDir dir;
    // Year-end 2025 with a mandated FCR of 0.95 saves the targets for 2026.
    const fs::path year_end_ini =
        write_definition(dir.path, "tickets.csv", "fcr.rate.mandated = 0.95\n" + mail_section(unused_port()));
    const CommandResult y = run_cskpi({"year-end", "--config", year_end_ini.string(), "--year", "2025", "--mail-to-dir",
                                   (dir.path / "outbox").string()});
    INFO(y.err);
    REQUIRE(y.exit_code == 0);
    CHECK(fs::exists(dir.path / "out" / "kpi-2025.xlsx"));
    CHECK_THAT(read_file(dir.path / "outbox" / "kpi-2025.eml"), Contains("Subject: kpi year-end report 2025"));
    {
        const HistoryStore history = HistoryStore::open(dir.path / "history.sqlite");
        const auto saved = history.load_targets(2026);
        REQUIRE(saved.count("fcr.rate") == 1);
        CHECK(saved.at("fcr.rate").value == Approx(0.95));
    }

    // The monthly definition no longer mandates anything: the saved plan still holds.
    write_definition(dir.path, "tickets.csv");
    const CommandResult m = run_cskpi({"monthly", "--config", (dir.path / "monthly.ini").string(), "--month", "2026-06",
                                   "--summary-json", (dir.path / "june.json").string()});
    INFO(m.err);
    REQUIRE(m.exit_code == 0);
    const auto ytd = entry(json_file(dir.path / "june.json"), "ytd", "fcr.rate");
    const auto target = ytd->getObject("target");
    CHECK(target->getValue<std::string>("basis") == "mandated");
    // Baseline 0.75 (2025) → Q2 = 0.75 + 0.5 × (0.95 − 0.75) = 0.85; YTD 10/12 = 0.833 is behind.
    CHECK(target->getArray("milestones")->getElement<double>(1) == Approx(0.85));
    CHECK(ytd->getValue<std::string>("status") == "at_risk");
}

TEST_CASE("history: a rerun replaces its month, another month adds one, trends fill from it", "[monthly][e2e]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv");
    for (const char* month : {"2026-06", "2026-06", "2026-05"}) {
        const CommandResult r = run_cskpi({"monthly", "--config", ini.string(), "--month", month});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    {
        const HistoryStore history = HistoryStore::open(dir.path / "history.sqlite");
        const auto runs = history.list_runs();
        REQUIRE(runs.size() == 2);
        CHECK(runs[0].period == "2026-05");
        CHECK(runs[1].period == "2026-06");
        CHECK(runs[1].kind == "monthly");
    }
    const CommandResult listing = run_cskpi({"history", "--config", ini.string()});
    CHECK(listing.exit_code == 0);
    CHECK_THAT(listing.out, Contains("2 runs"));
    CHECK_THAT(listing.out, Contains("2026-05   monthly"));

    // An export that no longer holds 2025: the trend sheet takes 2025 from the history.
    write_definition(dir.path, "tickets_2026_only.csv");
    const CommandResult recent = run_cskpi({"monthly", "--config", ini.string(), "--month", "2026-06"});
    INFO(recent.err);
    REQUIRE(recent.exit_code == 0);
    const test::XlsxFile book = test::read_xlsx(dir.path / "out" / "kpi-2026-06.xlsx");
    const test::Sheet& trend = book.sheet("Monthly");
    std::string march;  // the tickets.volume row for March
    for (int row = 3; row < 400 && march.empty(); ++row)
        if (trend.at("A" + std::to_string(row)).value == "tickets.volume" &&
            trend.at("C" + std::to_string(row)).value == "Mar")
            march = std::to_string(row);
    REQUIRE_FALSE(march.empty());
    CHECK(trend.at("D" + march).number() == 1);  // March 2025 from the stored run
    CHECK(trend.at("E" + march).number() == 2);  // March 2026 from this export
    CHECK(trend.at("G" + march).value == "2025");
}

TEST_CASE("mail: sent once with the workbook attached, not again on a rerun, again with --resend",
          "[monthly][e2e][mail]") {
    SmtpSink sink({"--auth", "cskpi:s3cret-pass"});
    PasswordEnv password;
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv", "csat.rate.warning = 0.99\n" + mail_section(sink.port()));
    const std::vector<std::string> args = {"monthly", "--config", ini.string(), "--month", "2026-06", "--mail"};

    const CommandResult first = run_cskpi(args);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(first.err.find("s3cret-pass") == std::string::npos);
    REQUIRE(sink.has_message(0));
    const auto m = sink.message(0);
    CHECK(m->getValue<std::string>("subject") == "kpi monthly report 2026-06: 1 alert");
    CHECK(strings(m, "to") == std::vector<std::string>{"head@example.com", "ops@example.com"});
    CHECK(strings(m, "cc") == std::vector<std::string>{"audit@example.com"});
    CHECK(m->getValue<std::string>("login") == "cskpi via PLAIN");
    const std::string text = m->getValue<std::string>("text");
    CHECK_THAT(text, Contains("90.0 %"));  // June CSAT
    // Its target: gap closure 0.825 sits past the 0.99 line of the definition → 0.99.
    CHECK_THAT(text, Contains("99.0 %"));
    CHECK_THAT(text, Contains("- Customer satisfaction (CSAT): past its warning line: 90.0 % against the line 99.0 %"));
    const fs::path workbook = dir.path / "out" / "kpi-2026-06.xlsx";
    CHECK(sink.attachment(0, 0) == read_file(workbook));

    const CommandResult second = run_cskpi(args);
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.out, Contains("already sent"));
    CHECK(sink.data_commands() == 1);

    auto resend = args;
    resend.push_back("--resend");
    const CommandResult third = run_cskpi(resend);
    INFO(third.err);
    REQUIRE(third.exit_code == 0);
    CHECK(sink.data_commands() == 2);
    REQUIRE(sink.has_message(1));
    CHECK(sink.attachment(1, 0) == read_file(workbook));
}

TEST_CASE("mail: a year-end rerun on the same data does not mail again", "[monthly][e2e][mail]") {
    SmtpSink sink({"--auth", "cskpi:s3cret-pass"});
    PasswordEnv password;
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv", mail_section(sink.port()));
    const std::vector<std::string> args = {"year-end", "--config", ini.string(), "--year", "2026", "--mail"};
    const CommandResult first = run_cskpi(args);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    REQUIRE(sink.has_message(0));
    // CSAT 2026 is below the default 0.85 line: the year-end subject counts it.
    CHECK(sink.message(0)->getValue<std::string>("subject") == "kpi year-end report 2026: 1 alert");
    // The rerun's workbook differs only in its generation time: same fingerprint, no mail.
    const CommandResult second = run_cskpi(args);
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.out, Contains("already sent"));
    CHECK(sink.data_commands() == 1);
}

TEST_CASE("mail: with the server down the run retries, exits 5 and keeps the workbook", "[monthly][e2e][mail]") {
    PasswordEnv password;
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv", mail_section(unused_port()));
    const CommandResult r =
        run_cskpi({"monthly", "--config", ini.string(), "--month", "2026-06", "--mail", "--log-level", "warning"});
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Contains("failed after 3 attempts"));
    CHECK_THAT(r.err, Contains("mail attempt 2 of 3"));
    CHECK(r.err.find("s3cret-pass") == std::string::npos);
    CHECK(fs::exists(dir.path / "out" / "kpi-2026-06.xlsx"));
    // The run itself is recorded; only the delivery is missing from the ledger.
    CHECK(HistoryStore::open(dir.path / "history.sqlite").list_runs().size() == 1);
}

TEST_CASE("mail: a reply lost after the data is recorded as unknown, reported, not resent", "[monthly][e2e][mail]") {
    SmtpSink sink({"--auth", "cskpi:s3cret-pass", "--drop-after-data", "1"});
    PasswordEnv password;
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv", mail_section(sink.port()));
    const std::vector<std::string> args = {"monthly", "--config", ini.string(), "--month", "2026-06", "--mail"};

    const CommandResult first = run_cskpi(args);
    INFO(first.err);
    CHECK(first.exit_code == 5);
    CHECK_THAT(first.err, Contains("the server's reply was lost") && Contains("not sent again"));
    CHECK(sink.data_commands() == 1);  // attempts = 3, yet one send
    CHECK(fs::exists(dir.path / "out" / "kpi-2026-06.xlsx"));

    const CommandResult second = run_cskpi(args);
    INFO(second.err);
    CHECK(second.exit_code == 5);
    CHECK_THAT(second.err, Contains("is unknown") && Contains("--resend sends it"));
    CHECK(sink.data_commands() == 1);

    auto resend = args;
    resend.push_back("--resend");
    const CommandResult third = run_cskpi(resend);
    INFO(third.err);
    REQUIRE(third.exit_code == 0);
    CHECK(sink.data_commands() == 2);
    CHECK_THAT(run_cskpi(args).out, Contains("already sent"));
    CHECK(sink.data_commands() == 2);
}

TEST_CASE("mail to a folder: --mail-to-dir writes the message instead of sending it", "[monthly][e2e][mail]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv", mail_section(unused_port()));
    const CommandResult r = run_cskpi(
        {"monthly", "--config", ini.string(), "--month", "2026-06", "--mail-to-dir", (dir.path / "outbox").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string eml = read_file(dir.path / "outbox" / "kpi-2026-06.eml");
    CHECK_THAT(eml, Contains("Subject: kpi monthly report 2026-06: no alerts"));
    CHECK_THAT(eml, Contains("kpi-2026-06.xlsx"));
}

TEST_CASE("a run while another holds the lock exits 75 and writes nothing", "[monthly][e2e]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv");
    const RunLock held(dir.path / "history.sqlite.lock");  // the default: beside the history file
    const CommandResult r = run_cskpi({"monthly", "--config", ini.string(), "--month", "2026-06"});
    CHECK(r.exit_code == 75);
    CHECK_THAT(r.err, Contains("another cskpi run holds the lock"));
    CHECK_FALSE(fs::exists(dir.path / "out" / "kpi-2026-06.xlsx"));

    const CommandResult explicit_lock = run_cskpi(
        {"monthly", "--config", ini.string(), "--month", "2026-06", "--lock-file", (dir.path / "other.lock").string()});
    INFO(explicit_lock.err);
    CHECK(explicit_lock.exit_code == 0);
}

TEST_CASE("an unusable [mail] section stops the run before it writes anything", "[monthly][e2e][mail]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path, "tickets.csv", "[mail]\nhost = 127.0.0.1\nfrom = a@example.com\n");
    const CommandResult r = run_cskpi({"monthly", "--config", ini.string(), "--month", "2026-06", "--mail"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("mail.to"));
    CHECK_FALSE(fs::exists(dir.path / "out" / "kpi-2026-06.xlsx"));
    CHECK_FALSE(fs::exists(dir.path / "history.sqlite"));
}
