// One test per reject reason of docs/contract/inputs.md, and the precedence between them.
#include <catch2/catch.hpp>

#include "ingest_helpers.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {
const std::string kTicketHeader = "ticket_id,created_at,first_response_at,resolved_at,priority,contacts,complaint\n";
std::string ticket(const std::string& row) { return kTicketHeader + row + "\n"; }
}  // namespace

TEST_CASE("a clean row is accepted", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,2026-01-05 09:10,2026-01-05 10:00,high,1,no")) == "");
}

TEST_CASE("reject field_count: more or fewer fields than the header", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,,high,1")) == "field_count");
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,,high,1,no,extra")) == "field_count");
}

TEST_CASE("reject missing_required: a required field is empty", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket(",2026-01-05 09:00,,,high,1,no")) == "missing_required");
    CHECK(only_reject<TicketRecord>(ticket("1,  ,,,high,1,no")) == "missing_required");
}

TEST_CASE("reject bad_timestamp", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket("1,05/01/2026 09:00,,,high,1,no")) == "bad_timestamp");
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,soon,,high,1,no")) == "bad_timestamp");
}

TEST_CASE("reject bad_date", "[reject]") {
    CHECK(only_reject<AgentRecord>("agent_id,hired_at,left_at\nA1,2025-13-01,\n") == "bad_date");
    CHECK(only_reject<AgentRecord>("agent_id,hired_at,left_at\nA1,2025-01-01,last week\n") == "bad_date");
}

TEST_CASE("reject bad_number", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,,high,one,no")) == "bad_number");
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,,high,1.5,no")) == "bad_number");
    CHECK(only_reject<CallRecord>("call_id,offered_at,answered,wait_sec\nC1,2026-01-05 09:00,1,12s\n") == "bad_number");
}

TEST_CASE("reject bad_enum: unknown enum or bool spelling", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,,critical,1,no")) == "bad_enum");
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,,high,1,maybe")) == "bad_enum");
    CHECK(only_reject<CallRecord>("call_id,offered_at,answered,wait_sec\nC1,2026-01-05 09:00,sometimes,3\n") ==
          "bad_enum");
}

TEST_CASE("reject out_of_range", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,,high,0,no")) == "out_of_range");
    const std::string surveys = "survey_id,submitted_at,csat,nps\n";
    CHECK(only_reject<SurveyRecord>(surveys + "S1,2026-01-05 09:00,6,\n") == "out_of_range");
    CHECK(only_reject<SurveyRecord>(surveys + "S1,2026-01-05 09:00,0,\n") == "out_of_range");
    CHECK(only_reject<SurveyRecord>(surveys + "S1,2026-01-05 09:00,,11\n") == "out_of_range");
    CHECK(only_reject<SurveyRecord>(surveys + "S1,2026-01-05 09:00,,-1\n") == "out_of_range");
    CHECK(only_reject<CallRecord>("call_id,offered_at,answered,wait_sec\nC1,2026-01-05 09:00,1,-3\n") ==
          "out_of_range");
}

TEST_CASE("reject time_order", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,2026-01-05 08:59,,high,1,no")) == "time_order");
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,2026-01-04 09:00,high,1,no")) == "time_order");
    CHECK(only_reject<AgentRecord>("agent_id,hired_at,left_at\nA1,2025-06-01,2025-05-31\n") == "time_order");
    // Leaving on the hiring day is not before it.
    CHECK(only_reject<AgentRecord>("agent_id,hired_at,left_at\nA1,2025-06-01,2025-06-01\n") == "");
}

TEST_CASE("reject duplicate_id: the later row wins", "[reject]") {
    const auto r = ingest_text<TicketRecord>(kTicketHeader +
                                             "7,2026-01-05 09:00,,,high,1,no\n"
                                             "8,2026-01-06 09:00,,,low,1,no\n"
                                             "7,2026-02-05 09:00,,,urgent,1,yes\n");
    CHECK(r.report.rows_read == 3);
    CHECK(r.report.rows_accepted == 2);
    CHECK(r.report.rejects.at(RejectReason::duplicate_id) == 1);
    REQUIRE(r.report.first_rejects.size() == 1);
    CHECK(r.report.first_rejects[0].line == 2);  // the earlier row, on line 2 after the header
    REQUIRE(r.size() == 2);
    CHECK(r.chunks[0][1].priority == Priority::urgent);  // the later row's values are kept
}

TEST_CASE("reject bad_encoding: bytes that are not UTF-8", "[reject]") {
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,,,high,1,no").insert(kTicketHeader.size() + 1, "\xff")) ==
          "bad_encoding");
}

TEST_CASE("one reason per row: field_count, then header order, then time_order, then duplicate_id",
          "[reject]") {
    // Bad timestamp in column 2 and bad number in column 6: the first faulty column wins.
    CHECK(only_reject<TicketRecord>(ticket("1,yesterday,,,high,x,no")) == "bad_timestamp");
    // Column order of the file decides, not the canonical order.
    CHECK(only_reject<TicketRecord>("contacts,ticket_id,created_at\nx,1,yesterday\n") == "bad_number");
    // A column fault beats time_order.
    CHECK(only_reject<TicketRecord>(ticket("1,2026-01-05 09:00,2026-01-04 09:00,,high,0,no")) == "out_of_range");
    // A field count mismatch beats everything.
    CHECK(only_reject<TicketRecord>(ticket("1,yesterday,,,high,x")) == "field_count");
    // A row rejected for another reason takes no part in duplicate detection.
    const auto r = ingest_text<TicketRecord>(kTicketHeader +
                                             "7,2026-01-05 09:00,,,high,1,no\n"
                                             "7,2026-01-06 09:00,,,high,x,no\n");
    CHECK(r.report.rejects.at(RejectReason::bad_number) == 1);
    CHECK(r.report.rejects.count(RejectReason::duplicate_id) == 0);
    CHECK(r.report.rows_accepted == 1);
}

TEST_CASE("every row read is accepted or rejected", "[reject]") {
    const auto r = ingest_text<TicketRecord>(kTicketHeader +
                                             "1,2026-01-05 09:00,,,high,1,no\n"
                                             "\n"
                                             "2,bad,,,high,1,no\n"
                                             "3,2026-01-05 09:00,,,high,1\n"
                                             "1,2026-01-07 09:00,,,high,1,no\n");
    CHECK(r.report.rows_read == 4);  // the blank line is not counted
    CHECK(r.report.rows_accepted + r.report.rows_rejected == r.report.rows_read);
    CHECK(r.report.rows_rejected == 3);
}
