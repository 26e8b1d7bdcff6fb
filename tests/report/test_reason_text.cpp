// Every reason the metrics give for an unavailable KPI reads in Chinese in a zh-CN workbook.
#include <catch2/catch.hpp>

#include "ingest/ingest_helpers.hpp"
#include "metrics/pipeline_run.hpp"
#include "report/i18n.hpp"

using namespace cskpi;
using namespace cskpi::test;

TEST_CASE("unavailable reasons are translated for zh-CN", "[i18n]") {
    TempDir dir;
    // Tickets only, without optional columns, and with no reply, resolution or urgent ticket:
    // most KPIs are unavailable, each with its own reason.
    const auto tickets = dir.write("tickets.csv", "ticket_id,created_at\n1,2026-03-01 10:00\n");
    const auto empty_roster = dir.write("agents.csv", "agent_id,hired_at,core\nA1,2027-06-01,yes\n");
    const auto no_scores = dir.write("surveys.csv", "survey_id,submitted_at\nS1,2026-03-01 10:00\n");
    const auto no_calls = dir.write("calls.csv", "call_id,offered_at,answered,wait_sec\nC1,2026-03-01 10:00,no,2\n");
    for (const auto& summary : {run_pipeline({tickets}), run_pipeline({tickets, no_scores, empty_roster, no_calls})}) {
        int reasons = 0;
        for (const auto& k : summary.kpis)
            for (const auto* v : {&k.current, &k.previous}) {
                if (v->value) continue;
                INFO(k.info->id << ": " << v->unavailable_reason);
                CHECK(reason_text(v->unavailable_reason, Lang::en) == v->unavailable_reason);
                CHECK(reason_text(v->unavailable_reason, Lang::zh_cn) != v->unavailable_reason);
                ++reasons;
            }
        CHECK(reasons > 20);
    }
}

TEST_CASE("reject details read in Chinese keep the column, the quoted value and the allowed range", "[i18n]") {
    // The shapes ingest/row_parser.cpp writes for out_of_range, with and without a range.
    CHECK(reject_detail_text("wait_sec: '-3' is out of range (0..86400)", Lang::zh_cn) ==
          "wait_sec：'-3' 超出允许范围（0 至 86400）");
    CHECK(reject_detail_text("contacts: '0' is out of range (at least 1)", Lang::zh_cn) ==
          "contacts：'0' 超出允许范围（至少 1）");
    CHECK(reject_detail_text("csat: '9' is out of range", Lang::zh_cn) == "csat：'9' 超出允许范围");
    CHECK(reject_detail_text("created_at: 'x' is not a timestamp", Lang::zh_cn) == "created_at：'x' 不是有效的时间");
    CHECK(reject_detail_text("wait_sec: '-3' is out of range (0..86400)", Lang::en) ==
          "wait_sec: '-3' is out of range (0..86400)");
}

TEST_CASE("every reject detail the ingest writes is translated for zh-CN", "[i18n]") {
    // One export per detail shape of ingest/row_parser.cpp and the duplicate check; a new
    // shape without a Chinese form fails here rather than reaching a workbook in English.
    const std::string tickets = "ticket_id,created_at,first_response_at,resolved_at,priority,contacts,complaint,handle_time_sec\n";
    const std::vector<std::string> ticket_rows = {
        "1,2026-01-05 09:00,,,high,1",                                 // field count
        ",2026-01-05 09:00,,,high,1,no,",                              // required field empty
        "3,05/01/2026 09:00,,,high,1,no,",                             // not a timestamp
        "4,2026-01-05 09:00,,,high,one,no,",                           // not an integer
        "5,2026-01-05 09:00,,,high,1,no,fast",                         // not a number
        "6,2026-01-05 09:00,,,critical,1,no,",                         // unknown value
        "7,2026-01-05 09:00,,,high,1,maybe,",                          // not a yes/no value
        "8,2026-01-05 09:00,,,high,0,no,",                             // out of range (at least 1)
        "9,2026-01-05 09:00,2026-01-05 08:00,,high,1,no,",             // reply before created
        "10,2026-01-05 09:00,,2026-01-05 08:00,high,1,no,",            // resolved before created
        "11,2026-01-05 09:00,,,high,1,no,\xff\xfe",                    // bytes not valid UTF-8
        "12,2026-01-05 09:00,,,high,1,no,", "12,2026-01-06 09:00,,,high,1,no,",  // duplicate id
    };
    std::string ticket_csv = tickets;
    for (const auto& row : ticket_rows) ticket_csv += row + "\n";
    std::vector<std::string> details;
    for (const auto& r : ingest_text<TicketRecord>(ticket_csv).report.first_rejects) details.push_back(r.detail);
    for (const auto& r :
         ingest_text<AgentRecord>("agent_id,hired_at,left_at\nA1,2025-13-01,\nA2,2025-05-01,2025-04-01\n").report.first_rejects)
        details.push_back(r.detail);  // not a date; left before hired
    for (const auto& r :
         ingest_text<SurveyRecord>("survey_id,submitted_at,csat,nps\nS1,2026-01-05 09:00,9,\n").report.first_rejects)
        details.push_back(r.detail);  // out of range (1..5)
    CHECK(details.size() == ticket_rows.size() - 1 + 3);
    for (const auto& detail : details) {
        INFO(detail);
        CHECK(reject_detail_text(detail, Lang::en) == detail);
        CHECK(reject_detail_text(detail, Lang::zh_cn) != detail);
    }
}
