// Catch-alls (`value.<column>.* = <canonical>`) and the listing of unknown spellings: in
// the source report, `cskpi validate`, the exit-3 message and the Data quality sheet.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../report/xlsx_reader.hpp"
#include "../support/cskpi_cli.hpp"
#include "core/errors.hpp"
#include "ingest/ingest.hpp"
#include "ingest/spelling_tally.hpp"

namespace fs = std::filesystem;
using namespace cskpi;
using cskpi::test::ScratchDir;

namespace {

TicketSource read_text(const ScratchDir& dir, const std::string& csv, const SourceConfig& config) {
    const fs::path file = dir.write("tickets.csv", csv);
    IngestOptions options;
    options.timezone = "Asia/Shanghai";
    options.threads = 1;
    return ingest_source<TicketRecord>(config, LocalSource{file, file.string()}, options);
}

SourceConfig tickets(const std::string& preset = "generic") {
    SourceConfig c;
    c.name = "tickets";
    c.preset = preset;
    return c;
}

// Lines 2..7: two unknown channels (one twice), one unknown priority, a blank channel.
constexpr const char* kCsv =
    "ticket_id,created_at,channel,priority\n"
    "1,2026-03-01 10:00,phone,high\n"
    "2,2026-03-01 10:00,Carrier pigeon,low\n"
    "3,2026-03-01 10:00,Smoke signal,P9\n"
    "4,2026-03-01 10:00,Carrier pigeon,\n"
    "5,2026-03-01 10:00,,normal\n"
    "6,2026-03-01 10:00,  ,normal\n";

std::vector<TicketRecord> records_of(const TicketSource& s) {
    std::vector<TicketRecord> out;
    s.for_each([&](const TicketRecord& r) { out.push_back(r); });
    return out;
}

std::string row_of(const test::Sheet& sheet, const std::string& column, const std::string& text) {
    for (const auto& [ref, cell] : sheet.cells)
        if (ref.rfind(column, 0) == 0 && std::isdigit(static_cast<unsigned char>(ref[column.size()])) &&
            cell.value == text)
            return ref.substr(column.size());
    FAIL("no '" << text << "' in column " << column << " of " << sheet.name);
    return "";
}

}  // namespace

TEST_CASE("generic has no catch-all: unknown values are bad_enum, and listed with count and first line",
          "[presets][unknown]") {
    ScratchDir dir("cskpi-unknown");
    const auto s = read_text(dir, kCsv, tickets());
    CHECK(s.report.rows_accepted == 3);  // 1, 5, 6: blank is absent, not unknown
    CHECK(s.report.rejects == std::map<RejectReason, std::int64_t>{{RejectReason::bad_enum, 3}});
    const auto& u = s.report.unknown_spellings;
    REQUIRE(u.size() == 2);  // line 3 is rejected at its channel, its priority is never read
    CHECK(u[0].column == "channel");
    CHECK(u[0].spelling == "Carrier pigeon");
    CHECK(u[0].count == 2);
    CHECK(u[0].first_line == 3);
    CHECK(u[0].read_as.empty());
    CHECK(u[1].spelling == "Smoke signal");
    CHECK(u[1].first_line == 4);
    CHECK(describe(u[0]) ==
          "channel 'Carrier pigeon': 2 rows, first line 3, rejected (bad_enum); add: value.channel.Carrier pigeon = "
          "<value>");
}

TEST_CASE("a hand catch-all reads unknown values as its canonical value and lists each spelling",
          "[presets][unknown]") {
    ScratchDir dir("cskpi-unknown");
    SourceConfig config = tickets();
    config.value_map["channel"]["*"] = "other";
    config.value_map["channel"]["Smoke signal"] = "social";  // a spelling beats the catch-all
    config.value_map["priority"]["*"] = "low";
    const auto s = read_text(dir, kCsv, config);
    CHECK(s.report.rows_rejected == 0);
    const auto r = records_of(s);
    REQUIRE(r.size() == 6);
    CHECK(r[1].channel == Channel::other);
    CHECK(r[2].channel == Channel::social);
    CHECK(r[2].priority == Priority::low);
    CHECK(r[3].priority == Priority::normal);  // blank priority: absent = normal, not the catch-all
    CHECK(r[4].channel == Channel::other);     // blank channel: absent = other
    const auto& u = s.report.unknown_spellings;
    REQUIRE(u.size() == 2);
    CHECK(u[0].column == "channel");
    CHECK(u[0].spelling == "Carrier pigeon");
    CHECK(u[0].count == 2);
    CHECK(u[0].first_line == 3);
    CHECK(u[0].read_as == "other");
    CHECK(u[1].column == "priority");
    CHECK(u[1].spelling == "P9");
    CHECK(u[1].read_as == "low");
    CHECK(describe(u[1]) == "priority 'P9': 1 row, first line 4, read as low; add: value.priority.P9 = <value>");
}

