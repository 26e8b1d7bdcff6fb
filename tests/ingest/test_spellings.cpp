// Every bool and enum spelling of docs/contract/inputs.md, one test each.
#include <catch2/catch.hpp>

#include "ingest_helpers.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {
TicketRecord one_ticket(const std::string& column, const std::string& value) {
    const auto r = ingest_text<TicketRecord>("ticket_id,created_at," + column + "\n1,2026-01-05 09:00," + value + "\n");
    REQUIRE(r.report.rows_rejected == 0);
    REQUIRE(r.size() == 1);
    return r.chunks[0][0];
}
bool complaint(const std::string& v) { return one_ticket("complaint", v).complaint; }
}  // namespace

TEST_CASE("bool 1/0", "[spelling]") {
    CHECK(complaint("1"));
    CHECK_FALSE(complaint("0"));
}
TEST_CASE("bool true/false in any case", "[spelling]") {
    CHECK(complaint("true"));
    CHECK(complaint("TRUE"));
    CHECK_FALSE(complaint("False"));
}
TEST_CASE("bool yes/no", "[spelling]") {
    CHECK(complaint("yes"));
    CHECK(complaint("Yes"));
    CHECK_FALSE(complaint("NO"));
}
TEST_CASE("bool y/n", "[spelling]") {
    CHECK(complaint("y"));
    CHECK(complaint("Y"));
    CHECK_FALSE(complaint("n"));
}
TEST_CASE("bool 是/否", "[spelling]") {
    CHECK(complaint("是"));
    CHECK_FALSE(complaint("否"));
}
TEST_CASE("bool empty is false", "[spelling]") { CHECK_FALSE(complaint("")); }

TEST_CASE("priority spellings", "[spelling]") {
    CHECK(one_ticket("priority", "urgent").priority == Priority::urgent);
    CHECK(one_ticket("priority", "URGENT").priority == Priority::urgent);
    CHECK(one_ticket("priority", "紧急").priority == Priority::urgent);
    CHECK(one_ticket("priority", "high").priority == Priority::high);
    CHECK(one_ticket("priority", "高").priority == Priority::high);
    CHECK(one_ticket("priority", "normal").priority == Priority::normal);
    CHECK(one_ticket("priority", "普通").priority == Priority::normal);
    CHECK(one_ticket("priority", "中").priority == Priority::normal);
    CHECK(one_ticket("priority", "low").priority == Priority::low);
    CHECK(one_ticket("priority", "低").priority == Priority::low);
    CHECK(one_ticket("priority", "").priority == Priority::normal);  // absent = normal
}

TEST_CASE("channel spellings", "[spelling]") {
    CHECK(one_ticket("channel", "phone").channel == Channel::phone);
    CHECK(one_ticket("channel", "电话").channel == Channel::phone);
    CHECK(one_ticket("channel", "Chat").channel == Channel::chat);
    CHECK(one_ticket("channel", "在线").channel == Channel::chat);
    CHECK(one_ticket("channel", "email").channel == Channel::email);
    CHECK(one_ticket("channel", "邮件").channel == Channel::email);
    CHECK(one_ticket("channel", "social").channel == Channel::social);
    CHECK(one_ticket("channel", "社交").channel == Channel::social);
    CHECK(one_ticket("channel", "web").channel == Channel::web);
    CHECK(one_ticket("channel", "网页").channel == Channel::web);
    CHECK(one_ticket("channel", "other").channel == Channel::other);
    CHECK(one_ticket("channel", "").channel == Channel::other);  // absent = other
}

TEST_CASE("customer tier spellings", "[spelling]") {
    CHECK(one_ticket("customer_tier", "key").tier == Tier::key);
    CHECK(one_ticket("customer_tier", "关键").tier == Tier::key);
    CHECK(one_ticket("customer_tier", "potential").tier == Tier::potential);
    CHECK(one_ticket("customer_tier", "潜力").tier == Tier::potential);
    CHECK(one_ticket("customer_tier", "regular").tier == Tier::regular);
    CHECK(one_ticket("customer_tier", "普通").tier == Tier::regular);
}

TEST_CASE("a hand mapping from the report definition adds spellings", "[spelling]") {
    SourceConfig source;
    source.value_map["priority"]["P1"] = "urgent";
    source.value_map["complaint"]["投诉"] = "yes";
    const auto r = ingest_text<TicketRecord>("ticket_id,created_at,priority,complaint\n1,2026-01-05 09:00,P1,投诉\n",
                                             source);
    REQUIRE(r.report.rows_rejected == 0);
    CHECK(r.chunks[0][0].priority == Priority::urgent);
    CHECK(r.chunks[0][0].complaint);
}
