// Edge cases of docs/contract/kpis.md and docs/contract/inputs.md, each on a few hand-written rows run through the
// same ingest -> aggregate -> summary path as the reports. Time zone Asia/Shanghai
// (UTC+8, no DST) unless a case says otherwise.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "metrics/percentile.hpp"
#include "metrics/ticket_kpis.hpp"
#include "pipeline_run.hpp"

using cskpi::Summary;
using cskpi::test::exactly;
using cskpi::test::ExportFiles;
using cskpi::test::kpi;
using cskpi::test::monthly;
using cskpi::test::PipelineOptions;
using cskpi::test::run_pipeline;
using cskpi::test::ScratchDir;
using cskpi::test::source;

namespace {

// A tickets export for runs that look only at the roster: one ticket per compared year.
constexpr const char* kOneTicketEachYear =
    "ticket_id,created_at\n"
    "1,2025-05-04 10:00\n"
    "2,2026-05-04 10:00\n";

}  // namespace

TEST_CASE("a KPI with an empty denominator is null with a reason, not 0", "[edges]") {
    ScratchDir dir("cskpi-edges-empty");
    // One 2026 ticket, never replied to nor resolved, without a customer_id; no ticket in
    // 2025; no complaint, contacts, reopens or handle_time_sec column; no other export.
    ExportFiles files;
    files.tickets = dir.write("tickets.csv",
                              "ticket_id,created_at,first_response_at,resolved_at,priority,customer_id\n"
                              "1,2026-05-04 10:00,,,normal,\n");
    const Summary s = run_pipeline(files);

    // Volume is a count: 1 in 2026 and a real 0 in 2025.
    REQUIRE(kpi(s, "tickets.volume").current.value);
    CHECK(*kpi(s, "tickets.volume").current.value == exactly(1));
    REQUIRE(kpi(s, "tickets.volume").previous.value);
    CHECK(*kpi(s, "tickets.volume").previous.value == exactly(0));
    // Growth = change_pct of volume = 1/|0|: no value.
    CHECK_FALSE(kpi(s, "tickets.growth").current.value);
    CHECK_FALSE(kpi(s, "tickets.growth").current.unavailable_reason.empty());

    // 0 replies -> FRT mean/median/p90 have no denominator; 0 resolved -> resolution too.
    for (const char* id : {"frt.mean_min", "frt.median_min", "frt.p90_min", "resolution.mean_h",
                           "resolution.median_h", "resolution.p90_h"}) {
        INFO(id);
        CHECK_FALSE(kpi(s, id).current.value);
        CHECK_FALSE(kpi(s, id).current.unavailable_reason.empty());
        CHECK_FALSE(kpi(s, id).previous.value);
        CHECK_FALSE(kpi(s, id).previous.unavailable_reason.empty());
    }
    // No urgent ticket -> 0 eligible -> null.
    CHECK_FALSE(kpi(s, "urgent.frt_attainment").current.value);
    CHECK_FALSE(kpi(s, "urgent.frt_attainment").current.unavailable_reason.empty());
    // The customer_id column exists but no ticket has one: 0 tickets with a customer.
    CHECK_FALSE(kpi(s, "repeat.rate").current.value);
    CHECK_FALSE(kpi(s, "repeat.rate").current.unavailable_reason.empty());
    // Missing columns / exports: null with a reason.
    for (const char* id : {"fcr.rate", "complaint.rate", "aht.mean_min", "survey.responses", "csat.rate",
                           "nps.score", "csat.key_rate", "staff.avg_headcount", "staff.attrition_rate",
                           "calls.offered", "calls.service_level", "calls.asa_sec"}) {
        INFO(id);
        CHECK_FALSE(kpi(s, id).current.value);
        CHECK_FALSE(kpi(s, id).current.unavailable_reason.empty());
    }
    // SLA 2026: normal, due 05-05 10:00 <= as_of and unresolved -> 1 overdue of 1 = 1.0;
    // 2025 has no evaluable ticket -> null, and so change is null too.
    REQUIRE(kpi(s, "sla.overdue_rate").current.value);
    CHECK(*kpi(s, "sla.overdue_rate").current.value == exactly(1.0));
    CHECK_FALSE(kpi(s, "sla.overdue_rate").previous.value);
    CHECK_FALSE(kpi(s, "sla.overdue_rate").change);
    CHECK_FALSE(kpi(s, "sla.overdue_rate").better);
}