TEST_CASE("zendesk and freshdesk send an unknown channel to other, and a bool column takes a catch-all too",
          "[presets][unknown]") {
    ScratchDir dir("cskpi-unknown");
    const auto z = read_text(dir,
                             "Id,Created at,Via,Priority\n"
                             "1,2026-03-01 10:00:00 +0800,Phone call (incoming),Urgent\n"
                             "2,2026-03-01 10:00:00 +0800,Hologram,\n"
                             "3,2026-03-01 10:00:00 +0800,Hologram,P1\n",
                             tickets("zendesk"));
    // The preset's catch-all is for the channel only: an unknown priority still rejects.
    CHECK(z.report.rows_accepted == 2);
    CHECK(z.report.rejects == std::map<RejectReason, std::int64_t>{{RejectReason::bad_enum, 1}});
    REQUIRE(z.report.unknown_spellings.size() == 2);
    CHECK(z.report.unknown_spellings[0].spelling == "Hologram");
    CHECK(z.report.unknown_spellings[0].count == 2);
    CHECK(z.report.unknown_spellings[0].read_as == "other");
    CHECK(z.report.unknown_spellings[1].spelling == "P1");
    CHECK(z.report.unknown_spellings[1].read_as.empty());

    SourceConfig hand = tickets("freshdesk");
    hand.value_map["channel"]["*"] = "web";  // a hand catch-all beats the preset's
    const auto f = read_text(dir, "Ticket ID,Created time,Source\n1,2026-03-01 10:00:00,Hologram\n", hand);
    REQUIRE(records_of(f).size() == 1);
    CHECK(records_of(f)[0].channel == Channel::web);

    SourceConfig complaint = tickets();
    complaint.value_map["complaint"]["*"] = "no";
    const auto c = read_text(dir, "ticket_id,created_at,complaint\n1,2026-03-01 10:00,maybe\n2,2026-03-01 10:00,yes\n",
                             complaint);
    REQUIRE(records_of(c).size() == 2);
    CHECK_FALSE(records_of(c)[0].complaint);
    CHECK(records_of(c)[1].complaint);
}

TEST_CASE("a catch-all must be for an enum or yes/no column and name one of its values", "[presets][unknown]") {
    ScratchDir dir("cskpi-unknown");
    SourceConfig text = tickets();
    text.value_map["team"]["*"] = "Support";
    CHECK_THROWS_AS(read_text(dir, kCsv, text), UsageError);
    SourceConfig bogus = tickets();
    bogus.value_map["channel"]["*"] = "telepathy";
    CHECK_THROWS_WITH(read_text(dir, kCsv, bogus), Catch::Contains("value.channel.* = telepathy"));

    // In a report definition, before anything is read.
    test::write_file(dir / "bad.ini", "[tickets]\nuri = tickets.csv\nvalue.channel.* = telepathy\n");
    const auto run = test::run_cskpi({"validate", "--config", (dir / "bad.ini").string()});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("value.channel.* = telepathy"));
}

TEST_CASE("unknown values are listed by validate, the exit-3 message and the Data quality sheet",
          "[presets][unknown]") {
    ScratchDir dir("cskpi-unknown");
    test::write_file(dir / "tickets.csv", kCsv);

    const auto validate = test::run_cskpi({"validate", "--tickets", (dir / "tickets.csv").string()});
    CHECK(validate.exit_code == 3);
    CHECK_THAT(validate.out,
               Catch::Contains("channel 'Carrier pigeon': 2 rows, first line 3, rejected (bad_enum); add: "
                               "value.channel.Carrier pigeon = <value>"));
    CHECK_THAT(validate.out, Catch::Contains("channel 'Smoke signal': 1 row, first line 4"));

    const auto failed = test::run_cskpi({"year-end", "--year", "2026", "--tickets", (dir / "tickets.csv").string(),
                                         "--out", (dir / "out").string()});
    CHECK(failed.exit_code == 3);
    CHECK_THAT(failed.err, Catch::Contains("unknown values: channel 'Carrier pigeon': 2 rows, first line 3"));
    CHECK_THAT(failed.err, Catch::Contains("add: value.channel.Smoke signal = <value>"));

    // With the catch-all in the report definition the run goes through and the workbook lists them.
    test::write_file(dir / "report.ini",
                     "[report]\nyear = 2026\nout = out\n\n[tickets]\nuri = tickets.csv\nvalue.channel.* = other\n"
                     "value.priority.* = normal\n");
    const auto ok = test::run_cskpi({"year-end", "--config", (dir / "report.ini").string()});
    INFO(ok.err);
    REQUIRE(ok.exit_code == 0);
    const auto book = test::read_xlsx(dir / "out" / "cskpi-2026.xlsx");
    const auto& quality = book.sheet("Data quality");
    const std::string r = row_of(quality, "C", "Carrier pigeon");
    CHECK(quality.at("A" + r).value == "tickets");
    CHECK(quality.at("B" + r).value == "channel");
    CHECK(quality.at("D" + r).number() == 2);
    CHECK(quality.at("E" + r).number() == 3);
    CHECK(quality.at("F" + r).value == "other");
    CHECK(quality.at("G" + r).value == "value.channel.Carrier pigeon = ");
    const std::string p = row_of(quality, "C", "P9");
    CHECK(quality.at("B" + p).value == "priority");
    CHECK(quality.at("F" + p).value == "normal");
}

