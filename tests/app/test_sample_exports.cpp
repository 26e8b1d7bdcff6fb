#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "app/sample_exports.hpp"
#include "core/errors.hpp"

namespace fs = std::filesystem;
using cskpi::SampleOptions;
using cskpi::write_sample_exports;

namespace {

using cskpi::test::TempDir;

using Row = std::vector<std::string>;



// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<Row> parse_csv(const std::string& text) {
    std::vector<Row> rows;
    Row row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.empty());  // every row ends with a line feed
    return rows;
}

struct Table {
    Row header;
    std::vector<Row> rows;
    std::size_t column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        FAIL("no column " << name);
        return 0;
    }
};

Table read_table(const fs::path& path) {
    auto rows = parse_csv(cskpi::test::read_file(path));
    REQUIRE_FALSE(rows.empty());
    Table table{rows.front(), {}};
    table.rows.assign(rows.begin() + 1, rows.end());
    return table;
}

// Seconds since 1970 of a canonical `YYYY-MM-DD HH:MM:SS`; empty for anything else.
std::optional<std::int64_t> parse_timestamp(const std::string& text) {
    if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' ||
        text[16] != ':')
        return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const auto number = [&](std::size_t at, std::size_t len) { return std::stoi(text.substr(at, len)); };
    namespace chr = std::chrono;
    const chr::year_month_day date{chr::year{number(0, 4)}, chr::month{static_cast<unsigned>(number(5, 2))},
                                   chr::day{static_cast<unsigned>(number(8, 2))}};
    if (!date.ok()) return std::nullopt;
    const auto days = chr::sys_days{date}.time_since_epoch().count();
    return days * 86400 + number(11, 2) * 3600 + number(14, 2) * 60 + number(17, 2);
}

int hour_of(const std::string& timestamp) { return std::stoi(timestamp.substr(11, 2)); }

// One shared export of 20000 tickets for 2025..2026 (seed 42), written once per test run.
struct SampleSet {
    static constexpr std::int64_t tickets = 20000;
    TempDir dir{"cskpi-sample-test"};
    Table tickets_csv, surveys_csv, agents_csv, calls_csv;
    SampleSet() {
        SampleOptions options;
        options.out_dir = dir.path();
        options.tickets = tickets;
        options.seed = 42;
        options.year = 2026;
        write_sample_exports(options);
        tickets_csv = read_table(dir.path() / "tickets.csv");
        surveys_csv = read_table(dir.path() / "surveys.csv");
        agents_csv = read_table(dir.path() / "agents.csv");
        calls_csv = read_table(dir.path() / "calls.csv");
    }
};

const SampleSet& sample() {
    static const SampleSet set;
    return set;
}

}  // namespace

TEST_CASE("sample exports are byte-identical for the same seed and differ for another", "[sample]") {
    TempDir dir("cskpi-sample-seed");
    const auto generate = [&](const std::string& name, std::uint64_t seed) {
        SampleOptions options;
        options.out_dir = dir.path() / name;
        options.tickets = 3000;
        options.seed = seed;
        write_sample_exports(options);
    };
    generate("first", 7);
    generate("again", 7);
    generate("other", 8);
    for (const char* file : {"tickets.csv", "surveys.csv", "agents.csv", "calls.csv"}) {
        INFO(file);
        const auto first = cskpi::test::read_file(dir.path() / "first" / file);
        CHECK(first.size() > 100);
        CHECK(first == cskpi::test::read_file(dir.path() / "again" / file));
        CHECK(first != cskpi::test::read_file(dir.path() / "other" / file));
    }
    // Only the four exports: no temporary file is left beside them.
    CHECK(std::distance(fs::directory_iterator(dir.path() / "first"), fs::directory_iterator()) == 4);
}

TEST_CASE("sample exports carry exactly the canonical columns", "[sample]") {
    const auto& s = sample();
    CHECK(s.tickets_csv.header == Row{"ticket_id", "created_at", "first_response_at", "resolved_at", "due_at",
                                      "priority", "channel", "category", "team", "agent_id", "customer_id",
                                      "customer_tier", "contacts", "reopens", "complaint", "handle_time_sec"});
    CHECK(s.surveys_csv.header == Row{"survey_id", "submitted_at", "ticket_id", "csat", "nps", "comment"});
    CHECK(s.agents_csv.header == Row{"agent_id", "hired_at", "left_at", "team", "role", "core"});
    CHECK(s.calls_csv.header == Row{"call_id", "offered_at", "answered", "wait_sec", "handle_sec"});
    for (const Table* table : {&s.tickets_csv, &s.surveys_csv, &s.agents_csv, &s.calls_csv}) {
        for (const auto& row : table->rows) REQUIRE(row.size() == table->header.size());
    }
}

