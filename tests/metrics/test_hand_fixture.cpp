// Every KPI of docs/contract/kpis.md on a fixture small enough to compute by hand
// (tests/fixtures/hand, time zone Asia/Shanghai = UTC+8 all year, no DST).
// Year-end 2026 with the default cut-off: as_of = 2027-01-01 00:00 +08:00;
// current = 2026, previous = 2025. Default parameters: urgent_response_min 5,
// sla_hours urgent 4 / high 8 / normal 24 / low 72, repeat window 7 days,
// short abandon < 5 s, service level <= 30 s.
//
// tickets.csv (local times; "-" = empty; line numbers with the header as line 1)
//  line id    created            reply        resolved        due_at        prio   cust tier  cont reop compl handle
//   2  1000 2024-12-28 10:00   10:30        12:00            -             normal C9   -     1    0    0     300   (2024: out of period)
//   3  1001 2025-01-02 10:00   10:20 (20m)  16:00 (6h)       -             normal C9   key   1    0    0     480
//   4  1002 2025-02-14 08:00   08:03 (3m)   10:00 (2h)       -             urgent C5   reg   2    0    0     360
//   5  1003 2025-02-20 08:00   08:15 (15m)  02-21 08:00(24h) -             urgent C6   -     3    0    1     720
//   6  1004 2025-06-01 14:00   -            -                06-10 14:00   low    -    -     -    -    0     -
//   7  1005 2025-11-03 09:00   09:40 (40m)  13:00 +0800 (4h) 11-03 12:00   high   C5   -     1    2    0     540
//   8  1006 2025-12-30 09:00   11:00 (120m) 2026-01-02 09:00 (72h) -      normal C6   pot   1    0    1     1080
//   9  2001 2026-01-05 09:00   09:10 (10m)  11:00 (2h)       -             normal C1   key   1    0    0     600
//  10  2002 2026-01-09T09:00:00+08:00 09:30 (30m) 01-10 09:00 (24h) -      high   C1   reg   2    0    1     900
//  11  2003 2026-01-16T01:00:00Z (= 09:00 local) 09:05:00+0800 (5m) 12:00 (3h) - urgent C1 - -  -    -     -
//  12  2006 2026-03-15 10:00   -            -                -             urgent C2   key   -    -    1     -     (earlier row: superseded)
//  13  2004 2026-03-10 10:00   10:08 (8m)   -                03-10 12:00   urgent C2   -     -    -    0     1200
//  14  2005 2026-03-18 10:00   -            20:00 (10h)      -             urgent C2   -     1    1    1     300
//  15  2006 2026-03-15 10:00   12:05 (125m) 03-17 10:00 (48h) -            low    C3   reg   1    0    0     1500  (later row: wins)
//  16  2099 2026-02-01 10:00   10:05        09:00 (< created: time_order)
//  17  2007 2026-12-31 10:00   10:20 (20m)  2027-01-01 00:30 (after as_of) normal -  -  1    -    0     -
//  18  2008 2026-12-31 23:57   2027-01-01 00:30 (after as_of) -  -         urgent C4   -     -    -    0     -
//  19  2009 2027-01-01 00:30   (created after as_of: out of period)
#include <catch2/catch.hpp>

#include <string>

#include "pipeline_run.hpp"

using cskpi::Summary;
using cskpi::test::exactly;
using cskpi::test::kpi;
using cskpi::test::monthly;
using cskpi::test::source;

namespace {

const Summary& hand_summary() {
    static const Summary summary = [] {
        const std::string dir = std::string(CSKPI_SOURCE_DIR) + "/tests/fixtures/hand/";
        cskpi::test::ExportFiles files;
        files.tickets = dir + "tickets.csv";
        files.surveys = dir + "surveys.csv";
        files.agents = dir + "agents.csv";
        files.calls = dir + "calls.csv";
        return cskpi::test::run_pipeline(files);
    }();
    return summary;
}

double current(const char* id) {
    const auto& v = kpi(hand_summary(), id).current;
    INFO(id << " current: " << v.unavailable_reason);
    REQUIRE(v.value);
    return *v.value;
}

double previous(const char* id) {
    const auto& v = kpi(hand_summary(), id).previous;
    INFO(id << " previous: " << v.unavailable_reason);
    REQUIRE(v.value);
    return *v.value;
}

}  // namespace

