#include <catch2/catch.hpp>

#include "latin_words.hpp"
#include "report/mail_message.hpp"
#include "report/overview.hpp"
#include "sample_summary.hpp"
#include "targets/target_policy.hpp"
#include "targets/tracking.hpp"

using namespace cskpi;
using Catch::Matchers::Contains;

namespace {

// sample_summary() with the default warning lines: CSAT 0.80 < 0.85, key-account CSAT
// 0.82 < 0.85, attrition 0.30 > 0.15 (the rate and the annualized one) → 4 alerts; urgent
// attainment 0.90 and FCR 0.70 sit exactly on their lines (not past them, but near).
Summary year_end() {
    Summary s = test::sample_summary();
    apply_target_policy(s, *test::target_config());
    return s;
}

}  // namespace

TEST_CASE("year-end mail in English: alerts in the subject, status colours, points and separators", "[mail][overview]") {
    const MailText mail = render_mail(year_end(), "kpi", Lang::en);
    CHECK(mail.subject == "kpi year-end report 2026: 4 alerts");
    // CSAT row: 0.80 (+0.02 → +2.0 pp), mandated target 0.95, line 0.85, red.
    CHECK_THAT(mail.html, Contains("<td><b>Customer satisfaction (CSAT)</b></td><td style=\"text-align:right;\">80.0 %"
                                   "</td><td style=\"text-align:right;\">+2.0 pp</td><td style=\"text-align:right;\">"
                                   "95.0 %</td><td style=\"text-align:right;\">85.0 %</td><td style=\"background:"
                                   "#FFC7CE;color:#9C0006;font-weight:bold;\">alert</td>"));
    // 12,000 tickets, +2,000; NPS 35 (+5 points), not a percent.
    CHECK_THAT(mail.text, Contains("12,000"));
    CHECK_THAT(mail.text, Contains("+2,000"));
    CHECK_THAT(mail.text, Contains("+5.0 pts"));
    // Mean first response 90 min (the headline is the mean, not the median).
    CHECK_THAT(mail.text, Contains("First response time, mean"));
    CHECK_THAT(mail.text, Contains("90.0 min"));
    // Risks by name, farthest past the line first: attrition (0.30 vs 0.15 is 100 % past),
    // then CSAT (5.9 % past), then key-account CSAT (3.5 %), then urgent attainment on its line.
    const auto attrition = mail.text.find("- Agent attrition: past its warning line: 30.0 % against the line 15.0 %");
    const auto csat = mail.text.find("- Customer satisfaction (CSAT): past its warning line: 80.0 % against the line 85.0 %");
    const auto key = mail.text.find("- CSAT of key accounts: past its warning line: 82.0 %");
    const auto urgent = mail.text.find("- Urgent response attainment: near its warning line: 90.0 % against the line 90.0 %");
    REQUIRE(attrition != std::string::npos);
    REQUIRE(csat != std::string::npos);
    REQUIRE(key != std::string::npos);
    REQUIRE(urgent != std::string::npos);
    CHECK(attrition < csat);
    CHECK(csat < key);
    CHECK(key < urgent);
    CHECK_THAT(mail.html, Contains("<h3>Top risks</h3>"));
    CHECK_THAT(mail.text, !Contains("csat.rate"));  // names, not ids
}

TEST_CASE("year-end mail in Chinese: subject and body in Chinese", "[mail][overview][zh]") {
    const MailText mail = render_mail(year_end(), "kpi", Lang::zh_cn);
    CHECK(mail.subject == "kpi 2026 年度报告：4 项预警");
    CHECK_THAT(mail.html, Contains("<html lang=\"zh-CN\">"));
    CHECK_THAT(mail.html, Contains("<td><b>客户满意度（CSAT）</b></td><td style=\"text-align:right;\">80.0 %</td>"
                                   "<td style=\"text-align:right;\">+2.0 个百分点</td>"));
    CHECK_THAT(mail.html, Contains("font-weight:bold;\">预警</td>"));
    CHECK_THAT(mail.text, Contains("+5.0 分"));
    CHECK_THAT(mail.text, Contains("90.0 分钟"));
    CHECK_THAT(mail.text, Contains("- 员工流失率：已越过预警线：30.0 %，预警线 15.0 %"));
    CHECK_THAT(mail.text, Contains("已越过预警线：30.0 %，预警线 15.0 %"));
    CHECK_THAT(mail.text, Contains("主要风险"));
    // No English word a reader would have to translate ("kpi" is the report's own name).
    CHECK(test::latin_words(mail.subject, {"kpi"}).empty());
    CHECK(test::latin_words(mail.text, {"kpi"}).empty());
    const std::string html_text = [&] {
        // Text outside the tags.
        std::string out;
        bool in_tag = false;
        for (char c : mail.html) {
            if (c == '<') in_tag = true;
            else if (c == '>') in_tag = false, out += ' ';
            else if (!in_tag) out += c;
        }
        return out;
    }();
    CHECK(test::latin_words(html_text, {"kpi"}) == std::vector<std::string>{});
}