TEST_CASE("a reply or resolution at or after as_of has not happened", "[edges]") {
    ScratchDir dir("cskpi-edges-as-of");
    // Monthly run for June 2026: as_of = 2026-07-01 00:00 +08:00.
    //  1: created 06-30 22:00, reply 23:00 (60 min)
    //  2: created 06-30 23:30, reply and resolution exactly at as_of -> neither happened
    //  3: created 06-30 20:00, reply 07-01 00:00:01 (after as_of), resolved 21:00 (1 h)
    //  4: urgent, created 23:55: 23:55 + 5 min = as_of <= as_of -> eligible; reply 23:59 (4 min)
    //  5: urgent, created 23:55:01: + 5 min is after as_of -> not yet eligible
    ExportFiles files;
    files.tickets = dir.write("tickets.csv",
                              "ticket_id,created_at,first_response_at,resolved_at,priority\n"
                              "1,2026-06-30 22:00,2026-06-30 23:00,,normal\n"
                              "2,2026-06-30 23:30,2026-07-01 00:00,2026-07-01 00:00,normal\n"
                              "3,2026-06-30 20:00,2026-07-01 00:00:01,2026-06-30 21:00,normal\n"
                              "4,2026-06-30 23:55,2026-06-30 23:59,,urgent\n"
                              "5,2026-06-30 23:55:01,,,urgent\n");
    PipelineOptions options;
    options.kind = "monthly";
    options.month = 6;
    const Summary s = run_pipeline(files, options);
    REQUIRE(s.report.period == "2026-06");
    CHECK(s.report.as_of == "2026-07-01T00:00:00+08:00");

    // Replies before as_of: 60 (1) and 4 (4) -> mean (60+4)/2 = 32
    // (counting 2's 30 min would give 94/3 = 31.33; 3's 240.02 min far more).
    REQUIRE(kpi(s, "frt.mean_min").current.value);
    CHECK(*kpi(s, "frt.mean_min").current.value == exactly(32.0));
    // Only ticket 3 is resolved: 1 h (counting 2's 0.5 h would give 0.75).
    REQUIRE(kpi(s, "resolution.mean_h").current.value);
    CHECK(*kpi(s, "resolution.mean_h").current.value == exactly(1.0));
    // Urgent: only 4 is eligible, and met -> 1/1 = 1.0 (5 counted would give 0.5).
    REQUIRE(kpi(s, "urgent.frt_attainment").current.value);
    CHECK(*kpi(s, "urgent.frt_attainment").current.value == exactly(1.0));
    // Volume 5: all created before as_of.
    REQUIRE(kpi(s, "tickets.volume").current.value);
    CHECK(*kpi(s, "tickets.volume").current.value == exactly(5));
}

TEST_CASE("a ticket of another customer within the window is not a repeat", "[edges]") {
    ScratchDir dir("cskpi-edges-repeat");
    //  1 C1 04-01 10:00  first of C1
    //  2 C2 04-03 10:00  C1's ticket two days before is another customer's: not a repeat
    //  3 C1 04-06 10:00  C1's 04-01 is 5 days before: repeat
    //  4 C2 04-11 10:00  C2's 04-03 is 8 days before (C1's 04-06 is another customer): not
    // -> 1 repeat of 4 tickets with a customer = 0.25
    ExportFiles files;
    files.tickets = dir.write("tickets.csv",
                              "ticket_id,created_at,customer_id\n"
                              "1,2026-04-01 10:00,C1\n"
                              "2,2026-04-03 10:00,C2\n"
                              "3,2026-04-06 10:00,C1\n"
                              "4,2026-04-11 10:00,C2\n");
    const Summary s = run_pipeline(files);
    REQUIRE(kpi(s, "repeat.rate").current.value);
    CHECK(*kpi(s, "repeat.rate").current.value == exactly(0.25));

    // The window is [created - 7 days, created): its start is in, created itself is out.
    const cskpi::MetricParams params;
    const cskpi::Millis created = 1'000 * cskpi::kMsPerDay;
    CHECK(cskpi::is_repeat_contact(created - 7 * cskpi::kMsPerDay, created, params));
    CHECK_FALSE(cskpi::is_repeat_contact(created - 7 * cskpi::kMsPerDay - 1, created, params));
    CHECK_FALSE(cskpi::is_repeat_contact(created, created, params));
}