TEST_CASE("hand fixture: row accounting of every source", "[hand]") {
    const Summary& s = hand_summary();
    REQUIRE(s.report.period == "2026");
    REQUIRE(s.report.previous_period == "2025");
    CHECK(s.report.as_of == "2027-01-01T00:00:00+08:00");

    // tickets: 18 data rows; 2099 resolved before created (time_order), the first 2006
    // row is superseded by the later one (duplicate_id) -> 16 accepted. Out of period:
    // 1000 (2024) and 2009 (created 2027-01-01 00:30, after as_of) -> 2.
    const auto& t = source(s, "tickets");
    CHECK(t.rows_read == 18);
    CHECK(t.rows_accepted == 16);
    CHECK(t.rows_rejected == 2);
    CHECK(t.rejects.at(cskpi::RejectReason::time_order) == 1);
    CHECK(t.rejects.at(cskpi::RejectReason::duplicate_id) == 1);
    CHECK(t.rejects.size() == 2);
    CHECK(t.out_of_period == 2);
    // The earlier 2006 row is on line 12, 2099 on line 16 (header = line 1).
    REQUIRE(t.first_rejects.size() == 2);
    CHECK(t.first_rejects[0].line == 12);
    CHECK(t.first_rejects[0].reason == cskpi::RejectReason::duplicate_id);
    CHECK(t.first_rejects[1].line == 16);
    CHECK(t.first_rejects[1].reason == cskpi::RejectReason::time_order);

    // surveys: 14 rows; S209 has csat 6 (out_of_range) -> 13 accepted; S208 submitted
    // 2027-01-01 00:10 is out of period.
    const auto& sv = source(s, "surveys");
    CHECK(sv.rows_read == 14);
    CHECK(sv.rows_accepted == 13);
    CHECK(sv.rows_rejected == 1);
    CHECK(sv.rejects.at(cskpi::RejectReason::out_of_range) == 1);
    CHECK(sv.out_of_period == 1);

    // agents: 8 rows, all accepted; A7 left 2024-06-30 and A8 is hired 2027-01-02, so
    // neither is employed on any day of 2025..as_of -> 2 out of period.
    const auto& a = source(s, "agents");
    CHECK(a.rows_read == 8);
    CHECK(a.rows_accepted == 8);
    CHECK(a.rows_rejected == 0);
    CHECK(a.out_of_period == 2);

    // calls: 13 rows; K208 has wait_sec -1 (out_of_range) -> 12 accepted; K207 offered
    // 2027-01-01 00:05 is out of period.
    const auto& c = source(s, "calls");
    CHECK(c.rows_read == 13);
    CHECK(c.rows_accepted == 12);
    CHECK(c.rows_rejected == 1);
    CHECK(c.rejects.at(cskpi::RejectReason::out_of_range) == 1);
    CHECK(c.out_of_period == 1);
}

TEST_CASE("hand fixture: ticket volume, first response and urgent attainment", "[hand]") {
    // Volume 2026: 2001..2008 = 8 (2099 rejected, 2009 after as_of); 2025: 1001..1006 = 6.
    CHECK(current("tickets.volume") == exactly(8));
    CHECK(previous("tickets.volume") == exactly(6));
    // Growth: (8 - 6) / 6 = 0.333...
    CHECK(current("tickets.growth") == exactly(2.0 / 6.0));

    // FRT 2026: replies 10 (2001), 30 (2002), 5 (2003, +0800 reply to a Z creation),
    // 8 (2004), 125 (2006); 2005 has none, 2008's reply is after as_of, 2007 at 20.
    // Sorted 5, 8, 10, 20, 30, 125 -> mean (5+8+10+20+30+125)/6 = 198/6 = 33.0
    CHECK(current("frt.mean_min") == exactly(33.0));
    // median: h = (6-1)*0.5 = 2.5 -> 10 + 0.5*(20-10) = 15
    CHECK(current("frt.median_min") == exactly(15.0));
    // p90: h = 5*0.9 = 4.5 -> 30 + 0.5*(125-30) = 77.5
    CHECK(current("frt.p90_min") == exactly(77.5));
    // FRT 2025: 20 (1001), 3 (1002), 15 (1003), 40 (1005), 120 (1006); 1004 none.
    // Sorted 3, 15, 20, 40, 120 -> mean 198/5 = 39.6
    CHECK(previous("frt.mean_min") == exactly(39.6));
    // median: h = 4*0.5 = 2 -> 20
    CHECK(previous("frt.median_min") == exactly(20.0));
    // p90: h = 4*0.9 = 3.6 -> 40 + 0.6*(120-40) = 88
    CHECK(previous("frt.p90_min") == exactly(88.0));

    // Urgent 2026: 2003 replied in 5 min (<= 5: met), 2004 in 8 (missed), 2005 no reply
    // (missed); 2008 created 23:57 + 5 min = 00:02 > as_of: not yet eligible -> 1/3.
    CHECK(current("urgent.frt_attainment") == exactly(1.0 / 3.0));
    // Urgent 2025: 1002 in 3 min (met), 1003 in 15 (missed) -> 1/2. The superseded
    // 2006 row was urgent too and must not count.
    CHECK(previous("urgent.frt_attainment") == exactly(0.5));
}

