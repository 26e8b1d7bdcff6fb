// Zendesk and Freshdesk exports as the help desks write them, every documented value
// included, read with nothing but the preset: every ticket accepted, the same KPIs as the
// same tickets in the generic format, and (Zendesk) CSAT from the ticket's own rating.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "../support/cskpi_cli.hpp"
#include "core/timestamp.hpp"
#include "ingest/ingest.hpp"
#include "ingest/presets.hpp"

namespace fs = std::filesystem;
using namespace cskpi;
using cskpi::test::KpiPair;
using cskpi::test::ScratchDir;

namespace {

// Zendesk's Via values (docs/presets.md cites the pages) and the canonical channel.
const std::vector<std::pair<std::string, std::string>> kZendeskVia = {
    {"Web form", "web"},
    {"Web Widget", "web"},
    {"Answer Bot for Web Widget", "web"},
    {"Mobile SDK", "web"},
    {"Email", "email"},
    {"Mail", "email"},
    {"Chat", "chat"},
    {"Chat transcript", "chat"},
    {"Messaging", "chat"},
    {"Native messaging", "chat"},
    {"Text", "chat"},
    {"WhatsApp", "chat"},
    {"LINE", "chat"},
    {"WeChat", "chat"},
    {"Apple Messages for Business", "chat"},
    {"Google RCS", "chat"},
    {"MessageBird SMS", "chat"},
    {"Twilio SMS", "chat"},
    {"Telegram", "chat"},
    {"KakaoTalk", "chat"},
    {"Viber", "chat"},
    {"Phone call (incoming)", "phone"},
    {"Phone call (outgoing)", "phone"},
    {"Phone call (inbound)", "phone"},
    {"Phone call (outbound)", "phone"},
    {"Voicemail", "phone"},
    {"Twitter", "social"},
    {"Twitter DM", "social"},
    {"X Corp", "social"},
    {"X Corp DM", "social"},
    {"Facebook", "social"},
    {"Facebook Post", "social"},
    {"Facebook Messenger", "social"},
    {"Instagram Direct", "social"},
    {"Web service (API)", "other"},
    {"API", "other"},
    {"Closed ticket", "other"},
    {"Ticket sharing", "other"},
    {"Sample ticket", "other"},
    {"phone call (INCOMING)", "phone"},  // spellings match case-insensitively
    {"Carrier pigeon", "other"},         // a label Zendesk adds later: the catch-all
    {"", ""},                            // blank: absent, which is other
};

// Freshdesk's Source values (API v2 "Tickets" and the export's words).
const std::vector<std::pair<std::string, std::string>> kFreshdeskSource = {
    {"Email", "email"},   {"Portal", "web"},          {"Phone", "phone"},        {"Chat", "chat"},
    {"Forum", "social"},  {"Twitter", "social"},      {"Facebook", "social"},    {"Mobihelp", "web"},
    {"Feedback Widget", "web"}, {"Outbound Email", "email"}, {"Ecommerce", "other"}, {"WhatsApp", "chat"},
    {"Carrier pigeon", "other"}, {"", ""},
};

const std::vector<std::pair<std::string, std::string>> kZendeskPriority = {
    {"Urgent", "urgent"}, {"High", "high"}, {"Normal", "normal"}, {"Low", "low"}, {"", ""}};
const std::vector<std::pair<std::string, std::string>> kFreshdeskPriority = {
    {"Urgent", "urgent"}, {"High", "high"}, {"Medium", "normal"}, {"Low", "low"}, {"", ""}};

// Zendesk's Satisfaction Score values: Good = 5, Bad = 1, the rest is not a response.
const std::vector<std::pair<std::string, int>> kRatings = {
    {"Good", 5}, {"Bad", 1}, {"Offered", -1}, {"Not Offered", -1}, {"Unoffered", -1},
    {"", -1},    {"Good", 5}, {"bad", 1},     {"Good", 5},
};

// Wall-clock minutes since 1970 in +08:00, written as the exports write them.
std::string stamp(std::int64_t minutes) {
    const CivilDate d = civil_from_days(minutes / (24 * 60));
    const int hm = int(minutes % (24 * 60));
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:00 +0800", d.year, d.month, d.day, hm / 60, hm % 60);
    return buf;
}

std::string csv_field(const std::string& s) {
    return s.find_first_of(",\"") == std::string::npos ? s : "\"" + s + "\"";
}

struct Ticket {
    std::string id;
    std::int64_t created = 0;     // minutes
    std::int64_t reply = -1;      // minutes after created, -1 = none
    std::int64_t resolve = -1;    // minutes after created, -1 = unresolved
    std::int64_t updated = 0;
    std::size_t channel = 0, priority = 0, rating = 0;
    int reopens = 0;
    int customer = 0;
    std::string team;
};

// Each channel value in each year, with priorities, replies, resolutions and ratings mixed.
std::vector<Ticket> make_tickets(std::size_t channels) {
    std::vector<Ticket> tickets;
    for (int year : {2025, 2026})
        for (std::size_t i = 0; i < channels; ++i) {
            Ticket t;
            const std::size_t n = tickets.size();
            t.id = std::to_string(100000 + n);
            const CivilDate day{year, int(i % 12) + 1, int(i % 28) + 1};
            t.created = days_from_civil(day) * 24 * 60 + 9 * 60 + std::int64_t(n % 5) * 37;
            if (n % 7 != 3) t.reply = 3 + std::int64_t(n * 11 % 240);
            if (n % 4 != 3) t.resolve = std::max<std::int64_t>(t.reply, 0) + 30 + std::int64_t(n * 53 % 4000);
            t.updated = t.created + 3 * 24 * 60 + 15;
            t.channel = i;
            t.priority = n % 5;
            t.rating = n % kRatings.size();
            t.reopens = n % 6 == 0 ? 1 : 0;
            t.customer = 7000 + int(n % 13);
            t.team = n % 2 ? "Billing Team" : "Tech Support";
            tickets.push_back(t);
        }
    return tickets;
}

std::string generic_tickets(const std::vector<Ticket>& tickets,
                            const std::vector<std::pair<std::string, std::string>>& channels,
                            const std::vector<std::pair<std::string, std::string>>& priorities, bool contacts) {
    std::string csv = "ticket_id,created_at,first_response_at,resolved_at,priority,channel,team,customer_id,";
    csv += contacts ? "contacts\n" : "reopens\n";
    for (const auto& t : tickets)
        csv += t.id + "," + stamp(t.created) + "," + (t.reply >= 0 ? stamp(t.created + t.reply) : "") + "," +
               (t.resolve >= 0 ? stamp(t.created + t.resolve) : "") + "," + priorities[t.priority].second + "," +
               channels[t.channel].second + "," + t.team + "," + std::to_string(t.customer) + "," +
               (contacts ? std::to_string(1 + t.reopens) : std::to_string(t.reopens)) + "\n";
    return csv;
}

// The survey each rated ticket stands for: dated at the solve, else at the last update.
std::string generic_surveys(const std::vector<Ticket>& tickets) {
    std::string csv = "survey_id,submitted_at,ticket_id,csat\n";
    for (const auto& t : tickets) {
        const int csat = kRatings[t.rating].second;
        if (csat < 0) continue;
        csv += "S" + t.id + "," + stamp(t.resolve >= 0 ? t.created + t.resolve : t.updated) + "," + t.id + "," +
               std::to_string(csat) + "\n";
    }
    return csv;
}

// Zendesk Support's CSV export column set (docs/presets.md), in its order.
std::string zendesk_tickets(const std::vector<Ticket>& tickets) {
    std::string csv =
        "Summation column,Id,Requester,Requester id,Requester external id,Requester email,Requester domain,"
        "Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Assigned at,"
        "Organization,Due date,Initially assigned at,Solved at,Resolution time,Satisfaction Score,Group stations,"
        "Assignee stations,Reopens,Replies,First reply time in minutes,"
        "First reply time in minutes within business hours,First resolution time in minutes,"
        "First resolution time in minutes within business hours,Full resolution time in minutes,"
        "Full resolution time in minutes within business hours\n";
    for (const auto& t : tickets) {
        const bool solved = t.resolve >= 0;
        csv += "1," + t.id + ",Customer " + std::to_string(t.customer) + "," + std::to_string(t.customer) + ",,c" +
               std::to_string(t.customer) + "@example.com,example.com,Agent 1,Agent 2," + t.team +
               ",\"Order, question\",vip," + (solved ? "Solved" : "Open") + "," + kZendeskPriority[t.priority].first +
               "," + csv_field(kZendeskVia[t.channel].first) + ",Question," + stamp(t.created) + "," +
               stamp(t.updated) + "," + stamp(t.created) + ",,," + stamp(t.created) + "," +
               (solved ? stamp(t.created + t.resolve) : "") + "," + (solved ? std::to_string(t.resolve / 60) : "") +
               "," + kRatings[t.rating].first + ",1,1," + std::to_string(t.reopens) + ",2," +
               (t.reply >= 0 ? std::to_string(t.reply) : "") + ",0," + (solved ? std::to_string(t.resolve) : "") +
               ",0," + (solved ? std::to_string(t.resolve) : "") + ",0\n";
    }
    return csv;
}

std::string freshdesk_tickets(const std::vector<Ticket>& tickets) {
    std::string csv =
        "Ticket ID,Subject,Description,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,"
        "Resolved time,Closed time,Last update time,Initial response time,Time tracked,First response time (in hrs),"
        "Resolution time (in hrs),Agent interactions,Customer interactions,Resolution status,"
        "First response status,Tags,Survey results,Product,Contact ID,Full name,Email\n";
    for (const auto& t : tickets) {
        const bool resolved = t.resolve >= 0;
        // A due date far away: the generic twin has none, so no ticket may be overdue by it.
        csv += t.id + ",Help,Text," + (resolved ? "Resolved" : "Open") + "," + kFreshdeskPriority[t.priority].first +
               "," + kFreshdeskSource[t.channel].first + ",Question,Agent 1," + t.team + "," + stamp(t.created) +
               ",," + (resolved ? stamp(t.created + t.resolve) : "") + ",," + stamp(t.updated) + "," +
               (t.reply >= 0 ? stamp(t.created + t.reply) : "") + ",00:00,,,1," + std::to_string(1 + t.reopens) +
               ",,,,,," + std::to_string(t.customer) + ",Customer,c@example.com\n";
    }
    return csv;
}

std::map<std::string, KpiPair> run_year_end(const ScratchDir& dir, const std::string& name,
                                            const std::vector<std::string>& extra, std::string* err = nullptr) {
    std::vector<std::string> args = {"year-end", "--year", "2026", "--timezone", "Asia/Shanghai",
                                     "--summary-json", (dir / (name + ".json")).string(),
                                     "--out", (dir / name).string(), "--max-reject-rate", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = test::run_cskpi(args);
    INFO(name << " stderr: " << run.err);
    REQUIRE(run.exit_code == 0);
    if (err) *err = run.err;
    return test::read_kpis(dir / (name + ".json"));
}

TicketSource read_tickets(const fs::path& file, const std::string& preset) {
    SourceConfig config;
    config.name = "tickets";
    config.preset = preset;
    IngestOptions options;
    options.timezone = "Asia/Shanghai";
    options.threads = 1;
    return ingest_source<TicketRecord>(config, LocalSource{file, file.string()}, options);
}

// Ticket by ticket, the vendor export reads as its generic twin: channel and priority too,
// which no headline KPI shows.
void require_same_records(const fs::path& vendor, const std::string& preset, const fs::path& generic) {
    const auto a = read_tickets(vendor, preset);
    const auto b = read_tickets(generic, "generic");
    std::vector<TicketRecord> ra, rb;
    a.for_each([&](const TicketRecord& r) { ra.push_back(r); });
    b.for_each([&](const TicketRecord& r) { rb.push_back(r); });
    REQUIRE(ra.size() == rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
        INFO("ticket " << i);
        CHECK(ra[i].created == rb[i].created);
        CHECK(ra[i].first_response == rb[i].first_response);
        CHECK(ra[i].resolved == rb[i].resolved);
        CHECK(to_string(ra[i].channel) == to_string(rb[i].channel));
        CHECK(to_string(ra[i].priority) == to_string(rb[i].priority));
        CHECK(ra[i].customer == rb[i].customer);
    }
}

void require_same_kpis(const std::map<std::string, KpiPair>& got, const std::map<std::string, KpiPair>& want) {
    REQUIRE(got.size() == want.size());
    for (const auto& [id, pair] : want) {
        INFO("KPI " << id);
        REQUIRE(got.count(id) == 1);
        if (pair.current) CHECK(got.at(id).current == Approx(*pair.current));
        else CHECK_FALSE(got.at(id).current.has_value());
        if (pair.previous) CHECK(got.at(id).previous == Approx(*pair.previous));
        else CHECK_FALSE(got.at(id).previous.has_value());
    }
}

}  // namespace

TEST_CASE("the test's Zendesk and Freshdesk values cover every spelling of the presets", "[presets][vendor]") {
    auto covered = [](const std::vector<std::pair<std::string, std::string>>& values, std::string_view spelling) {
        return std::any_of(values.begin(), values.end(), [&](const auto& v) { return v.first == spelling; });
    };
    for (const auto& s : preset_for("zendesk", SourceKind::tickets).spellings) {
        INFO(s.spelling);
        CHECK(covered(s.column == tickets_col::channel ? kZendeskVia : kZendeskPriority, s.spelling));
    }
    for (const auto& s : preset_for("freshdesk", SourceKind::tickets).spellings) {
        if (s.column == tickets_col::contacts) continue;
        INFO(s.spelling);
        CHECK(covered(s.column == tickets_col::channel ? kFreshdeskSource : kFreshdeskPriority, s.spelling));
    }
}

TEST_CASE("a Zendesk export with every Via label, blank priorities and satisfaction scores runs with the preset alone",
          "[presets][vendor]") {
    ScratchDir dir("cskpi-vendor");
    const auto tickets = make_tickets(kZendeskVia.size());
    test::write_file(dir / "zendesk.csv", zendesk_tickets(tickets));
    test::write_file(dir / "generic.csv", generic_tickets(tickets, kZendeskVia, kZendeskPriority, false));
    test::write_file(dir / "surveys.csv", generic_surveys(tickets));

    std::string err;
    const auto zendesk = run_year_end(
        dir, "zendesk", {"--tickets", (dir / "zendesk.csv").string(), "--tickets-preset", "zendesk"}, &err);
    const auto generic = run_year_end(
        dir, "generic", {"--tickets", (dir / "generic.csv").string(), "--surveys", (dir / "surveys.csv").string()});
    require_same_kpis(zendesk, generic);
    require_same_records(dir / "zendesk.csv", "zendesk", dir / "generic.csv");

    const std::string source = test::source_entry(dir / "zendesk.json", "tickets");
    CHECK_THAT(source, Catch::Contains("\"rows_read\":" + std::to_string(tickets.size())));
    CHECK_THAT(source, Catch::Contains("\"rows_rejected\":0"));

    // csat.rate = good / (good + bad) and survey.responses = good + bad, by the date of
    // each rated ticket's solve (else its last update), counted here from the generator.
    std::int64_t good[2] = {}, rated[2] = {};
    const std::int64_t start_2026 = days_from_civil({2026, 1, 1}) * 24 * 60;
    for (const auto& t : tickets) {
        const int csat = kRatings[t.rating].second;
        if (csat < 0) continue;
        const std::int64_t at = t.resolve >= 0 ? t.created + t.resolve : t.updated;
        const int y = at >= start_2026 ? 1 : 0;
        ++rated[y];
        good[y] += csat == 5;
    }
    REQUIRE(rated[0] > 0);
    REQUIRE(rated[1] > 0);
    REQUIRE(good[1] < rated[1]);
    REQUIRE(zendesk.at("survey.responses").current);
    CHECK(*zendesk.at("survey.responses").current == double(rated[1]));
    CHECK(*zendesk.at("survey.responses").previous == double(rated[0]));
    CHECK(*zendesk.at("csat.rate").current == Approx(double(good[1]) / double(rated[1])));
    CHECK(*zendesk.at("csat.rate").previous == Approx(double(good[0]) / double(rated[0])));
    // No NPS in a Zendesk rating.
    CHECK_FALSE(zendesk.at("nps.score").current.has_value());

    // The surveys source names where the responses came from.
    const std::string surveys = test::source_entry(dir / "zendesk.json", "surveys");
    CHECK_THAT(surveys, Catch::Contains("Satisfaction Score"));
    CHECK_THAT(surveys, Catch::Contains("\"rows_accepted\":" + std::to_string(rated[0] + rated[1])));

    SECTION("a surveys export, when given, is the only source of survey KPIs") {
        test::write_file(dir / "one_survey.csv", "survey_id,submitted_at,csat\nX1,2026-03-01 10:00,2\n");
        const auto with_surveys =
            run_year_end(dir, "with-surveys",
                         {"--tickets", (dir / "zendesk.csv").string(), "--tickets-preset", "zendesk", "--surveys",
                          (dir / "one_survey.csv").string()});
        CHECK(*with_surveys.at("survey.responses").current == 1);
        CHECK(*with_surveys.at("csat.rate").current == 0);
    }
}

TEST_CASE("a Freshdesk export with every Source and Priority value runs with the preset alone", "[presets][vendor]") {
    ScratchDir dir("cskpi-vendor");
    const auto tickets = make_tickets(kFreshdeskSource.size());
    test::write_file(dir / "freshdesk.csv", freshdesk_tickets(tickets));
    test::write_file(dir / "generic.csv", generic_tickets(tickets, kFreshdeskSource, kFreshdeskPriority, true));
    const auto freshdesk = run_year_end(
        dir, "freshdesk", {"--tickets", (dir / "freshdesk.csv").string(), "--tickets-preset", "freshdesk"});
    const auto generic = run_year_end(dir, "generic", {"--tickets", (dir / "generic.csv").string()});
    require_same_kpis(freshdesk, generic);
    require_same_records(dir / "freshdesk.csv", "freshdesk", dir / "generic.csv");
    CHECK_THAT(test::source_entry(dir / "freshdesk.json", "tickets"), Catch::Contains("\"rows_rejected\":0"));
    CHECK_FALSE(freshdesk.at("csat.rate").current.has_value());
    // The unknown Source value was read as other; the channel breakdown counts it there.
    REQUIRE(freshdesk.at("tickets.volume").current);
    CHECK(*freshdesk.at("tickets.volume").current == double(kFreshdeskSource.size()));
}