TEST_CASE("a leaver on the first of a month is not active that day", "[edges]") {
    ScratchDir dir("cskpi-edges-leaver");
    // X hired 2025-01-01, left_at 2026-03-01 (not active on 03-01); Y hired 2025-01-01.
    ExportFiles files;
    files.tickets = dir.write("tickets.csv", kOneTicketEachYear);
    files.agents = dir.write("agents.csv",
                             "agent_id,hired_at,left_at\n"
                             "X,2025-01-01,2026-03-01\n"
                             "Y,2025-01-01,\n");
    const Summary s = run_pipeline(files);

    // February: HC(02-01) = 2, HC(03-01) = 1 -> 1.5; no leaver in February.
    const auto february_hc = monthly(s, "staff.avg_headcount", "2026-02");
    REQUIRE(february_hc);
    CHECK(*february_hc == exactly(1.5));
    const auto february_attrition = monthly(s, "staff.attrition_rate", "2026-02");
    REQUIRE(february_attrition);
    CHECK(*february_attrition == exactly(0.0));
    // March: HC(03-01) = 1, HC(04-01) = 1 -> 1; X leaves in March -> 1/1 = 1.0
    const auto march_hc = monthly(s, "staff.avg_headcount", "2026-03");
    REQUIRE(march_hc);
    CHECK(*march_hc == exactly(1.0));
    const auto march_attrition = monthly(s, "staff.attrition_rate", "2026-03");
    REQUIRE(march_attrition);
    CHECK(*march_attrition == exactly(1.0));
    // Year 2026: one leaver; attrition = March's 1.0 only. Avg HC: Jan 2, Feb 1.5,
    // Mar..Dec 1 x 10 -> 13.5/12 = 1.125
    REQUIRE(kpi(s, "staff.leavers").current.value);
    CHECK(*kpi(s, "staff.leavers").current.value == exactly(1));
    REQUIRE(kpi(s, "staff.attrition_rate").current.value);
    CHECK(*kpi(s, "staff.attrition_rate").current.value == exactly(1.0));
    REQUIRE(kpi(s, "staff.avg_headcount").current.value);
    CHECK(*kpi(s, "staff.avg_headcount").current.value == exactly(13.5 / 12.0));
}

TEST_CASE("PERCENTILE.INC on 1, 2 and 5 values", "[edges]") {
    using cskpi::percentile_inc;
    std::vector<double> none;
    CHECK_FALSE(percentile_inc(none, 0.5));

    // One value: h = 0 for every p -> the value.
    std::vector<double> one{7.0};
    CHECK(*percentile_inc(one, 0.5) == exactly(7.0));
    CHECK(*percentile_inc(one, 0.9) == exactly(7.0));

    // Two values 10, 20: p 0.5 -> h = 0.5 -> 10 + 0.5*10 = 15; p 0.9 -> h = 0.9 -> 19
    std::vector<double> two{20.0, 10.0};
    CHECK(*percentile_inc(two, 0.5) == exactly(15.0));
    CHECK(*percentile_inc(two, 0.9) == exactly(19.0));

    // Five values, unsorted: sorted 10, 20, 30, 40, 50.
    std::vector<double> five{50.0, 10.0, 40.0, 20.0, 30.0};
    // p 0 -> h = 0 -> 10; p 1 -> h = 4 -> 50
    CHECK(*percentile_inc(five, 0.0) == exactly(10.0));
    CHECK(*percentile_inc(five, 1.0) == exactly(50.0));
    // p 0.25 -> h = 1 -> 20
    CHECK(*percentile_inc(five, 0.25) == exactly(20.0));
    // p 0.5 -> h = 2 -> 30
    CHECK(*percentile_inc(five, 0.5) == exactly(30.0));
    // p 0.9 -> h = 3.6 -> 40 + 0.6*(50-40) = 46
    CHECK(*percentile_inc(five, 0.9) == exactly(46.0));
    // p 0.1 -> h = 0.4 -> 10 + 0.4*(20-10) = 14
    CHECK(*percentile_inc(five, 0.1) == exactly(14.0));
}