TEST_CASE("hand fixture: resolution times and SLA", "[hand]") {
    // Resolved 2026: 2001 2 h, 2002 24 h, 2003 3 h (09:00 local = 01:00Z -> 12:00),
    // 2005 10 h, 2006 48 h; 2004 and 2008 unresolved, 2007 resolved after as_of.
    // Sorted 2, 3, 10, 24, 48 -> mean 87/5 = 17.4
    CHECK(current("resolution.mean_h") == exactly(17.4));
    // median: h = 4*0.5 = 2 -> 10
    CHECK(current("resolution.median_h") == exactly(10.0));
    // p90: h = 3.6 -> 24 + 0.6*(48-24) = 38.4
    CHECK(current("resolution.p90_h") == exactly(38.4));
    // Resolved 2025: 1001 6 h, 1002 2 h, 1003 24 h, 1005 4 h, 1006 72 h (resolved in 2026,
    // still a 2025 ticket). Sorted 2, 4, 6, 24, 72 -> mean 108/5 = 21.6
    CHECK(previous("resolution.mean_h") == exactly(21.6));
    // median: h = 2 -> 6
    CHECK(previous("resolution.median_h") == exactly(6.0));
    // p90: h = 3.6 -> 24 + 0.6*(72-24) = 52.8
    CHECK(previous("resolution.p90_h") == exactly(52.8));

    // SLA 2026 (due = due_at, else created + 4/8/24/72 h):
    //   2001 due 01-06 09:00, resolved 01-05 11:00        on time
    //   2002 high, due 01-09 17:00, resolved 01-10 09:00  overdue
    //   2003 urgent, due 13:00, resolved 12:00            on time
    //   2004 due_at 03-10 12:00, unresolved, due <= as_of overdue
    //   2005 urgent, due 14:00, resolved 20:00            overdue
    //   2006 low, due 03-18 10:00, resolved 03-17 10:00   on time
    //   2007 resolved after as_of = unresolved; due 2027-01-01 10:00 > as_of: not evaluable
    //   2008 unresolved, due 2027-01-01 03:57 > as_of     not evaluable
    // -> 3 overdue / 6 evaluable = 0.5
    CHECK(current("sla.overdue_rate") == exactly(0.5));
    // SLA 2025:
    //   1001 due 01-03 10:00, resolved 01-02 16:00        on time
    //   1002 urgent, due 12:00, resolved 10:00            on time
    //   1003 urgent, due 02-20 12:00, resolved 02-21      overdue
    //   1004 due_at 06-10 14:00, unresolved               overdue
    //   1005 due_at 12:00 (default would be 17:00), resolved 13:00   overdue
    //   1006 due 12-31 09:00, resolved 2026-01-02 09:00   overdue
    // -> 4/6 = 0.666...
    CHECK(previous("sla.overdue_rate") == exactly(4.0 / 6.0));
}