TEST_CASE("an unknown Zendesk satisfaction score is no response, and listed", "[presets][unknown]") {
    ScratchDir dir("cskpi-unknown");
    const auto z = read_text(dir,
                             "Id,Created at,Updated at,Solved at,Satisfaction Score\n"
                             "1,2026-03-01 10:00:00 +0800,2026-03-05 10:00:00 +0800,2026-03-02 10:00:00 +0800,Good\n"
                             "2,2026-03-01 10:00:00 +0800,2026-03-05 10:00:00 +0800,,Bad\n"
                             "3,2026-03-01 10:00:00 +0800,2026-03-05 10:00:00 +0800,,Great\n"
                             "4,2026-03-01 10:00:00 +0800,2026-03-05 10:00:00 +0800,,Offered\n",
                             tickets("zendesk"));
    CHECK(z.report.rows_accepted == 4);
    REQUIRE(z.rates_satisfaction);
    REQUIRE(z.ticket_surveys.size() == 2);
    ZoneClock clock("Asia/Shanghai");
    CHECK(z.ticket_surveys[0].csat == 5);
    CHECK(z.ticket_surveys[0].submitted == clock.instant_of(*parse_timestamp("2026-03-02 10:00")));  // solved
    CHECK(z.ticket_surveys[0].ticket == id_key("1"));
    CHECK(z.ticket_surveys[1].csat == 1);
    CHECK(z.ticket_surveys[1].submitted == clock.instant_of(*parse_timestamp("2026-03-05 10:00")));  // updated
    REQUIRE(z.report.unknown_spellings.size() == 1);
    CHECK(describe(z.report.unknown_spellings[0]) == "Satisfaction Score 'Great': 1 row, first line 4, not counted");
}

TEST_CASE("export text in messages: control characters escaped, at most 200 bytes", "[presets][unknown]") {
    CHECK(quote_export_text("a\x1b[31mb\n") == "'a\\x1b[31mb\\x0a'");
    const std::string long_text(300, 'x');
    const std::string q = quote_export_text(long_text);
    CHECK(q.size() == 1 + 200 + std::string("…").size() + 1);
    // Never cut inside a character.
    std::string chinese;
    for (int i = 0; i < 100; ++i) chinese += "渠";  // 3 bytes each
    const std::string qc = quote_export_text(chinese);
    CHECK(qc.find("渠渠…'") != std::string::npos);
    CHECK((qc.size() - 2 - std::string("…").size()) % 3 == 0);
}

TEST_CASE("unknown values over many blocks and threads: counts add up, first lines are the file's",
          "[presets][unknown]") {
    ScratchDir dir("cskpi-unknown");
    std::string csv = "Id,Created at,Via,Satisfaction Score\n";
    std::int64_t hologram = 0, first_hologram = 0, good = 0;
    for (int i = 0; i < 3000; ++i) {
        const bool odd_label = i % 7 == 5;
        if (odd_label && first_hologram == 0) first_hologram = i + 2;  // header is line 1
        hologram += odd_label;
        good += i % 3 == 0;
        csv += std::to_string(i + 1) + ",2026-03-01 10:00:00 +0800," + (odd_label ? "Hologram" : "Voicemail") + "," +
               (i % 3 == 0 ? "Good" : "Offered") + "\n";
    }
    const fs::path file = dir.write("tickets.csv", csv);
    SourceConfig config = tickets("zendesk");
    IngestOptions options;
    options.timezone = "Asia/Shanghai";
    options.threads = 2;
    options.block_bytes = 4096;  // a few dozen chunks
    const auto s = ingest_source<TicketRecord>(config, LocalSource{file, file.string()}, options);
    CHECK(s.report.rows_accepted == 3000);
    REQUIRE(s.report.unknown_spellings.size() == 1);
    CHECK(s.report.unknown_spellings[0].count == hologram);
    CHECK(s.report.unknown_spellings[0].first_line == first_hologram);
    CHECK(std::int64_t(s.ticket_surveys.size()) == good);
}