TEST_CASE("timestamps with Z, +08:00, +0800 and ' +0800' are the same instant as local time", "[edges]") {
    // 2026-01-16 09:00 in Asia/Shanghai (UTC+8) = 2026-01-16 01:00 UTC
    // = days_from_civil(2026-01-16) * 86 400 000 + 3 600 000 ms.
    const cskpi::Millis expected = cskpi::days_from_civil({2026, 1, 16}) * cskpi::kMsPerDay + cskpi::kMsPerHour;
    cskpi::ZoneClock clock("Asia/Shanghai");
    for (const char* text : {"2026-01-16 09:00", "2026-01-16T01:00:00Z", "2026-01-16 01:00Z", "2026-01-16 09:00+08:00",
                             "2026-01-16T09:00:00+0800", "2026-01-16 09:00 +0800", "2026/01/16 09:00:00.000+08:00",
                             "2026-01-15 20:00-05:00"}) {
        INFO(text);
        const auto parsed = cskpi::parse_timestamp(text);
        REQUIRE(parsed);
        CHECK(clock.instant_of(*parsed) == expected);
    }

    // Through the ingest: five tickets created at the same instant written five ways, each
    // replied at 09:10 local -> every first response is 10 min: mean 10, p90 10.
    ScratchDir dir("cskpi-edges-offsets");
    ExportFiles files;
    files.tickets = dir.write("tickets.csv",
                              "ticket_id,created_at,first_response_at\n"
                              "1,2026-01-16 09:00,2026-01-16 09:10\n"
                              "2,2026-01-16T01:00:00Z,2026-01-16 09:10\n"
                              "3,2026-01-16 09:00+08:00,2026-01-16 09:10\n"
                              "4,2026-01-16 09:00+0800,2026-01-16 09:10\n"
                              "5,2026-01-16 09:00 +0800,2026-01-16 09:10\n");
    const Summary s = run_pipeline(files);
    CHECK(source(s, "tickets").rows_accepted == 5);
    REQUIRE(kpi(s, "frt.mean_min").current.value);
    CHECK(*kpi(s, "frt.mean_min").current.value == exactly(10.0));
    REQUIRE(kpi(s, "frt.p90_min").current.value);
    CHECK(*kpi(s, "frt.p90_min").current.value == exactly(10.0));
}

TEST_CASE("a month without headcount adds nothing, a period without any headcount is null", "[edges]") {
    ScratchDir dir("cskpi-edges-headcount");
    // X hired 2026-06-15, left 2026-06-20: HC(06-01) = 0 and HC(07-01) = 0, so June's
    // average headcount is 0 although X leaves in June. Y hired 2026-08-01.
    ExportFiles files;
    files.tickets = dir.write("tickets.csv", kOneTicketEachYear);
    files.agents = dir.write("agents.csv",
                             "agent_id,hired_at,left_at\n"
                             "X,2026-06-15,2026-06-20\n"
                             "Y,2026-08-01,\n");
    const Summary s = run_pipeline(files);

    // 2026: June adds nothing (avg HC 0); July (0+1)/2 = 0.5 and Aug..Dec 1 have no
    // leavers -> attrition 0, a value. Leavers still counts X: 1.
    REQUIRE(kpi(s, "staff.attrition_rate").current.value);
    CHECK(*kpi(s, "staff.attrition_rate").current.value == exactly(0.0));
    REQUIRE(kpi(s, "staff.leavers").current.value);
    CHECK(*kpi(s, "staff.leavers").current.value == exactly(1));
    // June on its own: avg HC 0 is the only month -> no headcount at all -> null.
    CHECK_FALSE(monthly(s, "staff.attrition_rate", "2026-06"));
    // Avg HC 2026: Jan..Jun 0, Jul 0.5, Aug..Dec 1 x 5 -> 5.5/12
    REQUIRE(kpi(s, "staff.avg_headcount").current.value);
    CHECK(*kpi(s, "staff.avg_headcount").current.value == exactly(5.5 / 12.0));

    // 2025: nobody employed on any day -> no denominator at all -> null with a reason,
    // while the average headcount is a real 0.
    CHECK_FALSE(kpi(s, "staff.attrition_rate").previous.value);
    CHECK_FALSE(kpi(s, "staff.attrition_rate").previous.unavailable_reason.empty());
    CHECK_FALSE(kpi(s, "staff.attrition_annualized").previous.value);
    REQUIRE(kpi(s, "staff.avg_headcount").previous.value);
    CHECK(*kpi(s, "staff.avg_headcount").previous.value == exactly(0.0));
    // No core column -> core attrition null.
    CHECK_FALSE(kpi(s, "staff.core_attrition_rate").current.value);
    CHECK_FALSE(kpi(s, "staff.core_attrition_rate").current.unavailable_reason.empty());
}

