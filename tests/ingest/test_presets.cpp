// Presets (generic, zendesk, freshdesk), hand mappings, encodings and delimiters: the same
// tickets in every format must give the same KPIs.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/cskpi_cli.hpp"
#include "core/errors.hpp"
#include "core/timestamp.hpp"
#include "ingest/encoding/text_decoder.hpp"
#include "ingest/ingest.hpp"
#include "ingest/presets.hpp"

namespace fs = std::filesystem;
using namespace cskpi;
using cskpi::test::KpiPair;
using cskpi::test::ScratchDir;

namespace {

const fs::path kFixtures = fs::path(CSKPI_SOURCE_DIR) / "tests" / "fixtures" / "tickets";

// Reads `csv` (written to a scratch file) as a tickets export through the real ingest.
TicketSource ingest_text(const std::string& csv, const SourceConfig& config) {
    ScratchDir dir("cskpi-presets");
    const fs::path file = dir / "tickets.csv";
    test::write_file(file, csv);
    LocalSource local;
    local.path = file;
    local.display_uri = file.string();
    IngestOptions options;
    options.timezone = "Asia/Shanghai";
    options.threads = 1;
    return ingest_source<TicketRecord>(config, local, options);
}

SourceConfig tickets_config(const std::string& preset) {
    SourceConfig config;
    config.name = "tickets";
    config.preset = preset;
    return config;
}

std::vector<TicketRecord> records_of(const TicketSource& source) {
    std::vector<TicketRecord> records;
    source.for_each([&](const TicketRecord& r) { records.push_back(r); });
    return records;
}

std::string reject_detail(const TicketSource& source, std::int64_t line) {
    for (const auto& r : source.report.first_rejects)
        if (r.line == line) return std::string(to_string(r.reason)) + ": " + r.detail;
    return "accepted";
}

Millis shanghai(const std::string& text) {
    ZoneClock clock("Asia/Shanghai");
    return clock.instant_of(*parse_timestamp(text));
}

// Runs a 2026 year-end report in Asia/Shanghai and returns its KPIs; `extra` adds flags.
std::map<std::string, KpiPair> year_end_kpis(const ScratchDir& dir, const std::string& name,
                                             const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"year-end", "--year", "2026", "--timezone", "Asia/Shanghai",
                                     "--summary-json", (dir / (name + ".json")).string(),
                                     "--out", (dir / name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = test::run_cskpi(args);
    INFO(name << " stderr: " << run.err);
    REQUIRE(run.exit_code == 0);
    return test::read_kpis(dir / (name + ".json"));
}

std::map<std::string, KpiPair> generic_kpis(const ScratchDir& dir) {
    return year_end_kpis(dir, "generic", {"--tickets", (kFixtures / "generic.csv").string()});
}

// Every ticket KPI equals the generic export's, except `not_carried`, which must be null.
void require_same_ticket_kpis(const std::map<std::string, KpiPair>& got, const std::map<std::string, KpiPair>& generic,
                              const std::vector<std::string>& not_carried = {}) {
    for (const auto& id : test::ticket_kpi_ids()) {
        INFO("KPI " << id);
        REQUIRE(got.count(id) == 1);
        if (std::find(not_carried.begin(), not_carried.end(), id) != not_carried.end()) {
            CHECK_FALSE(got.at(id).current.has_value());
            CHECK_FALSE(got.at(id).previous.has_value());
        } else {
            CHECK(got.at(id).current == generic.at(id).current);
            CHECK(got.at(id).previous == generic.at(id).previous);
        }
    }
}

void check_kpi(const std::map<std::string, KpiPair>& kpis, const std::string& id, double current, double previous) {
    INFO("KPI " << id);
    REQUIRE(kpis.at(id).current.has_value());
    REQUIRE(kpis.at(id).previous.has_value());
    CHECK(*kpis.at(id).current == Approx(current));
    CHECK(*kpis.at(id).previous == Approx(previous));
}

std::string to_encoding(const char* encoding, const std::string& utf8) {
    Iconv conv(encoding, "UTF-8");
    std::string out;
    REQUIRE(conv.convert(utf8, out));
    return out;
}

std::string replace_all(std::string text, char from, char to) {
    for (auto& c : text)
        if (c == from) c = to;
    return text;
}

}  // namespace

TEST_CASE("preset names: generic, zendesk, freshdesk, anything else is a usage error", "[presets]") {
    CHECK(preset_for("generic", SourceKind::tickets).columns.empty());
    CHECK(preset_for("Zendesk", SourceKind::tickets).name == "zendesk");
    CHECK(preset_for("freshdesk", SourceKind::tickets).name == "freshdesk");
    // No survey mapping yet: a Zendesk surveys export is read by the canonical names.
    CHECK(preset_for("zendesk", SourceKind::surveys).columns.empty());
    CHECK_THROWS_AS(preset_for("servicenow", SourceKind::tickets), UsageError);
    CHECK_THROWS_WITH(preset_for("servicenow", SourceKind::tickets),
                      "unknown preset 'servicenow' (use generic, zendesk or freshdesk)");
}

TEST_CASE("durations: numbers in the column's unit, or hours:minutes[:seconds]", "[presets]") {
    CHECK(parse_duration_ms("30", DurationUnit::minutes) == 1'800'000.0);
    CHECK(parse_duration_ms("1.5", DurationUnit::hours) == 5'400'000.0);
    CHECK(parse_duration_ms("90", DurationUnit::seconds) == 90'000.0);
    // 26 h 5 min 30 s = 93 600 + 300 + 30 = 93 930 s
    CHECK(parse_duration_ms("26:05:30", DurationUnit::hours) == 93'930'000.0);
    CHECK(parse_duration_ms("0:45", DurationUnit::minutes) == 2'700'000.0);
    CHECK(parse_duration_ms("-15", DurationUnit::minutes) == -900'000.0);
    CHECK(parse_duration_ms("-0:15:00", DurationUnit::hours) == -900'000.0);
    for (const char* bad : {"", "abc", "1:5", "1:60:00", "1:30:7", "12 min", "1:30:00:00", ":30"}) {
        INFO(bad);
        CHECK_FALSE(parse_duration_ms(bad, DurationUnit::hours).has_value());
    }
}

TEST_CASE("zendesk header: documented names bind, durations derive only missing timestamps", "[presets]") {
    const std::vector<std::string> header = {"Id", "Requester id", "Created at", "Solved at", "Priority", "Via",
                                             "First reply time in minutes within business hours",
                                             "First reply time in minutes", "Full resolution time in minutes",
                                             "Reopens"};
    const auto b = bind_header(SourceKind::tickets, header, tickets_config("zendesk"), "tickets");
    CHECK(b.column_at == std::vector<int>{tickets_col::ticket_id, tickets_col::customer_id, tickets_col::created_at,
                                          tickets_col::resolved_at, tickets_col::priority, tickets_col::channel, -1,
                                          -1, -1, tickets_col::reopens});
    // "Solved at" is there, so only the first reply is derived, and from calendar minutes.
    REQUIRE(b.derived.size() == 1);
    CHECK(b.derived[0].column == tickets_col::first_response_at);
    CHECK(b.derived[0].base_column == tickets_col::created_at);
    CHECK(b.derived[0].unit == DurationUnit::minutes);
    CHECK(b.derived_at == std::vector<int>{-1, -1, -1, -1, -1, -1, -1, 0, -1, -1});
    CHECK(b.has(tickets_col::first_response_at));
    CHECK_FALSE(b.has(tickets_col::contacts));
}

TEST_CASE("a hand mapping overrides the preset, and must name a known column", "[presets]") {
    const std::vector<std::string> header = {"Id", "Requester id", "Requester email", "Created at",
                                             "First reply time in minutes", "Reply stamp"};
    SourceConfig config = tickets_config("zendesk");
    config.column_map = {{"customer_id", "Requester email"}, {"first_response_at", "Reply stamp"}};
    const auto b = bind_header(SourceKind::tickets, header, config, "tickets");
    CHECK(b.column_at == std::vector<int>{tickets_col::ticket_id, -1, tickets_col::customer_id,
                                          tickets_col::created_at, -1, tickets_col::first_response_at});
    CHECK(b.derived.empty());

    config.column_map = {{"created", "Created at"}};
    CHECK_THROWS_AS(bind_header(SourceKind::tickets, header, config, "tickets"), UsageError);
    config.column_map.clear();
    config.value_map = {{"prio", {{"P1", "urgent"}}}};
    CHECK_THROWS_AS(bind_header(SourceKind::tickets, header, config, "tickets"), UsageError);
}

TEST_CASE("a missing required column names the preset and the header", "[presets]") {
    try {
        bind_header(SourceKind::tickets, {"Ticket ID", "Subject"}, tickets_config("freshdesk"), "tickets (t.csv)");
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) ==
              "tickets (t.csv): missing required column 'created_at' (preset freshdesk) (header has: Ticket ID, Subject)");
    }
}

TEST_CASE("zendesk rows: derived timestamps, Via spellings, bad and negative durations", "[presets]") {
    const auto source = ingest_text(
        "Id,Created at,Priority,First reply time in minutes,Via,Solved at,Full resolution time in minutes\n"
        "1,2026-03-01 10:00:00 +0800,Urgent,15,Phone call (inbound),2026-03-01 12:00:00 +0800,999\n"  // line 2
        "2,2026-03-01 10:00:00 +0800,Bogus,abc,Email,,\n"                                                // 3: priority first
        "3,2026-03-01 10:00:00 +0800,Low,abc,Carrier pigeon,,\n"                                         // 4: duration first
        "4,2026-03-01 10:00:00 +0800,Low,-5,Email,,\n"                                                   // 5
        "5,2026-03-01 10:00:00 +0800,Medium,20,Email,,\n"                                                // 6: not a Zendesk priority
        "6,2026-03-01 10:00:00 +0800,High,,Twitter,,\n",                                                 // 7: no reply yet
        tickets_config("zendesk"));
    CHECK(source.report.rows_read == 6);
    CHECK(source.report.rows_accepted == 2);
    CHECK(source.report.rejects == std::map<RejectReason, std::int64_t>{{RejectReason::bad_enum, 2},
                                                                         {RejectReason::bad_number, 1},
                                                                         {RejectReason::out_of_range, 1}});
    CHECK(reject_detail(source, 3) == "bad_enum: priority: unknown value 'Bogus'");
    CHECK(reject_detail(source, 4) ==
          "bad_number: First reply time in minutes (first_response_at): 'abc' is not a duration in minutes");
    CHECK(reject_detail(source, 5) == "out_of_range: First reply time in minutes (first_response_at): '-5' is negative");
    CHECK(reject_detail(source, 6) == "bad_enum: priority: unknown value 'Medium'");

    const auto records = records_of(source);
    REQUIRE(records.size() == 2);
    const Millis created = shanghai("2026-03-01 10:00");
    CHECK(records[0].created == created);
    CHECK(records[0].first_response == created + 15 * kMsPerMinute);
    CHECK(records[0].resolved == created + 2 * kMsPerHour);  // "Solved at" wins over the 999 minutes
    CHECK(records[0].priority == Priority::urgent);
    CHECK(records[0].channel == Channel::phone);
    CHECK(records[1].first_response == kNoTime);
    CHECK(records[1].resolved == kNoTime);
    CHECK(records[1].channel == Channel::social);
}

TEST_CASE("freshdesk rows: hours durations, Medium, Portal, zero customer interactions", "[presets]") {
    const std::string csv =
        "Ticket ID,Created time,Priority,Source,First response time (in hrs),Resolution time (in hrs),"
        "Customer interactions\n"
        "11,2026-05-02 09:00:00,Medium,Portal,1:30:00,26:05:30,0\n"
        "12,2026-05-02 09:00:00,Urgent,Feedback Widget,0.25,,3\n";
    const auto source = ingest_text(csv, tickets_config("freshdesk"));
    REQUIRE(source.report.rows_accepted == 2);
    const auto records = records_of(source);
    const Millis created = shanghai("2026-05-02 09:00");
    CHECK(records[0].priority == Priority::normal);
    CHECK(records[0].channel == Channel::web);
    CHECK(records[0].first_response == created + 90 * kMsPerMinute);
    CHECK(records[0].resolved == created + 93'930'000);  // 26:05:30
    CHECK(records[0].contacts == 1);                       // 0 interactions = the one contact that opened it
    CHECK(records[1].first_response == created + 15 * kMsPerMinute);  // 0.25 h
    CHECK(records[1].resolved == kNoTime);
    CHECK(records[1].contacts == 3);

    // A hand spelling beats the preset's.
    SourceConfig config = tickets_config("freshdesk");
    config.value_map["channel"]["Portal"] = "email";
    CHECK(records_of(ingest_text(csv, config))[0].channel == Channel::email);
}

TEST_CASE("the same tickets as generic, Zendesk and Freshdesk exports give the same KPIs", "[presets]") {
    ScratchDir dir("cskpi-presets");
    const auto generic = generic_kpis(dir);

    // Hand-computed from tests/fixtures/tickets/generic.csv (2026 | 2025):
    check_kpi(generic, "tickets.volume", 9, 7);  // T07 at 23:30 on 31 Dec is 2025 in Shanghai
    // replied: 2+15+6+240+1+30+180+4 = 478 / 8 | 30+3+45+120+20+10 = 228 / 6
    check_kpi(generic, "frt.mean_min", 59.75, 38);
    check_kpi(generic, "urgent.frt_attainment", 2.0 / 3, 0.5);  // T10 took 6 min | T07 10 min
    // overdue: T10 (6.5 h > 4), T13 and T15 unresolved, T14 (72 h > 24) of 9 | T04 unresolved, T03 (48 h > 8) of 7
    check_kpi(generic, "sla.overdue_rate", 4.0 / 9, 2.0 / 7);
    // resolved without a second contact or reopen: 5 of 7 | 4 of 6
    check_kpi(generic, "fcr.rate", 5.0 / 7, 4.0 / 6);
    check_kpi(generic, "repeat.rate", 1.0 / 9, 1.0 / 7);  // T09 after T08 (C6) | T03 after T02 (C2)
    check_kpi(generic, "complaint.rate", 2.0 / 9, 2.0 / 7);
    // (480+720+1080+240+360+2400+600)/7 = 840 s | (600+900+1200+300+1500)/5 = 900 s
    check_kpi(generic, "aht.mean_min", 14, 15);

    SECTION("zendesk: durations in minutes, +0800 offsets, Via spellings; no complaint or handle time") {
        const auto zendesk = year_end_kpis(
            dir, "zendesk", {"--tickets", (kFixtures / "zendesk.csv").string(), "--tickets-preset", "zendesk"});
        // FCR comes from Reopens alone (Zendesk has no contact count); in the fixture a
        // second contact always came with a reopen, so the rate is the same.
        require_same_ticket_kpis(zendesk, generic, {"complaint.rate", "aht.mean_min"});
    }
    SECTION("freshdesk: first response from hours, Due by Time, Source spellings; no complaint or handle time") {
        const auto freshdesk = year_end_kpis(
            dir, "freshdesk", {"--tickets", (kFixtures / "freshdesk.csv").string(), "--tickets-preset", "freshdesk"});
        // FCR comes from Customer interactions alone (no reopen count in the export).
        require_same_ticket_kpis(freshdesk, generic, {"complaint.rate", "aht.mean_min"});
    }
}

TEST_CASE("a GBK export with Chinese headers, mapped by a report definition, equals its UTF-8 twin", "[presets]") {
    ScratchDir dir("cskpi-presets");
    const std::string utf8 = test::read_file(kFixtures / "chinese_utf8.csv");
    const std::string gbk = to_encoding("GBK", utf8);
    REQUIRE(gbk != utf8);
    test::write_file(dir / "tickets_gbk.csv", gbk);

    auto definition = [&](const std::string& uri, const std::string& encoding) {
        const fs::path ini = dir / ("report-" + encoding + ".ini");
        test::write_file(ini,
                         "[report]\n"
                         "max_reject_rate = 0.1\n"
                         "\n"
                         "[tickets]\n"
                         "uri = " + uri + "\n"
                         "encoding = " + encoding + "\n"
                         "column.ticket_id = 工单号\n"
                         "column.created_at = 创建时间\n"
                         "column.first_response_at = 首次响应时间\n"
                         "column.resolved_at = 解决时间\n"
                         "column.priority = 优先级\n"
                         "column.channel = 渠道\n"
                         "column.category = 问题类别\n"
                         "column.team = 团队\n"
                         "column.agent_id = 客服工号\n"
                         "column.customer_id = 客户编号\n"
                         "column.contacts = 联系次数\n"
                         "column.reopens = 重开次数\n"
                         "column.complaint = 是否投诉\n"
                         "column.handle_time_sec = 处理时长(秒)\n"
                         "value.channel.微信 = social\n");
        return ini.string();
    };
    const auto generic = generic_kpis(dir);
    const auto from_utf8 =
        year_end_kpis(dir, "utf8", {"--config", definition((kFixtures / "chinese_utf8.csv").string(), "utf-8")});
    const auto from_gbk = year_end_kpis(dir, "gbk", {"--config", definition("tickets_gbk.csv", "gbk")});
    require_same_ticket_kpis(from_utf8, generic);
    require_same_ticket_kpis(from_gbk, generic);
    CHECK_THAT(test::source_entry(dir / "gbk.json", "tickets"), Catch::Contains("\"rows_accepted\":16"));

    SECTION("a row with bytes that are not GBK is rejected as bad_encoding, the rest still counts") {
        // 0x81 opens a two-byte GBK character; a space cannot be its second byte.
        const std::string bad_row = to_encoding("GBK", "T99,2026/06/01 10:00,,,普通,电话,账单,") + "\x81\x20" +
                                    to_encoding("GBK", "组,A1,C99,1,0,否,60\n");
        test::write_file(dir / "tickets_gbk.csv", gbk + bad_row);
        const auto with_bad_row = year_end_kpis(dir, "gbk-bad", {"--config", definition("tickets_gbk.csv", "gbk")});
        require_same_ticket_kpis(with_bad_row, generic);
        const std::string source = test::source_entry(dir / "gbk-bad.json", "tickets");
        CHECK_THAT(source, Catch::Contains("\"rows_read\":17"));
        CHECK_THAT(source, Catch::Contains("\"rows_rejected\":1"));
        CHECK_THAT(source, Catch::Contains("\"rejects\":{\"bad_encoding\":1}"));
    }
}

TEST_CASE("a UTF-16 export with a byte-order mark equals the UTF-8 one", "[presets]") {
    ScratchDir dir("cskpi-presets");
    const std::string utf16 = "\xFF\xFE" + to_encoding("UTF-16LE", test::read_file(kFixtures / "generic.csv"));
    test::write_file(dir / "tickets16.csv", utf16);
    const auto from_utf16 = year_end_kpis(
        dir, "utf16", {"--tickets", (dir / "tickets16.csv").string(), "--tickets-encoding", "utf-16"});
    require_same_ticket_kpis(from_utf16, generic_kpis(dir));
}

TEST_CASE("semicolon, tab and sniffed delimiters", "[presets]") {
    ScratchDir dir("cskpi-presets");
    const std::string csv = test::read_file(kFixtures / "generic.csv");
    REQUIRE(csv.find(';') == std::string::npos);
    test::write_file(dir / "semicolon.csv", replace_all(csv, ',', ';'));
    test::write_file(dir / "tab.csv", replace_all(csv, ',', '\t'));
    const auto generic = generic_kpis(dir);

    SECTION("--delimiter ';'") {
        require_same_ticket_kpis(
            year_end_kpis(dir, "semicolon", {"--tickets", (dir / "semicolon.csv").string(), "--delimiter", ";"}),
            generic);
    }
    SECTION("delimiter = tab in the report definition") {
        test::write_file(dir / "tab.ini", "[tickets]\nuri = tab.csv\ndelimiter = tab\n");
        require_same_ticket_kpis(year_end_kpis(dir, "tab", {"--config", (dir / "tab.ini").string()}), generic);
    }
    SECTION("--delimiter auto sniffs ';' from the header") {
        require_same_ticket_kpis(
            year_end_kpis(dir, "sniffed", {"--tickets", (dir / "semicolon.csv").string(), "--delimiter", "auto"}),
            generic);
    }
    SECTION("read with the wrong delimiter, the header has no ticket_id") {
        const auto run = test::run_cskpi({"year-end", "--year", "2026", "--tickets", (dir / "semicolon.csv").string(),
                                          "--out", (dir / "wrong").string()});
        CHECK(run.exit_code == 3);
        CHECK_THAT(run.err, Catch::Contains("missing required column 'ticket_id'"));
    }
}

TEST_CASE("an unknown preset or encoding fails as a usage error before anything is fetched", "[presets]") {
    ScratchDir dir("cskpi-presets");
    // Port 1 refuses connections: a fetch would fail with exit 3, not 2.
    const std::string uri = "http://127.0.0.1:1/tickets.csv";
    const auto preset = test::run_cskpi({"year-end", "--year", "2026", "--tickets", uri, "--tickets-preset",
                                         "servicenow", "--cache-dir", dir.path().string()});
    CHECK(preset.exit_code == 2);
    CHECK_THAT(preset.err, Catch::Contains("unknown preset 'servicenow' (use generic, zendesk or freshdesk)"));
    const auto encoding = test::run_cskpi({"year-end", "--year", "2026", "--tickets", uri, "--tickets-encoding",
                                           "latin9", "--cache-dir", dir.path().string()});
    CHECK(encoding.exit_code == 2);
    CHECK_THAT(encoding.err, Catch::Contains("unknown encoding 'latin9'"));
}