TEST_CASE("hand fixture: FCR, repeat contacts, complaints and handle time", "[hand]") {
    // FCR 2026 over resolved 2001 (1 contact, 0 reopens: hit), 2002 (2 contacts: miss),
    // 2003 (both absent: hit), 2005 (1 reopen: miss), 2006 (hit) -> 3/5 = 0.6
    CHECK(current("fcr.rate") == exactly(0.6));
    // FCR 2025: 1001 hit, 1002 (2 contacts) miss, 1003 (3) miss, 1005 (2 reopens) miss,
    // 1006 hit -> 2/5 = 0.4
    CHECK(previous("fcr.rate") == exactly(0.4));

    // Repeat 2026, tickets with a customer: 2001, 2002, 2003 (C1), 2004, 2005 (C2),
    // 2006 (C3), 2008 (C4) = 7. Repeats: 2002 (2001 four days before), 2003 (2002 exactly
    // 7 days before: 2026-01-09 01:00Z vs 2026-01-16 01:00Z, inside [created-7d, created)).
    // Not: 2005 (2004 is 8 days before; 2006 of C3 three days before is another customer),
    // 2006 (the superseded row of C2 does not count), 2001, 2004, 2008 -> 2/7
    CHECK(current("repeat.rate") == exactly(2.0 / 7.0));
    // Repeat 2025: 1001 (C9), 1002 (C5), 1003 (C6), 1005 (C5), 1006 (C6) = 5; 1004 has no
    // customer. Repeat: 1001 (C9 on 2024-12-28, before the period, 5 days before). Not:
    // 1003 (C5's 1002 six days before is another customer), 1005, 1006 -> 1/5
    CHECK(previous("repeat.rate") == exactly(0.2));

    // Complaints 2026: 2002, 2005 of 8 (2003's empty = false) -> 0.25
    CHECK(current("complaint.rate") == exactly(0.25));
    // Complaints 2025: 1003, 1006 of 6 -> 0.333...
    CHECK(previous("complaint.rate") == exactly(2.0 / 6.0));

    // AHT 2026: 600 + 900 + 1200 + 300 + 1500 = 4500 s over 5 tickets = 900 s = 15 min
    CHECK(current("aht.mean_min") == exactly(15.0));
    // AHT 2025: 480 + 360 + 720 + 540 + 1080 = 3180 s / 5 = 636 s = 10.6 min
    CHECK(previous("aht.mean_min") == exactly(10.6));
}

// surveys.csv: 2025: S101 (1001 key, csat 3, nps 5), S102 (5, 9), S103 (1, 0), S104 (4, -),
// S105 (-, 10). 2026: S201 (2001 key, 5, 10), S202 (3, 6), S203 (1001 key, 2, -),
// S204 (2006: key only in the superseded row, 4, -), S205 (-, 9), S206 (-, -),
// S207 (2001 key, 4, 7, at 2026-12-31 23:59:59); S208 after as_of; S209 rejected.
TEST_CASE("hand fixture: survey KPIs", "[hand]") {
    // Responses: 2026 S201..S207 = 7 (S206 with no score counts); 2025 S101..S105 = 5.
    CHECK(current("survey.responses") == exactly(7));
    CHECK(previous("survey.responses") == exactly(5));
    // CSAT 2026: 5, 3, 2, 4, 4 -> >= 4: 3 of 5 = 0.6
    CHECK(current("csat.rate") == exactly(0.6));
    // CSAT 2025: 3, 5, 1, 4 -> 2 of 4 = 0.5
    CHECK(previous("csat.rate") == exactly(0.5));
    // NPS 2026: 10, 6, 9, 7 -> promoters 2 (10, 9), detractors 1 (6): 100*(2-1)/4 = 25
    CHECK(current("nps.score") == exactly(25.0));
    // NPS 2025: 5, 9, 0, 10 -> promoters 2, detractors 2: 100*(2-2)/4 = 0
    CHECK(previous("nps.score") == exactly(0.0));
    // Key CSAT 2026: S201 (5), S203 (2, joined to the 2025 ticket 1001), S207 (4);
    // S204 joins 2006 whose winning row is regular -> 2 of 3
    CHECK(current("csat.key_rate") == exactly(2.0 / 3.0));
    // Key CSAT 2025: S101 (3) only -> 0 of 1 = 0 (a value, not null)
    CHECK(previous("csat.key_rate") == exactly(0.0));
}