TEST_CASE("tickets created at or after as_of are out of period", "[edges]") {
    ScratchDir dir("cskpi-edges-cutoff");
    // Year-end 2026, as_of = 2027-01-01 00:00 +08:00.
    //  1: 2026-12-31 23:59:59 local               in 2026
    //  2: 2027-01-01 00:00 local = as_of          out
    //  3: 2026-12-31T16:00:00Z = as_of            out
    //  4: 2026-12-31T15:59:59Z = 23:59:59 local   in 2026
    ExportFiles files;
    files.tickets = dir.write("tickets.csv",
                              "ticket_id,created_at\n"
                              "1,2026-12-31 23:59:59\n"
                              "2,2027-01-01 00:00\n"
                              "3,2026-12-31T16:00:00Z\n"
                              "4,2026-12-31T15:59:59Z\n");
    const Summary year_end = run_pipeline(files);
    REQUIRE(kpi(year_end, "tickets.volume").current.value);
    CHECK(*kpi(year_end, "tickets.volume").current.value == exactly(2));
    CHECK(source(year_end, "tickets").rows_accepted == 4);
    CHECK(source(year_end, "tickets").out_of_period == 2);

    // Monthly October 2026: as_of = 2026-11-01 00:00.
    //  1: 10-31 23:59 in; 2: 11-01 00:00 out; 3: 11-05 out -> volume 1, out_of_period 2
    files.tickets = dir.write("monthly.csv",
                              "ticket_id,created_at\n"
                              "1,2026-10-31 23:59\n"
                              "2,2026-11-01 00:00\n"
                              "3,2026-11-05 10:00\n");
    PipelineOptions options;
    options.kind = "monthly";
    options.month = 10;
    const Summary october = run_pipeline(files, options);
    REQUIRE(kpi(october, "tickets.volume").current.value);
    CHECK(*kpi(october, "tickets.volume").current.value == exactly(1));
    CHECK(source(october, "tickets").out_of_period == 2);
    // November has not started by as_of: no monthly value for it.
    CHECK(october.monthly.at("tickets.volume").count("2026-11") == 0);
}

TEST_CASE("a repeated id: the later row wins, the earlier is a duplicate_id reject", "[edges]") {
    ScratchDir dir("cskpi-edges-duplicates");
    //  line 2: ticket 7, urgent, complaint, reply after 30 min   (superseded by line 4)
    //  line 3: ticket 8, normal, reply after 20 min
    //  line 4: ticket 7, normal, no complaint, reply after 10 min (wins)
    //  line 5: ticket 8 again with a bad created_at: rejected as bad_timestamp, and a
    //          rejected row takes no part in duplicate detection, so line 3 stays.
    ExportFiles files;
    files.tickets = dir.write("tickets.csv",
                              "ticket_id,created_at,first_response_at,priority,complaint\n"
                              "7,2026-02-01 10:00,2026-02-01 10:30,urgent,1\n"
                              "8,2026-02-02 10:00,2026-02-02 10:20,normal,0\n"
                              "7,2026-02-01 10:00,2026-02-01 10:10,normal,0\n"
                              "8,not a time,2026-02-02 10:40,normal,1\n");
    const Summary s = run_pipeline(files);

    const auto& report = source(s, "tickets");
    CHECK(report.rows_read == 4);
    CHECK(report.rows_accepted == 2);
    CHECK(report.rows_rejected == 2);
    CHECK(report.rejects.at(cskpi::RejectReason::duplicate_id) == 1);
    CHECK(report.rejects.at(cskpi::RejectReason::bad_timestamp) == 1);
    REQUIRE(report.first_rejects.size() == 2);
    CHECK(report.first_rejects[0].line == 2);
    CHECK(report.first_rejects[0].reason == cskpi::RejectReason::duplicate_id);
    CHECK(report.first_rejects[1].line == 5);
    CHECK(report.first_rejects[1].reason == cskpi::RejectReason::bad_timestamp);

    // Volume 2 (tickets 7 and 8).
    REQUIRE(kpi(s, "tickets.volume").current.value);
    CHECK(*kpi(s, "tickets.volume").current.value == exactly(2));
    // FRT uses the winning row: (10 + 20)/2 = 15 (the earlier row would give (30+20)/2 = 25).
    REQUIRE(kpi(s, "frt.mean_min").current.value);
    CHECK(*kpi(s, "frt.mean_min").current.value == exactly(15.0));
    // No urgent ticket remains -> null; complaints 0 of 2 = 0.
    CHECK_FALSE(kpi(s, "urgent.frt_attainment").current.value);
    REQUIRE(kpi(s, "complaint.rate").current.value);
    CHECK(*kpi(s, "complaint.rate").current.value == exactly(0.0));
}
