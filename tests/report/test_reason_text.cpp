// Every reason the metrics give for an unavailable KPI reads in Chinese in a zh-CN workbook.
#include <catch2/catch.hpp>

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
