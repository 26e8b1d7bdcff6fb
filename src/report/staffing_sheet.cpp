#include "report/staffing_sheet.hpp"

#include <cstdio>
#include <functional>
#include <stdexcept>

#include "report/workbook_sheets.hpp"

namespace cskpi {

namespace {

using xlsx::Col;
using xlsx::Role;
using xlsx::Row;
using xlsx::Style;
using xlsx::Worksheet;
using namespace sheets;

// Rows of the settings block, in order; their value cells are column B.
enum SettingRow : Row {
    s_growth_calls, s_growth_tickets, s_deflection, s_f_calls, s_f_tickets, s_interval_min, s_aht_sec,
    s_sl_target, s_service_level_sec, s_max_occupancy, s_shrinkage, s_ticket_occupancy, s_hours_per_week,
    s_attrition, s_hire_lead_months, s_cost_per_fte_year, s_ticket_handle_sec, s_headcount_start, s_count
};

// Columns of the monthly table.
namespace mc {
constexpr Col month = 0, days = 1, fte_hours = 2, base_calls = 3, forecast_calls = 4, phone_hours = 5,
              fte_phone = 6, base_tickets = 7, forecast_tickets = 8, base_workload = 9, workload = 10,
              fte_tickets = 11, required = 12, leavers = 13, hires = 14, headcount = 15, cost = 16,
              recruit = 17;
}

constexpr Row kSettingsHeader = 4;
constexpr Row kSettingsFirst = kSettingsHeader + 1;

std::string hhmm(int minute) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
    return buf;
}

}  // namespace