TEST_CASE("sample row counts follow the requested volume", "[sample]") {
    const auto& s = sample();
    // The ticket with ordinal % 2000 == 1250 is written twice: 1250, 3250, ..., 19250 = 10 repeats.
    CHECK(s.tickets_csv.rows.size() == 20000 + 10);
    std::set<std::string> ids;
    for (const auto& row : s.tickets_csv.rows) ids.insert(row[0]);
    CHECK(ids.size() == 20000);

    std::set<std::string> survey_ids;
    for (const auto& row : s.surveys_csv.rows) survey_ids.insert(row[0]);
    CHECK(survey_ids.size() > 0.18 * 20000);
    CHECK(survey_ids.size() < 0.22 * 20000);
    // Calls: exactly half the tickets, spread over the days.
    CHECK(s.calls_csv.rows.size() == 10000);
    // 20000 tickets / 730 days = 27 a day: below 30 a day, so the minimum roster of 12 seats
    // plus the successors of those who left.
    CHECK(s.agents_csv.rows.size() >= 12);
    CHECK(s.agents_csv.rows.size() < 30);
}

TEST_CASE("sample tickets peak in November, on weekdays and at 10-12 and 14-16", "[sample]") {
    const auto& s = sample();
    const auto created = s.tickets_csv.column("created_at");
    std::map<std::string, int> per_month;  // YYYY-MM
    int peak_hours = 0, counted = 0, weekday = 0, weekend = 0;
    for (const auto& row : s.tickets_csv.rows) {
        const auto at = parse_timestamp(row[created]);
        if (!at) continue;
        ++counted;
        ++per_month[row[created].substr(0, 7)];
        const int hour = hour_of(row[created]);
        if (hour == 10 || hour == 11 || hour == 14 || hour == 15) ++peak_hours;
        const auto day = std::chrono::sys_days{std::chrono::days{*at / 86400}};
        const auto wd = std::chrono::weekday{day}.c_encoding();
        (wd == 0 || wd == 6 ? weekend : weekday)++;
    }
    REQUIRE(per_month.size() == 24);
    CHECK(per_month.begin()->first == "2025-01");
    CHECK(per_month.rbegin()->first == "2026-12");
    const double monthly_mean = counted / 24.0;
    CHECK(per_month["2025-11"] > 1.25 * monthly_mean);
    CHECK(per_month["2026-11"] > 1.25 * monthly_mean);
    // The report year grows: more tickets in 2026 than in 2025.
    int year_before = 0;
    for (const auto& [month, count] : per_month)
        if (month < "2026") year_before += count;
    CHECK(counted - year_before > year_before);
    // Uniform hours would put 4/24 = 16.7 % into the four peak hours.
    CHECK(peak_hours > 0.30 * counted);
    // 2025 and 2026 have 104 weekend days each: 208 of 730 days, 522 weekdays.
    CHECK(weekend / 208.0 < 0.8 * (weekday / 522.0));
}

TEST_CASE("sample ticket times are ordered, apart from the injected faults", "[sample]") {
    const auto& s = sample();
    const auto& t = s.tickets_csv;
    const auto id = t.column("ticket_id"), created = t.column("created_at"), replied = t.column("first_response_at"),
               resolved = t.column("resolved_at");
    int bad_created = 0, resolved_before_created = 0, unresolved = 0, zero_contacts = 0;
    std::int64_t total_hours_2025 = 0, total_hours_2026 = 0;
    int resolved_2025 = 0, resolved_2026 = 0;
    for (const auto& row : t.rows) {
        if (row[t.column("contacts")] == "0") ++zero_contacts;
        const auto opened = parse_timestamp(row[created]);
        if (!opened) {
            ++bad_created;
            CHECK(std::stoi(row[id].substr(1)) % 2000 == 250);
            continue;
        }
        if (!row[replied].empty()) {
            const auto reply = parse_timestamp(row[replied]);
            REQUIRE(reply);
            CHECK(*reply >= *opened);
        }
        if (row[resolved].empty()) {
            ++unresolved;
            continue;
        }
        const auto closed = parse_timestamp(row[resolved]);
        REQUIRE(closed);
        if (*closed < *opened) {
            ++resolved_before_created;
            CHECK(std::stoi(row[id].substr(1)) % 2000 == 1750);
            continue;
        }
        if (row[created] < "2026") {
            total_hours_2025 += (*closed - *opened) / 3600;
            ++resolved_2025;
        } else {
            total_hours_2026 += (*closed - *opened) / 3600;
            ++resolved_2026;
        }
    }
    // Ordinals 250, 2250, ..., 18250 and 1750, ..., 19750 and 750, ..., 18750: ten each.
    CHECK(bad_created == 10);
    CHECK(resolved_before_created == 10);
    CHECK(zero_contacts == 10);
    CHECK(unresolved > 0);
    CHECK(unresolved < 0.05 * 20000);
    // Resolution gets faster in the report year.
    CHECK(static_cast<double>(total_hours_2026) / resolved_2026 <
          static_cast<double>(total_hours_2025) / resolved_2025);
}

