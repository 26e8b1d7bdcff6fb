#include "report/mail_message.hpp"

#include <algorithm>
#include <sstream>

#include "report/overview.hpp"
#include "report/xlsx/xlsx.hpp"

namespace cskpi {

namespace {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

// Pads to a display width: a Chinese character takes two columns in a monospaced mail view.
std::string pad(const std::string& s, double width) {
    const double shown = xlsx::display_width(s);
    return shown >= width ? s + " " : s + std::string(static_cast<std::size_t>(width - shown), ' ');
}

// The colours of the workbook's status cells (report/workbook_sheets.cpp).
const char* rag_css(Rag rag) {
    switch (rag) {
        case Rag::green: return "background:#C6EFCE;color:#006100;";
        case Rag::amber: return "background:#FFEB9C;color:#9C5700;";
        case Rag::red: return "background:#FFC7CE;color:#9C0006;";
        case Rag::none: break;
    }
    return "";
}

std::string alerts_phrase(std::size_t n, Lang lang) {
    if (n == 0) return tr("mail.no_alerts", lang);
    if (n == 1) return tr("mail.one_alert", lang);
    return fill(tr("mail.alerts", lang), "n", std::to_string(n));
}

}  // namespace

MailText render_mail(const Summary& summary, const std::string& report_name, Lang lang) {
    const ReportInfo& r = summary.report;
    const Overview overview = build_overview(summary);

    MailText mail;
    mail.subject = fill(fill(fill(fill(tr("mail.subject", lang), "name", report_name), "kind",
                                  tr("mail.kind." + r.kind, lang)),
                             "period", r.period),
                        "alerts", alerts_phrase(overview.alerts, lang));

    const std::string title = overview_title(summary, lang);
    const std::string subtitle = overview_subtitle(summary, overview, lang);

    std::vector<std::string> headers = {tr("col.kpi", lang)};
    for (auto& h : overview_value_headers(r, overview, lang, false)) headers.push_back(std::move(h));

    std::vector<std::vector<std::string>> cells;
    std::vector<Rag> rags;
    for (const OverviewRow& row : overview.rows) {
        const KpiInfo& info = *row.info;
        std::vector<std::string> line = {kpi_name(info.id, lang)};
        if (overview.monthly) line.push_back(format_kpi_value(row.month, info, lang));
        line.push_back(format_kpi_value(row.value, info, lang));
        line.push_back(format_kpi_change(row.change, info, lang));
        line.push_back(row.target ? format_kpi_value(row.target, info, lang) : "–");
        line.push_back(row.warning ? format_kpi_value(row.warning, info, lang) : "–");
        line.push_back(row.rag == Rag::none ? "–" : tr("rag." + std::string(to_string(row.rag)), lang));
        line.push_back(sparkline(row.months));
        cells.push_back(std::move(line));
        rags.push_back(row.rag);
    }
    const bool annualized = overview.monthly && std::any_of(overview.rows.begin(), overview.rows.end(),
                                                            [](const OverviewRow& row) { return row.annualized; });
    const std::size_t status_index = headers.size() - 2;

    std::ostringstream text;
    text << title << "\n" << subtitle << "\n\n";
    std::vector<double> widths(headers.size(), 0);
    for (std::size_t c = 0; c < headers.size(); ++c) {
        widths[c] = xlsx::display_width(headers[c]) + 2;
        for (const auto& line : cells) widths[c] = std::max(widths[c], xlsx::display_width(line[c]) + 2);
    }
    for (std::size_t c = 0; c < headers.size(); ++c) text << pad(headers[c], widths[c]);
    text << "\n";
    for (const auto& line : cells) {
        for (std::size_t c = 0; c < line.size(); ++c) text << pad(line[c], widths[c]);
        text << "\n";
    }
    if (annualized) text << tr("overview.annualized", lang) << "\n";

    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"" << lang_code(lang) << "\"><head><meta charset=\"utf-8\"><title>"
         << html_escape(title) << "</title></head>\n"
         << "<body style=\"font-family:Arial,'Microsoft YaHei','PingFang SC',sans-serif;font-size:14px;\">\n"
         << "<h2>" << html_escape(title) << "</h2>\n<p>" << html_escape(subtitle) << "</p>\n"
         << "<table cellpadding=\"5\" cellspacing=\"0\" border=\"1\" style=\"border-collapse:collapse;"
            "border-color:#BFBFBF;\">\n<tr style=\"background:#DDE5F0;\">";
    for (const auto& h : headers) html << "<th>" << html_escape(h) << "</th>";
    html << "</tr>\n";
    for (std::size_t i = 0; i < cells.size(); ++i) {
        html << "<tr>";
        for (std::size_t c = 0; c < cells[i].size(); ++c) {
            if (c == 0) html << "<td><b>" << html_escape(cells[i][c]) << "</b></td>";
            else if (c == status_index)
                html << "<td style=\"" << rag_css(rags[i]) << "font-weight:bold;\">" << html_escape(cells[i][c])
                     << "</td>";
            else html << "<td style=\"text-align:right;\">" << html_escape(cells[i][c]) << "</td>";
        }
        html << "</tr>\n";
    }
    html << "</table>\n";
    if (annualized) html << "<p>" << html_escape(tr("overview.annualized", lang)) << "</p>\n";

    const std::string colon = tr("punct.colon", lang);
    text << "\n" << tr("overview.risks", lang) << colon << "\n";
    html << "<h3>" << html_escape(tr("overview.risks", lang)) << "</h3>\n";
    if (overview.risks.empty()) {
        text << tr("overview.no_risks", lang) << "\n";
        html << "<p>" << html_escape(tr("overview.no_risks", lang)) << "</p>\n";
    } else {
        html << "<ul>\n";
        for (const OverviewRisk& risk : overview.risks) {
            const std::string name = kpi_name(risk.info->id, lang), what = risk_text(risk, lang);
            text << "- " << name << colon << what << "\n";
            html << "<li><span style=\"" << rag_css(risk.kind == RiskKind::past_line ? Rag::red : Rag::amber)
                 << "padding:0 4px;\">" << html_escape(name) << "</span> " << html_escape(what) << "</li>\n";
        }
        html << "</ul>\n";
    }
    text << "\n" << tr("overview.attached", lang) << "\n";
    html << "<p>" << html_escape(tr("overview.attached", lang)) << "</p>\n</body></html>\n";
    mail.text = text.str();
    mail.html = html.str();
    return mail;
}

}  // namespace cskpi