// agents.csv: A1 hired 2020-01-01 core; A2 2021-06-01; A3 2022-03-15 left 2025-05-20 core;
// A4 hired 2025-04-01; A5 2023-01-01 left 2026-03-01 core; A6 hired 2026-02-10 left
// 2026-09-30; A7 left 2024-06-30; A8 hired 2027-01-02.
// HC on the first of the month:
//   2025-01..03: A1 A2 A3 A5 = 4; 2025-04-01, 05-01: + A4 = 5; 2025-06-01 .. 2026-02-01: 4
//   (A3 gone); 2026-03-01: A6 in, A5 not active on its left_at -> 4; .. 2026-09-01: 4;
//   2026-10-01 .. 2027-01-01: 3 (A6 gone; as_of's date 2027-01-01 caps December).
// Core HC: 2025-01-01 .. 05-01: A1 A3 A5 = 3; 2025-06-01 .. 2026-02-01: 2; 2026-03-01 on: 1.
TEST_CASE("hand fixture: staff KPIs", "[hand]") {
    // Avg HC 2025: Jan 4, Feb 4, Mar (4+5)/2 = 4.5, Apr 5, May (5+4)/2 = 4.5, Jun..Dec 4 x 7
    // -> (4+4+4.5+5+4.5+28)/12 = 50/12 = 4.1666...
    CHECK(previous("staff.avg_headcount") == exactly(50.0 / 12.0));
    // Avg HC 2026: Jan..Aug 4 x 8 = 32, Sep (4+3)/2 = 3.5, Oct..Dec 3 x 3 = 9
    // -> 44.5/12 = 3.708333...
    CHECK(current("staff.avg_headcount") == exactly(44.5 / 12.0));
    // Hires: 2025 A4; 2026 A6.  Leavers: 2025 A3; 2026 A5 (03-01) and A6 (09-30).
    CHECK(previous("staff.hires") == exactly(1));
    CHECK(current("staff.hires") == exactly(1));
    CHECK(previous("staff.leavers") == exactly(1));
    CHECK(current("staff.leavers") == exactly(2));
    // Attrition 2025: A3 leaves in May, May avg HC 4.5 -> 1/4.5 = 0.2222...
    CHECK(previous("staff.attrition_rate") == exactly(1.0 / 4.5));
    // Attrition 2026: A5 in March (avg (4+4)/2 = 4) + A6 in September (avg 3.5)
    // -> 1/4 + 1/3.5 = 0.25 + 0.285714... = 0.535714...
    CHECK(current("staff.attrition_rate") == exactly(0.25 + 1.0 / 3.5));
    // Annualized over 12 counted months: rate * 12/12 = the rate.
    CHECK(previous("staff.attrition_annualized") == exactly(1.0 / 4.5));
    CHECK(current("staff.attrition_annualized") == exactly(0.25 + 1.0 / 3.5));
    // Core attrition 2025: A3 in May, core avg (3+2)/2 = 2.5 -> 1/2.5 = 0.4
    CHECK(previous("staff.core_attrition_rate") == exactly(0.4));
    // Core attrition 2026: A5 in March, core avg (HC 03-01 = 1 + HC 04-01 = 1)/2 = 1 -> 1.0
    CHECK(current("staff.core_attrition_rate") == exactly(1.0));
}

// calls.csv: 2025: K101 answered wait 5 handle 240; K102 answered 31, 360; K103 abandon
// wait 4 (short); K104 abandon wait 5 (not short: < 5 only); K105 answered 12, 600.
// 2026: K201 answered 10, 300; K202 answered 30, 420; K203 answered 45, no handle;
// K204 abandon 3 (short); K205 abandon 60; K206 answered 20, 180 (23:59 on 12-31);
// K207 after as_of; K208 rejected.
TEST_CASE("hand fixture: call KPIs", "[hand]") {
    // Offered: 2026 K201..K206 = 6; 2025 K101..K105 = 5.
    CHECK(current("calls.offered") == exactly(6));
    CHECK(previous("calls.offered") == exactly(5));
    // Service level 2026: handled offers 6 - 1 short = 5; answered within 30 s: 10, 30, 20
    // -> 3/5 = 0.6
    CHECK(current("calls.service_level") == exactly(0.6));
    // 2025: handled offers 5 - 1 = 4; within 30 s: 5, 12 (31 is over) -> 2/4 = 0.5
    CHECK(previous("calls.service_level") == exactly(0.5));
    // Abandon 2026: K205 -> 1/5 = 0.2; 2025: K104 -> 1/4 = 0.25
    CHECK(current("calls.abandon_rate") == exactly(0.2));
    CHECK(previous("calls.abandon_rate") == exactly(0.25));
    // ASA 2026: (10+30+45+20)/4 = 26.25 s; 2025: (5+31+12)/3 = 16 s
    CHECK(current("calls.asa_sec") == exactly(26.25));
    CHECK(previous("calls.asa_sec") == exactly(16.0));
    // Call AHT 2026: (300+420+180)/3 = 300 s = 5 min (K203 has no handle_sec);
    // 2025: (240+360+600)/3 = 400 s = 6.666... min
    CHECK(current("calls.aht_min") == exactly(5.0));
    CHECK(previous("calls.aht_min") == exactly(400.0 / 60.0));
}