void write_staffing_sheet(xlsx::Workbook& book, const StaffingPlan& plan, Lang lang) {
    const std::string year = std::to_string(plan.plan_year);
    Worksheet& sheet = book.add_worksheet(fill(tr("sheet.staffing", lang), "year", year));
    const std::string na = tr("na", lang);
    sheet.write_text(0, 0, fill(tr("staffing.title", lang), "year", year), title_style);

    // Notes on the parts that could not be computed.
    std::vector<std::string> notes;
    if (!plan.has_calls) notes.push_back(tr("staffing.no_calls", lang));
    else if (!plan.phone_reason.empty()) notes.push_back(tr("staffing.no_aht", lang));
    if (!plan.channels_without_handle_time.empty()) {
        std::string names;
        for (const auto& c : plan.channels_without_handle_time)
            names += (names.empty() ? "" : lang == Lang::zh_cn ? "、" : ", ") + tr("staffing.channel." + c, lang);
        notes.push_back(fill(tr("staffing.no_handle", lang), "channels", names));
    }
    if (!plan.headcount_start) notes.push_back(tr("staffing.no_roster", lang));
    for (std::size_t i = 0; i < notes.size() && i < 3; ++i) sheet.write_text(Row(1 + i), 0, notes[i], bad_style);

    // ---- Settings ----------------------------------------------------------------------
    const auto& st = plan.settings;
    const auto setting = [](SettingRow r) { return xlsx::cell_ref(kSettingsFirst + r, 1, true, true); };
    write_headers(sheet, kSettingsHeader,
                  {tr("staffing.col.setting", lang), tr("staffing.col.value", lang), tr("staffing.col.key", lang),
                   tr("staffing.col.source", lang)});
    const Style pct = role_style(Role::input, "0.0%");
    const Style num = role_style(Role::input, "#,##0.##");
    const std::string from_setting = tr("staffing.src.setting", lang), by_default = tr("staffing.src.default", lang);
    const auto source = [&](bool is_default) { return is_default ? by_default : from_setting; };
    const std::string report_year = std::to_string(plan.plan_year - 1), previous_year = std::to_string(plan.plan_year - 2);
    const auto described = [&](const SettingSource& s) {
        std::string text = tr("staffing.src." + s.kind, lang);
        if (s.kind == "target") {
            std::string basis = s.detail;
            try {
                basis = tr("basis." + s.detail, lang);
            } catch (const std::out_of_range&) {  // a basis without a label: its code
            }
            text = fill(text, "basis", basis);
        }
        text = fill(fill(fill(fill(text, "kpi", s.detail), "year", report_year), "previous", previous_year), "next", year);
        return s.kind == "setting" ? text + " (staffing." + s.detail + ")" : text;
    };
    struct Line {
        SettingRow row;
        const char* key;
        std::optional<double> value;
        Style style;
        std::string source;
    };
    const std::vector<Line> lines = {
        {s_growth_calls, "growth_calls", st.growth_calls, pct, described(st.growth_calls_source)},
        {s_growth_tickets, "growth_tickets", st.growth_tickets, pct, described(st.growth_tickets_source)},
        {s_deflection, "deflection", st.deflection, pct, source(st.deflection == 0)},
        {s_interval_min, "interval_min", double(st.interval_min), num, source(st.interval_min == 30)},
        {s_aht_sec, "aht_sec", st.aht_sec, num, described(st.aht_source)},
        {s_sl_target, "sl_target", st.sl_target, pct, source(st.sl_target == 0.8)},
        {s_service_level_sec, "service_level_sec", st.service_level_sec, num, "metrics.service_level_sec"},
        {s_max_occupancy, "max_occupancy", st.max_occupancy, pct, source(st.max_occupancy == 0.85)},
        {s_shrinkage, "shrinkage", st.shrinkage, pct, source(st.shrinkage == 0.30)},
        {s_ticket_occupancy, "ticket_occupancy", st.ticket_occupancy, pct, source(st.ticket_occupancy == 0.85)},
        {s_hours_per_week, "hours_per_week", st.hours_per_week, num, source(st.hours_per_week == 40)},
        {s_attrition, "attrition", st.attrition, pct, described(st.attrition_source)},
        {s_hire_lead_months, "hire_lead_months", double(st.hire_lead_months), num, source(st.hire_lead_months == 2)},
        {s_cost_per_fte_year, "cost_per_fte_year", st.cost_per_fte_year, num, source(!st.cost_per_fte_year)},
        {s_ticket_handle_sec, "ticket_handle_sec", st.ticket_handle_sec, num, source(!st.ticket_handle_sec)},
        {s_headcount_start, "", plan.headcount_start, num, tr("staffing.src.roster", lang)},
    };
    for (const auto& l : lines) {
        const Row r = kSettingsFirst + l.row;
        sheet.write_text(r, 0, tr(std::string("staffing.set.") + (l.key[0] ? l.key : "headcount_start"), lang));
        if (l.value) sheet.write_number(r, 1, *l.value, l.style);
        else sheet.write_blank(r, 1, l.style);
        if (l.key[0]) sheet.write_text(r, 2, std::string("staffing.") + l.key);
        sheet.write_text(r, 3, l.source);
    }
    const double f_calls = (1 + st.growth_calls) * (1 - st.deflection);
    const double f_tickets = (1 + st.growth_tickets) * (1 - st.deflection);
    sheet.write_text(kSettingsFirst + s_f_calls, 0, tr("staffing.set.f_calls", lang));
    sheet.write_formula(kSettingsFirst + s_f_calls, 1,
                        "=(1+" + setting(s_growth_calls) + ")*(1-" + setting(s_deflection) + ")", f_calls,
                        format_style("0.0000"));
    sheet.write_text(kSettingsFirst + s_f_calls, 3, tr("staffing.src.formula", lang));
    sheet.write_text(kSettingsFirst + s_f_tickets, 0, tr("staffing.set.f_tickets", lang));
    sheet.write_formula(kSettingsFirst + s_f_tickets, 1,
                        "=(1+" + setting(s_growth_tickets) + ")*(1-" + setting(s_deflection) + ")", f_tickets,
                        format_style("0.0000"));
    sheet.write_text(kSettingsFirst + s_f_tickets, 3, tr("staffing.src.formula", lang));
    sheet.validate_decimal(kSettingsFirst + s_deflection, 1, kSettingsFirst + s_deflection, 0, 1,
                           tr("input.title", lang), tr("staffing.set.deflection", lang));
    sheet.validate_decimal(kSettingsFirst + s_shrinkage, 1, kSettingsFirst + s_shrinkage, 0, 0.99,
                           tr("input.title", lang), tr("staffing.set.shrinkage", lang));
    sheet.validate_decimal(kSettingsFirst + s_ticket_occupancy, 1, kSettingsFirst + s_ticket_occupancy, 0.01, 1,
                           tr("input.title", lang), tr("staffing.set.ticket_occupancy", lang));

    // ---- Monthly table -----------------------------------------------------------------
    const Row header = kSettingsFirst + s_count + 2;
    sheet.write_text(header - 1, 0, tr("staffing.monthly", lang), title_style);
    write_headers(sheet, header,
                  {tr("staffing.col.month", lang), tr("staffing.col.days", lang), tr("staffing.col.fte_hours", lang),
                   tr("staffing.col.base_calls", lang), tr("staffing.col.forecast_calls", lang),
                   tr("staffing.col.phone_hours", lang), tr("staffing.col.fte_phone", lang),
                   tr("staffing.col.base_tickets", lang), tr("staffing.col.forecast_tickets", lang),
                   tr("staffing.col.base_workload", lang), tr("staffing.col.workload", lang),
                   tr("staffing.col.fte_tickets", lang), tr("staffing.col.required", lang),
                   tr("staffing.col.leavers", lang), tr("staffing.col.hires", lang),
                   tr("staffing.col.headcount", lang), tr("staffing.col.cost", lang),
                   tr("staffing.col.recruit_month", lang)});
    const Row first = header + 1;
    const Style n1 = format_style("#,##0.0"), n2 = format_style("#,##0.00"), money = format_style("#,##0");
    const bool roster = plan.headcount_start.has_value();
    for (std::size_t m = 0; m < plan.months.size(); ++m) {
        const StaffingMonth& pm = plan.months[m];
        const Row r = first + Row(m);
        const auto at = [r](Col c) { return xlsx::cell_ref(r, c); };
        sheet.write_text(r, mc::month, pm.month);
        sheet.write_number(r, mc::days, pm.days);
        sheet.write_formula(r, mc::fte_hours, "=" + setting(s_hours_per_week) + "*" + at(mc::days) + "/7",
                            pm.fte_hours, n1);
        if (pm.base_calls && pm.forecast_calls) {
            sheet.write_number(r, mc::base_calls, *pm.base_calls, n1);
            sheet.write_formula(r, mc::forecast_calls, "=" + at(mc::base_calls) + "*" + setting(s_f_calls),
                                *pm.forecast_calls, n1);
        } else {
            sheet.write_text(r, mc::base_calls, na);
            sheet.write_text(r, mc::forecast_calls, na);
        }
        write_optional(sheet, r, mc::phone_hours, pm.phone_agent_hours, n1, lang);
        if (pm.phone_agent_hours && pm.fte_phone)
            sheet.write_formula(r, mc::fte_phone,
                                "=" + at(mc::phone_hours) + "/(1-" + setting(s_shrinkage) + ")/" + at(mc::fte_hours),
                                *pm.fte_phone, n2);
        else
            sheet.write_text(r, mc::fte_phone, na);
        sheet.write_number(r, mc::base_tickets, pm.base_tickets.value_or(0), n1);
        sheet.write_formula(r, mc::forecast_tickets, "=" + at(mc::base_tickets) + "*" + setting(s_f_tickets),
                            pm.forecast_tickets.value_or(0), n1);
        if (pm.base_workload_hours && pm.workload_hours && pm.fte_tickets) {
            sheet.write_number(r, mc::base_workload, *pm.base_workload_hours, n1);
            sheet.write_formula(r, mc::workload, "=" + at(mc::base_workload) + "*" + setting(s_f_tickets),
                                *pm.workload_hours, n1);
            sheet.write_formula(r, mc::fte_tickets,
                                "=" + at(mc::workload) + "/" + setting(s_ticket_occupancy) + "/(1-" +
                                    setting(s_shrinkage) + ")/" + at(mc::fte_hours),
                                *pm.fte_tickets, n2);
        } else {
            sheet.write_text(r, mc::base_workload, na);
            sheet.write_text(r, mc::workload, na);
            sheet.write_text(r, mc::fte_tickets, na);
        }
        // A part that is n/a counts as 0: N() of a text is 0.
        sheet.write_formula(r, mc::required, "=N(" + at(mc::fte_phone) + ")+N(" + at(mc::fte_tickets) + ")",
                            pm.required, n2);
        if (roster && pm.leavers && pm.hires && pm.headcount) {
            const std::string prev = m == 0 ? setting(s_headcount_start) : xlsx::cell_ref(r - 1, mc::headcount);
            sheet.write_formula(r, mc::leavers, "=" + prev + "*" + setting(s_attrition) + "/12", *pm.leavers, n2);
            sheet.write_formula(r, mc::hires,
                                "=MAX(0," + at(mc::required) + "-(" + prev + "-" + at(mc::leavers) + "))",
                                *pm.hires, n2);
            sheet.write_formula(r, mc::headcount, "=" + prev + "-" + at(mc::leavers) + "+" + at(mc::hires),
                                *pm.headcount, n2);
            const std::string cost = setting(s_cost_per_fte_year);
            const std::string f = "=IF(ISNUMBER(" + cost + ")," + at(mc::headcount) + "*" + cost + "/12,\"\")";
            if (pm.cost) sheet.write_formula(r, mc::cost, f, *pm.cost, money);
            else sheet.write_formula_text(r, mc::cost, f, "");
        } else {
            for (Col c : {mc::leavers, mc::hires, mc::headcount, mc::cost}) sheet.write_text(r, c, na);
        }
        sheet.write_text(r, mc::recruit, pm.recruit_month);
    }
    const Row last = first + Row(plan.months.size()) - 1;
    const auto column = [&](Col c) { return xlsx::cell_ref(first, c) + ":" + xlsx::cell_ref(last, c); };

    // Year totals and the budget.
    const Row total = last + 1;
    sheet.write_text(total, mc::month, tr("staffing.year_total", lang), bold_if(true));
    double sum_calls = 0, sum_tickets = 0, sum_hours = 0, sum_workload = 0, sum_hires = 0;
    for (const auto& pm : plan.months) {
        sum_calls += pm.forecast_calls.value_or(0);
        sum_tickets += pm.forecast_tickets.value_or(0);
        sum_hours += pm.phone_agent_hours.value_or(0);
        sum_workload += pm.workload_hours.value_or(0);
        sum_hires += pm.hires.value_or(0);
    }
    sheet.write_formula(total, mc::forecast_calls, "=SUM(" + column(mc::forecast_calls) + ")", sum_calls, n1);
    sheet.write_formula(total, mc::phone_hours, "=SUM(" + column(mc::phone_hours) + ")", sum_hours, n1);
    sheet.write_formula(total, mc::forecast_tickets, "=SUM(" + column(mc::forecast_tickets) + ")", sum_tickets, n1);
    sheet.write_formula(total, mc::workload, "=SUM(" + column(mc::workload) + ")", sum_workload, n1);
    if (roster) {
        sheet.write_formula(total, mc::hires, "=SUM(" + column(mc::hires) + ")", sum_hires, n2);
        sheet.write_text(total + 1, mc::month, tr("staffing.budget", lang), bold_if(true));
        const std::string f =
            "=IF(ISNUMBER(" + setting(s_cost_per_fte_year) + "),SUM(" + column(mc::cost) + "),\"\")";
        if (plan.budget) sheet.write_formula(total + 1, mc::cost, f, *plan.budget, money);
        else sheet.write_formula_text(total + 1, mc::cost, f, "");
    }

    // ---- Quarterly view ----------------------------------------------------------------
    const Row q_title = total + 3, q_header = q_title + 1;
    sheet.write_text(q_title, 0, tr("staffing.quarterly", lang), title_style);
    write_headers(sheet, q_header,
                  {tr("staffing.col.quarter", lang), tr("staffing.col.peak_required", lang),
                   tr("staffing.col.hires", lang), tr("staffing.col.headcount_end", lang)});
    for (std::size_t q = 0; q < plan.quarters.size(); ++q) {
        const StaffingQuarter& sq = plan.quarters[q];
        const Row r = q_header + 1 + Row(q);
        const Row m1 = first + Row(3 * q), m3 = m1 + 2;
        const auto span = [&](Col c) { return xlsx::cell_ref(m1, c) + ":" + xlsx::cell_ref(m3, c); };
        sheet.write_text(r, 0, sq.quarter);
        sheet.write_formula(r, 1, "=MAX(" + span(mc::required) + ")", sq.peak_required, n2);
        if (sq.hires && sq.headcount_end) {
            sheet.write_formula(r, 2, "=SUM(" + span(mc::hires) + ")", *sq.hires, n2);
            sheet.write_formula(r, 3, "=" + xlsx::cell_ref(m3, mc::headcount), *sq.headcount_end, n2);
        } else {
            sheet.write_text(r, 2, na);
            sheet.write_text(r, 3, na);
        }
    }

    // ---- Peak month heatmap ------------------------------------------------------------
    const Row h_title = q_header + 6, h_header = h_title + 1;
    const std::string peak_month = plan.months.empty() ? std::string() : plan.months[std::size_t(plan.peak_month)].month;
    sheet.write_text(h_title, 0, fill(tr("staffing.heatmap", lang), "month", peak_month), title_style);
    if (plan.peak_agents.empty()) {
        sheet.write_text(h_header, 0, notes.empty() ? na : notes.front());
    } else {
        // Intervals down, weekdays across: a day of 48 half hours stays one printed page wide.
        const int per_day = int(plan.peak_agents.front().size());
        const Col weekdays = Col(plan.peak_agents.size());
        sheet.write_text(h_header, 0, "", header_style);
        for (Col w = 0; w < weekdays; ++w)
            sheet.write_text(h_header, 1 + w, tr("weekday." + std::to_string(w + 1), lang), header_style);
        for (int i = 0; i < per_day; ++i) {
            const Row r = h_header + 1 + Row(i);
            sheet.write_text(r, 0, hhmm(i * st.interval_min), bold_if(true));
            for (Col w = 0; w < weekdays; ++w) sheet.write_number(r, 1 + w, plan.peak_agents[std::size_t(w)][std::size_t(i)]);
        }
        sheet.color_scale(h_header + 1, 1, h_header + Row(per_day), weekdays);
    }

    // ---- Chart: required FTE against headcount ----------------------------------------
    xlsx::Chart chart = book.add_line_chart();
    chart.set_title(tr("staffing.chart", lang));
    const std::string months = xlsx::range_ref(sheet.name(), first, mc::month, last, mc::month);
    chart.add_series(tr("staffing.col.required", lang), months,
                     xlsx::range_ref(sheet.name(), first, mc::required, last, mc::required));
    if (roster)
        chart.add_series(tr("staffing.col.headcount", lang), months,
                         xlsx::range_ref(sheet.name(), first, mc::headcount, last, mc::headcount));
    sheet.insert_chart(kSettingsHeader, 5, chart, 1.3, 1.2);

    sheet.protect_except_inputs();
    finish(sheet, 1, 1);
}

}  // namespace cskpi