TEST_CASE("mail text is escaped for HTML", "[mail][overview]") {
    Summary s = year_end();
    s.report.previous_period = "2025 <draft & final>";
    const MailText mail = render_mail(s, "kpi", Lang::en);
    CHECK_THAT(mail.html, Contains("Compared with 2025 &lt;draft &amp; final&gt;"));
    CHECK_THAT(mail.html, !Contains("<draft"));
    CHECK_THAT(mail.text, Contains("Compared with 2025 <draft & final>"));
}

TEST_CASE("values and changes as a reader expects them", "[overview]") {
    const KpiInfo& fcr = *find_kpi("fcr.rate");
    const KpiInfo& nps = *find_kpi("nps.score");
    const KpiInfo& headcount = *find_kpi("staff.avg_headcount");
    const KpiInfo& volume = *find_kpi("tickets.volume");
    // FCR 0.697 → 0.741: +4.4 points, not "+6.3 %" of itself.
    CHECK(format_kpi_change(0.7417549 - 0.6976050, fcr, Lang::en) == "+4.4 pp");
    CHECK(format_kpi_change(-0.0436, fcr, Lang::zh_cn) == "-4.4 个百分点");
    CHECK(format_kpi_value(0.7417549, fcr, Lang::en) == "74.2 %");
    // NPS 21.49 → 29.13: +7.6 points.
    CHECK(format_kpi_change(29.13 - 21.49, nps, Lang::en) == "+7.6 pts");
    // Headcount 11.9 with its decimal; volume with thousands separators.
    CHECK(format_kpi_value(11.916666, headcount, Lang::en) == "11.9");
    CHECK(format_kpi_change(-0.5, headcount, Lang::en) == "-0.5");
    CHECK(format_kpi_value(128000, volume, Lang::en) == "128,000");
    CHECK(format_kpi_value(1234567, volume, Lang::en) == "1,234,567");
    CHECK(format_kpi_change(4970, volume, Lang::en) == "+4,970");
    CHECK(format_kpi_value(std::nullopt, volume, Lang::zh_cn) == "不适用");
    CHECK(sparkline({1.0, 2.0, 3.0, std::nullopt, 8.0}) == "▁▂▃·█");
}

TEST_CASE("monthly mail judges attrition on the annualized year to date", "[mail][overview]") {
    Summary s;
    s.report.kind = "monthly";
    s.report.period = "2026-10";
    s.report.previous_period = "2025-10";
    s.report.as_of = "2026-11-01T00:00:00+08:00";
    s.report.year = 2026;
    s.report.month = 10;
    KpiComparison month, ytd;
    month.info = ytd.info = find_kpi("staff.attrition_rate");
    month.current.value = 0.0;      // October: nobody left
    month.previous.value = 0.087;
    ytd.current.value = 0.17;       // Jan..Oct 2026
    ytd.previous.value = 0.0725;    // Jan..Oct 2025
    s.kpis = {month};
    s.ytd = std::vector<KpiComparison>{ytd};
    TargetPlan plan;
    plan.baseline = 0.17;
    plan.value = 0.15;
    plan.warning = 0.15;
    plan.milestones = {0.165, 0.16, 0.155, 0.15};
    apply_tracking(s, {{"staff.attrition_rate", plan}});
    // 0.17 × 12 / 10 = 0.204 > 0.15: alert although October alone reads 0 %.
    CHECK(s.kpis[0].status == "alert");
    const MailText mail = render_mail(s, "kpi", Lang::en);
    CHECK(mail.subject == "kpi monthly report 2026-10: 1 alert");
    // Year to date annualized 20.4 %, last year's 0.0725 × 12 / 10 = 8.7 %: +11.7 pp.
    CHECK_THAT(mail.text, Contains("20.4 %"));
    CHECK_THAT(mail.text, Contains("+11.7 pp"));
    CHECK_THAT(mail.text, Contains("past its warning line: 20.4 % against the line 15.0 %"));
    CHECK_THAT(mail.text, Contains("Attrition: year to date, annualized."));
}
