// id_key: equal ids give equal keys, and the exact shapes (digits; letters then digits)
// never give one key to two ids, whatever their leading zeros, case or length.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "ingest_helpers.hpp"
#include "ingest/records.hpp"

namespace {

unsigned shape(std::uint64_t key) { return unsigned(key >> 62); }  // 1 digits, 3 letters + digits, 2 hashed

}  // namespace

TEST_CASE("id_key tells every id of the exact shapes apart", "[keys]") {
    const std::vector<std::string> ids = {
        "1",          "7",           "10",          "0",          "T1",          "T01",        "T001",
        "t1",         "TA1",         "T10",         "A1",         "AB12",        "ABCD1",      "ABCD0000000001",
        "ABCD9999999999", "T00000001", "T00000002", "T10000000", "CALL00000001", "CALL1",    "Call00000001",
        "zz99",       "Z99",         "ZZ9",         "T0",         "T00",         "A0000000000", "a0000000000"};
    std::set<std::uint64_t> keys;
    for (const auto& id : ids) {
        INFO(id);
        const std::uint64_t key = cskpi::id_key(id);
        CHECK(key != 0);
        CHECK(key == cskpi::id_key(std::string(id)));
        CHECK(keys.insert(key).second);
    }
    CHECK(shape(cskpi::id_key("12345")) == 1);
    CHECK(shape(cskpi::id_key("T00000123")) == 3);
    CHECK(shape(cskpi::id_key("CALL0000000001")) == 3);
}

TEST_CASE("id_key hashes what is not one of the exact shapes", "[keys]") {
    for (const char* id : {"007", "ABCDE1", "T12345678901", "T", "1T", "T1a", "T-1", "GD20260101000123", "工单1",
                           "T 1", ""}) {
        INFO(id);
        CHECK(shape(cskpi::id_key(id)) == 2);
    }
}

TEST_CASE("sequential ids of one shape fall in a range as narrow as their count", "[keys]") {
    // What the duplicate search's bitmap path relies on.
    CHECK(cskpi::id_key("T00000999") - cskpi::id_key("T00000001") == 998);
    CHECK(cskpi::id_key("CALL00001000") - cskpi::id_key("CALL00000001") == 999);
    CHECK(cskpi::id_key("5000") - cskpi::id_key("1") == 4999);
}

TEST_CASE("teams named like numbers or numbered ids keep a key each", "[keys][ingest]") {
    // A team's key is 32 bits of its id key; it takes them from a hash of all 64 bits, so
    // "1" and "2" (or "T1" and "T2"), whose id keys differ only in their low bits, stay apart.
    std::string csv = "ticket_id,created_at,priority,channel,team\n";
    const std::vector<std::string> teams = {"1", "2", "T1", "T2", "Billing", "Sales Desk"};
    for (std::size_t i = 0; i < teams.size(); ++i)
        csv += std::to_string(i + 1) + ",2026-03-0" + std::to_string(i + 1) + " 10:00:00,high,email," + teams[i] + "\n";
    const auto r = cskpi::test::ingest_text<cskpi::TicketRecord>(csv);
    REQUIRE(r.report.rows_accepted == std::int64_t(teams.size()));
    REQUIRE(r.team_names.size() == teams.size());
    std::set<std::string> names;
    for (const auto& [key, name] : r.team_names) names.insert(name);
    CHECK(names == std::set<std::string>(teams.begin(), teams.end()));
}

TEST_CASE("every team is named once however the blocks fall between the threads", "[keys][ingest]") {
    // A parser remembers the teams it keyed; only the block where it first keyed a team
    // records its name, and the merge joins the blocks' names. Small blocks on two threads
    // make each thread meet every team again in later blocks; two names are too long for
    // the parser's memory of short texts and are keyed (and named) on every row.
    const std::vector<std::string> teams = {"1", "Billing", "技术支持二组", "Customer Success Team", "T2"};
    std::string csv = "ticket_id,created_at,priority,channel,team\n";
    for (int i = 0; i < 3000; ++i)
        csv += std::to_string(i + 1) + ",2026-03-05 10:00:00,high,email," + teams[std::size_t(i * 7 % 5)] + "\n";
    cskpi::IngestOptions options;
    options.block_bytes = 1024;
    options.threads = GENERATE(1u, 2u);
    const auto r = cskpi::test::ingest_text<cskpi::TicketRecord>(csv, {}, options);
    REQUIRE(r.report.rows_accepted == 3000);
    REQUIRE(r.chunks.size() > 20);  // many blocks, so teams recur across them
    std::set<std::string> names;
    for (const auto& [key, name] : r.team_names) names.insert(name);
    CHECK(r.team_names.size() == teams.size());
    CHECK(names == std::set<std::string>(teams.begin(), teams.end()));
    std::set<std::uint32_t> keys_in_rows;
    for (const auto& chunk : r.chunks)
        for (const auto& t : chunk) keys_in_rows.insert(t.team);
    for (const std::uint32_t key : keys_in_rows) CHECK(r.team_names.count(key) == 1);
}