TEST_CASE("hand fixture: year-over-year change, change_pct and better", "[hand]") {
    const Summary& s = hand_summary();
    // FRT mean: 33 - 39.6 = -6.6; -6.6/39.6 = -0.1666...; lower is better -> better
    const auto& frt = kpi(s, "frt.mean_min");
    REQUIRE(frt.change);
    CHECK(*frt.change == exactly(-6.6));
    REQUIRE(frt.change_pct);
    CHECK(*frt.change_pct == exactly(-6.6 / 39.6));
    CHECK(frt.better == true);

    // FCR: 0.6 - 0.4 = 0.2; 0.2/0.4 = 0.5; higher is better -> better
    const auto& fcr = kpi(s, "fcr.rate");
    REQUIRE(fcr.change);
    CHECK(*fcr.change == exactly(0.2));
    REQUIRE(fcr.change_pct);
    CHECK(*fcr.change_pct == exactly(0.5));
    CHECK(fcr.better == true);

    // Resolution median: 10 - 6 = 4; 4/6 = 0.666...; higher hours -> worse
    const auto& median = kpi(s, "resolution.median_h");
    REQUIRE(median.change);
    CHECK(*median.change == exactly(4.0));
    REQUIRE(median.change_pct);
    CHECK(*median.change_pct == exactly(4.0 / 6.0));
    CHECK(median.better == false);

    // NPS: 25 - 0 = 25; previous 0 -> change_pct null; up -> better
    const auto& nps = kpi(s, "nps.score");
    REQUIRE(nps.change);
    CHECK(*nps.change == exactly(25.0));
    CHECK_FALSE(nps.change_pct);
    CHECK(nps.better == true);

    // Attrition: (0.25 + 1/3.5) - 1/4.5 = 0.313492...; change_pct 0.313492/0.2222 = 1.410714...;
    // down -> worse
    const auto& attrition = kpi(s, "staff.attrition_rate");
    REQUIRE(attrition.change);
    CHECK(*attrition.change == exactly(0.25 + 1.0 / 3.5 - 1.0 / 4.5));
    REQUIRE(attrition.change_pct);
    CHECK(*attrition.change_pct == exactly((0.25 + 1.0 / 3.5 - 1.0 / 4.5) * 4.5));
    CHECK(attrition.better == false);

    // Hires: 1 - 1 = 0, change_pct 0/1 = 0; no direction -> better null
    const auto& hires = kpi(s, "staff.hires");
    REQUIRE(hires.change);
    CHECK(*hires.change == exactly(0.0));
    REQUIRE(hires.change_pct);
    CHECK(*hires.change_pct == exactly(0.0));
    CHECK_FALSE(hires.better);
}

TEST_CASE("hand fixture: monthly series", "[hand]") {
    const Summary& s = hand_summary();
    // March 2026 tickets: 2004, 2005, 2006 -> 3
    const auto march_volume = monthly(s, "tickets.volume", "2026-03");
    REQUIRE(march_volume);
    CHECK(*march_volume == exactly(3));
    // January 2026 FRT: 10, 30, 5 -> 45/3 = 15
    const auto january_frt = monthly(s, "frt.mean_min", "2026-01");
    REQUIRE(january_frt);
    CHECK(*january_frt == exactly(15.0));
    // February 2026 has no accepted ticket (2099 was rejected): no FRT, null
    CHECK_FALSE(monthly(s, "frt.mean_min", "2026-02"));
    // December 2026 urgent: only 2008, not yet eligible at as_of -> null
    CHECK_FALSE(monthly(s, "urgent.frt_attainment", "2026-12"));
    // August 2025 calls: K103, K104 -> 2 offered; abandon K104 / (2 - 1 short) = 1.0
    const auto august_calls = monthly(s, "calls.offered", "2025-08");
    REQUIRE(august_calls);
    CHECK(*august_calls == exactly(2));
    const auto august_abandon = monthly(s, "calls.abandon_rate", "2025-08");
    REQUIRE(august_abandon);
    CHECK(*august_abandon == exactly(1.0));
    // March 2026 attrition: A5 (left 03-01) / ((4 + 4)/2) = 0.25
    const auto march_attrition = monthly(s, "staff.attrition_rate", "2026-03");
    REQUIRE(march_attrition);
    CHECK(*march_attrition == exactly(0.25));
    // September 2026 attrition: A6 / ((4 + 3)/2) = 1/3.5 = 0.285714...
    const auto september_attrition = monthly(s, "staff.attrition_rate", "2026-09");
    REQUIRE(september_attrition);
    CHECK(*september_attrition == exactly(1.0 / 3.5));
    // Every month of both years has started by as_of: 24 months in each series.
    CHECK(s.monthly.at("tickets.volume").size() == 24);
}