TEST_CASE("sample surveys follow resolved tickets and score within range", "[sample]") {
    const auto& s = sample();
    std::map<std::string, std::int64_t> resolved_at;
    const auto& t = s.tickets_csv;
    for (const auto& row : t.rows) {
        if (const auto at = parse_timestamp(row[t.column("resolved_at")])) resolved_at[row[0]] = *at;
    }
    const auto& v = s.surveys_csv;
    std::set<std::string> ids;
    int csat_out_of_range = 0, missing_submitted = 0, quoted_comments = 0, only_one_score = 0, no_score = 0;
    for (const auto& row : v.rows) {
        ids.insert(row[v.column("survey_id")]);
        const auto& csat = row[v.column("csat")];
        const auto& nps = row[v.column("nps")];
        if (!csat.empty() && (std::stoi(csat) < 1 || std::stoi(csat) > 5)) ++csat_out_of_range;
        if (!nps.empty()) CHECK((std::stoi(nps) >= 0 && std::stoi(nps) <= 10));
        if (csat.empty() != nps.empty()) ++only_one_score;
        if (csat.empty() && nps.empty()) ++no_score;
        const auto& comment = row[v.column("comment")];
        if (comment.find_first_of(",\"") != std::string::npos) ++quoted_comments;
        const auto submitted = parse_timestamp(row[v.column("submitted_at")]);
        if (!submitted) {
            ++missing_submitted;
            CHECK(row[v.column("submitted_at")].empty());
            continue;
        }
        const auto ticket = resolved_at.find(row[v.column("ticket_id")]);
        REQUIRE(ticket != resolved_at.end());
        CHECK(*submitted > ticket->second);
    }
    // Faults sit at survey ordinals % 1500 == 250 (csat 7) and == 1250 (no submitted_at).
    const auto at_ordinal = [&](int offset) {
        return static_cast<int>((ids.size() + 1500 - offset) / 1500);
    };
    CHECK(csat_out_of_range == at_ordinal(250));
    CHECK(missing_submitted == at_ordinal(1250));
    CHECK(v.rows.size() == ids.size() + at_ordinal(750));
    CHECK(quoted_comments > 0);
    CHECK(only_one_score > 0);
    CHECK(no_score > 0);
}

TEST_CASE("sample roster and calls are consistent", "[sample]") {
    const auto& s = sample();
    const auto& a = s.agents_csv;
    int leavers = 0;
    std::set<std::string> agent_ids;
    for (const auto& row : a.rows) {
        agent_ids.insert(row[a.column("agent_id")]);
        const auto& left = row[a.column("left_at")];
        if (left.empty()) continue;
        ++leavers;
        CHECK(left > row[a.column("hired_at")]);  // ISO dates order as text
    }
    CHECK(leavers > 0);
    CHECK(agent_ids.size() == a.rows.size());
    // Every ticket's agent is on the roster.
    for (const auto& row : s.tickets_csv.rows) {
        const auto& agent = row[s.tickets_csv.column("agent_id")];
        if (!agent.empty()) REQUIRE(agent_ids.count(agent) == 1);
    }

    const auto& c = s.calls_csv;
    int short_abandons = 0, long_abandons = 0, answered = 0, answered_with_handle = 0;
    for (const auto& row : c.rows) {
        const auto& state = row[c.column("answered")];
        const int wait = std::stoi(row[c.column("wait_sec")]);
        if (state == "1") {
            ++answered;
            if (!row[c.column("handle_sec")].empty()) ++answered_with_handle;
        } else if (state == "0") {
            CHECK(row[c.column("handle_sec")].empty());
            (wait < 5 ? short_abandons : long_abandons)++;
        }
    }
    CHECK(short_abandons > 0);
    CHECK(long_abandons > short_abandons);
    CHECK(answered > 0.85 * 10000);
    CHECK(answered_with_handle > 0.95 * answered);
}

TEST_CASE("sample generation reports unusable options and output paths", "[sample]") {
    TempDir dir("cskpi-sample-errors");
    SampleOptions options;
    options.tickets = 0;
    options.out_dir = dir.path() / "none";
    CHECK_THROWS_AS(write_sample_exports(options), cskpi::UsageError);

    // A plain file where the output folder should be.
    std::ofstream(dir.path() / "blocker") << "x";
    options.tickets = 100;
    options.out_dir = dir.path() / "blocker" / "out";
    CHECK_THROWS_AS(write_sample_exports(options), cskpi::OutputError);
}
