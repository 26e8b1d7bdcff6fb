// The per-row rules of metrics/row_rules.hpp give the same facts and the same period sums
// evaluated on records in C++ and rendered as SQL in PostgreSQL, on rows made of the edge
// cases: absent values (NULL in SQL), times at and around as_of and the urgent window,
// calls at the short-abandon and service-level thresholds.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <vector>

#include "metrics/call_kpis.hpp"
#include "metrics/row_values.hpp"
#include "metrics/ticket_kpis.hpp"
#include "support/pg_server.hpp"
#include "warehouse/sql_expr.hpp"

namespace {

using namespace cskpi;
using cskpi::test::PgServer;

constexpr Millis kAsOf = 1'780'000'000'000;

std::string sql_time(Millis t) { return t == kNoTime ? "NULL" : std::to_string(t); }
std::string sql_count(std::int16_t c) { return c < 0 ? "NULL" : std::to_string(c); }
std::string sql_number(double v) { return present(v) ? Sql::number(v).text() : "NULL"; }

std::vector<std::vector<std::string>> rows_of(const std::string& out) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1)
            fields.push_back(line.substr(start, bar - start));
        fields.push_back(line.substr(start));
        rows.push_back(fields);
    }
    return rows;
}

// A fact as psql prints it: t/f for a condition, empty for NULL.
std::string printed(bool v) { return v ? "t" : "f"; }
bool same_number(double expected, const std::string& text) {
    if (!present(expected)) return text.empty();
    if (text.empty()) return false;
    const double v = std::stod(text);
    return std::abs(v - expected) <= 1e-12 * std::max(1.0, std::abs(expected));
}

template <class Facts, class ForEach>
void check_facts(const Facts& expected, const std::vector<std::string>& fields, std::size_t first, ForEach for_each) {
    std::size_t i = first;
    for_each(expected, [&](const char* name, const auto& value) {
        INFO(name);
        REQUIRE(i < fields.size());
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, bool>) CHECK(fields[i] == printed(value));
        else CHECK(same_number(value, fields[i]));
        ++i;
    });
}

template <class Stats, class Table>
void check_sums(const Stats& expected, const std::vector<std::string>& fields, const Table& table) {
    std::size_t i = 0;
    std::apply(
        [&](const auto&... entry) {
            auto one = [&](const auto& e) {
                INFO("column " << i);
                REQUIRE(i < fields.size());
                const double v = fields[i].empty() ? 0.0 : std::stod(fields[i]);
                CHECK(std::abs(v - double(expected.*e.target)) <= 1e-9 * std::max(1.0, std::abs(double(expected.*e.target))));
                ++i;
            };
            (one(entry), ...);
        },
        table);
}

}  // namespace

