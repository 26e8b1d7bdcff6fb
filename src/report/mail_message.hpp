#pragma once
// The mail of a run, in the workbook's language: a subject that counts the alerts and a
// text + HTML body with the Overview's content (report/overview.hpp). deliver/ sends what
// this renders and adds nothing to it.
#include <string>

#include "model/summary.hpp"
#include "report/i18n.hpp"

namespace cskpi {

struct MailText {
    std::string subject;  // UTF-8
    std::string text;
    std::string html;
};

// `report_name` is the report definition's name ("kpi"), the first word of the subject:
// "kpi year-end report 2026: 7 alerts" / "kpi 2026 年度报告：7 项预警".
MailText render_mail(const Summary& summary, const std::string& report_name, Lang lang);

}  // namespace cskpi
