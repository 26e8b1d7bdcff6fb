// Tickets are stored packed (40 bytes) or, when a value does not fit exactly, whole: what
// is read back is always the record that was stored.
#include <catch2/catch.hpp>

#include <cstring>

#include "ingest/ingest_compare.hpp"
#include "ingest/ticket_rows.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {

TicketRecord typical() {
    TicketRecord t;
    t.created = 1767225600000;             // 2026-01-01 00:00 UTC
    t.first_response = t.created + 90500;  // 1 min 30.5 s later
    t.resolved = t.created + 3 * 3600000;
    t.due = t.created + 8 * 3600000;
    t.handle_time_sec = 194.25;
    t.customer = id_key("C2201492");
    t.team = 0x8000abcdu;
    t.contacts = 2;
    t.reopens = 0;
    t.priority = Priority::high;
    t.channel = Channel::social;
    t.tier = Tier::key;
    t.complaint = true;
    t.agent = 7;
    return t;
}

// Returns whether `t` was stored packed.
bool check_round_trip(const TicketRecord& t) {
    TicketRows rows;
    rows.push_back(typical());
    rows.push_back(t);
    rows.push_back(typical());
    REQUIRE(rows.size() == 3);
    CHECK(same_record(rows[1], t));
    CHECK(rows[1].agent == t.agent);
    CHECK(rows.agent(1) == t.agent);
    CHECK(rows.customer(1) == t.customer);
    CHECK(rows.tier(1) == t.tier);
    CHECK(same_record(rows[0], typical()));
    CHECK(same_record(rows[2], typical()));
    CHECK(rows.packed(0));
    CHECK(rows.packed(2));
    return rows.packed(1);
}

TicketRecord whole_seconds() {  // what exports with second-resolution timestamps give
    TicketRecord t = typical();
    t.first_response = t.created + 90000;
    return t;
}

}  // namespace

TEST_CASE("a typical ticket packs and reads back exactly", "[ticket_rows]") {
    CHECK(check_round_trip(typical()));
    CHECK(check_round_trip(whole_seconds()));
    TicketRecord absent = typical();  // every optional value absent
    absent.first_response = absent.resolved = absent.due = kNoTime;
    absent.handle_time_sec = kAbsent;
    absent.customer = 0;
    absent.team = 0;
    absent.contacts = absent.reopens = -1;
    absent.tier = Tier::none;
    absent.complaint = false;
    absent.agent = 0;
    CHECK(check_round_trip(absent));
}

TEST_CASE("values that do not pack are kept whole and read back exactly", "[ticket_rows]") {
    TicketRecord t = typical();
    SECTION("a resolution 30 days after creation") { t.resolved = t.created + 30LL * 86400000; }
    SECTION("a reply more than 24.8 days before creation, to the millisecond") {
        t.first_response = t.created - 25LL * 86400000 - 500;
    }
    SECTION("a due time a year away") { t.due = t.created + 365LL * 86400000; }
    SECTION("a handle time with four decimals") { t.handle_time_sec = 12.3456; }
    SECTION("a handle time of a month") { t.handle_time_sec = 30.0 * 86400; }
    SECTION("a negative zero handle time") { t.handle_time_sec = -0.0; }
    SECTION("63 contacts") { t.contacts = 63; }
    SECTION("32767 reopens") { t.reopens = 32767; }
    SECTION("a creation time in the year 2400") { t.created = 13569465600000; }
    SECTION("a creation time before 1700") { t.created = -8835984000000; }
    SECTION("an agent index beyond 24 bits") { t.agent = 1u << 24; }
    CHECK_FALSE(check_round_trip(t));
}

TEST_CASE("offsets in whole seconds stay packed far beyond 24.8 days", "[ticket_rows]") {
    // ±2^31 - 1 ms is ±24.8 days; ±2^31 - 1 s is ±68 years. INT32_MIN marks an absent time.
    const Millis s = 1000;
    for (Millis offset : {Millis(30) * 86400 * s, 2147483647 * s, -2147483647 * s, 2147483 * s, 2147484 * s}) {
        TicketRecord t = whole_seconds();
        t.resolved = t.created + offset;
        INFO("resolved offset " << offset);
        CHECK(check_round_trip(t));
    }
    for (Millis offset : {2147483648 * s, -2147483648 * s, Millis(30) * 86400 * s + 1}) {
        TicketRecord t = whole_seconds();
        t.resolved = t.created + offset;
        INFO("resolved offset " << offset);
        CHECK_FALSE(check_round_trip(t));
    }
    TicketRecord t = whole_seconds();  // every time far off, each whole seconds
    t.first_response = t.created + Millis(40) * 86400 * s;
    t.resolved = t.created + Millis(400) * 86400 * s;
    t.due = t.created - Millis(50) * 86400 * s;
    CHECK(check_round_trip(t));
    t.first_response = t.created + 1;  // one offset sub-second: milliseconds cannot reach the others
    CHECK_FALSE(check_round_trip(t));
    t.resolved = t.due = kNoTime;  // ... unless the far ones are absent
    CHECK(check_round_trip(t));
}

TEST_CASE("the last value that packs and the first that does not read back alike", "[ticket_rows]") {
    for (Millis offset : {Millis(2147483647), Millis(2147483648), Millis(-2147483647), Millis(-2147483648)}) {
        TicketRecord t = typical();
        t.resolved = t.created + offset;
        INFO("offset " << offset);
        check_round_trip(t);
    }
    for (std::int16_t n : {std::int16_t(61), std::int16_t(62), std::int16_t(63)}) {
        TicketRecord t = typical();
        t.contacts = n;
        t.reopens = n;
        INFO("count " << n);
        check_round_trip(t);
    }
    for (double seconds : {0.001, 0.1, 2147483.647, 2147483.648, 1e-4, 0.0, 194.0, 2147483.0, 2147484.0, 1e-300,
                           194.0 + 1e-12}) {
        TicketRecord t = typical();
        t.handle_time_sec = seconds;
        INFO("handle " << seconds);
        check_round_trip(t);
    }
}

TEST_CASE("agents can be set after the push, squeezing keeps rows, packed or whole", "[ticket_rows]") {
    TicketRows rows;
    TicketRecord wide = typical();
    wide.resolved = wide.created + 40LL * 86400000;
    rows.push_back(typical());
    rows.push_back(wide);
    rows.push_back(typical());
    rows.set_agent(0, 3);
    rows.set_agent(1, 4);
    rows.set_agent(2, 1u << 24);  // no longer fits: kept whole from here on
    CHECK(rows[0].agent == 3);
    CHECK(rows[1].agent == 4);
    CHECK(rows[2].agent == 1u << 24);
    CHECK(rows.agent(2) == 1u << 24);
    move_row(rows, 1, 0);  // drop row 0, as the merge drops a superseded row
    move_row(rows, 2, 1);
    rows.resize(2);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].resolved == wide.resolved);
    CHECK(rows[0].agent == 4);
    CHECK(rows[1].agent == 1u << 24);
    std::size_t n = 0;
    for (const TicketRecord& r : rows) n += r.created == wide.created;
    CHECK(n == 2);
    TicketRows().swap(rows);
    CHECK(rows.empty());
}