TEST_CASE("row rules give the same ticket facts and sums in C++ and in PostgreSQL", "[warehouse][rules]") {
    MetricParams params;
    params.urgent_response_min = 7;
    params.sla_hours = {2, 6.5, 24, 72};
    const Millis urgent = rules::urgent_window_ms(params);
    std::vector<TicketRecord> tickets;
    const Millis times[] = {kNoTime, kAsOf - kMsPerHour, kAsOf - 1, kAsOf, kAsOf + 1};
    const Millis created[] = {kAsOf - 3 * kMsPerDay, kAsOf - urgent, kAsOf - urgent + 1, kAsOf - 2 * kMsPerHour};
    std::uint64_t n = 0;
    for (const Millis cr : created)
        for (const Millis fr : times)
            for (const Millis rs : times) {
                for (int p = 0; p < kPriorityCount; ++p) {
                    TicketRecord t;
                    t.created = cr;
                    t.first_response = fr == kNoTime || fr >= cr ? fr : cr + (n % 3) * urgent / 2;
                    t.resolved = rs == kNoTime || rs >= cr ? rs : cr;
                    t.priority = Priority(p);
                    t.due = n % 3 == 0 ? kNoTime : cr + Millis(n % 5) * kMsPerHour;
                    t.contacts = std::int16_t(int(n % 4) - 1);
                    t.reopens = std::int16_t(int(n / 4 % 3) - 1);
                    t.customer = n % 2 ? n : 0;
                    t.complaint = n % 5 == 1;
                    t.handle_time_sec = n % 3 == 1 ? kAbsent : double(n) * 1.25;
                    tickets.push_back(t);
                    ++n;
                }
            }

    // NULL for absent values; a complaint that is not set is false or NULL alike.
    std::string insert = "CREATE TABLE t (k int, cr bigint, fr bigint, rs bigint, due bigint, prio int, contacts int, "
                         "reopens int, customer text, complaint boolean, handle float8);\nINSERT INTO t VALUES ";
    for (std::size_t k = 0; k < tickets.size(); ++k) {
        const TicketRecord& t = tickets[k];
        insert += std::string(k ? ",\n" : "") + "(" + std::to_string(k) + ", " + sql_time(t.created) + ", " +
                  sql_time(t.first_response) + ", " + sql_time(t.resolved) + ", " + sql_time(t.due) + ", " +
                  std::to_string(int(t.priority)) + ", " + sql_count(t.contacts) + ", " + sql_count(t.reopens) + ", " +
                  (t.customer ? "'C" + std::to_string(t.customer) + "'" : "NULL") + ", " +
                  (t.complaint ? "true" : (k % 2 ? "false" : "NULL")) + ", " + sql_number(t.handle_time_sec) + ")";
    }
    insert += ";\n";
    using SqlFacts = BasicTicketFacts<Sql, Sql>;
    auto each = [](auto& facts, auto&& fn) { for_each_ticket_fact(facts, fn); };
    const std::string facts = facts_select(rules::ticket_facts(SqlTicketRow{{}, kAsOf}, params), each);
    const std::string sums = sums_select(facts_as_columns<SqlFacts>(each), ticket_stat_sums<SqlFacts>());

    PgServer server;
    const auto result = server.psql(insert + "SELECT k, " + facts + " FROM t ORDER BY k;\n" + "SELECT " + sums +
                                    " FROM (SELECT " + facts + " FROM t) f;\n");
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto rows = rows_of(result.out);
    REQUIRE(rows.size() == tickets.size() + 1);
    TicketStats stats;
    for (std::size_t k = 0; k < tickets.size(); ++k) {
        INFO("ticket " << k);
        const TicketFacts expected = ticket_facts(tickets[k], params, kAsOf);
        stats.add(expected);
        REQUIRE(rows[k][0] == std::to_string(k));
        check_facts(expected, rows[k], 1, each);
    }
    check_sums(stats, rows.back(), ticket_stat_sums());
    CHECK(stats.replied > 0);
    CHECK(stats.urgent_met > 0);
    CHECK(stats.urgent_eligible > stats.urgent_met);
    CHECK(stats.fcr_hits > 0);
    CHECK(stats.sla_overdue > 0);
    CHECK(stats.sla_evaluable > stats.sla_overdue);
}

TEST_CASE("row rules give the same call facts, sums and staffing offers in C++ and in PostgreSQL", "[warehouse][rules]") {
    MetricParams params;
    params.short_abandon_sec = 8;
    params.service_level_sec = 20.5;
    std::vector<CallRecord> calls;
    for (const double wait : {0.0, 7.999, 8.0, 8.001, 20.5, 20.6, 300.0})
        for (const bool answered : {false, true})
            for (const double handle : {kAbsent, 0.0, 95.5}) calls.push_back({0, wait, handle, answered});
    std::string insert = "CREATE TABLE c (k int, answered boolean, wait float8, handle float8);\nINSERT INTO c VALUES ";
    for (std::size_t k = 0; k < calls.size(); ++k)
        insert += std::string(k ? ",\n" : "") + "(" + std::to_string(k) + ", " + (calls[k].answered ? "true" : "false") +
                  ", " + sql_number(calls[k].wait_sec) + ", " + sql_number(calls[k].handle_sec) + ")";
    insert += ";\n";
    using SqlFacts = BasicCallFacts<Sql, Sql>;
    auto each = [](auto& facts, auto&& fn) { for_each_call_fact(facts, fn); };
    const std::string facts = facts_select(rules::call_facts(SqlCallRow{}, params), each);
    const std::string sums = sums_select(facts_as_columns<SqlFacts>(each), call_stat_sums<SqlFacts>());
    const std::string offer = rules::handled_offer(SqlCallRow{}, params).text();

    PgServer server;
    const auto result = server.psql(insert + "SELECT k, " + offer + ", " + facts + " FROM c ORDER BY k;\nSELECT " + sums +
                                    " FROM (SELECT " + facts + " FROM c) f;\n");
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto rows = rows_of(result.out);
    REQUIRE(rows.size() == calls.size() + 1);
    CallStats stats;
    for (std::size_t k = 0; k < calls.size(); ++k) {
        INFO("call " << k);
        stats.add(calls[k], params);
        REQUIRE(rows[k][0] == std::to_string(k));
        CHECK(rows[k][1] == printed(rules::handled_offer(CallRowValues(calls[k]), params)));
        check_facts(rules::call_facts(CallRowValues(calls[k]), params), rows[k], 2, each);
    }
    check_sums(stats, rows.back(), call_stat_sums());
    CHECK(stats.short_abandons > 0);
    CHECK(stats.abandons > 0);
    CHECK(stats.answered_in_level > 0);
    CHECK(stats.handled > 0);
}
