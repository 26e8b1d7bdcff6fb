#include "report/year_end_workbook.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>

#include "core/atomic_file.hpp"
#include "report/i18n.hpp"
#include "report/overview_sheet.hpp"
#include "report/staffing_sheet.hpp"
#include "report/scorecard_sheet.hpp"
#include "report/workbook_sheets.hpp"
#include "report/xlsx/xlsx.hpp"
#include "targets/target_policy.hpp"
#include "targets/tracking.hpp"

namespace cskpi {

namespace {

using xlsx::Col;
using xlsx::Role;
using xlsx::Row;
using xlsx::Style;
using xlsx::Worksheet;
using namespace sheets;

constexpr std::array<Dimension, 4> dimension_order = {Dimension::financial, Dimension::customer,
                                                      Dimension::process, Dimension::growth};

struct Context {
    const Summary& summary;
    Lang lang;
    int year;
    std::string targets_sheet;
    std::map<std::string_view, Row> target_rows;  // KPI id -> row on the Targets sheet (targeted_kpis order)
};

// ---- Targets -------------------------------------------------------------------------

namespace targets_col {
constexpr Col id = 0, name = 1, unit = 2, direction = 3, baseline = 4, best_yoy = 5, benchmark = 6,
              gap_closure = 7, mandated = 8, profile = 9, target = 10, basis = 11, stretch = 12, q1 = 13,
              warning = 17, weight = 18, owner = 19;
}

std::vector<const KpiComparison*> targeted_kpis(const Summary& summary) {
    std::vector<const KpiComparison*> out;
    for (const auto& k : summary.kpis)
        if (k.info && k.target) out.push_back(&k);
    return out;
}

void write_targets_sheet(xlsx::Workbook& book, const Context& ctx) {
    namespace tc = targets_col;
    const Lang lang = ctx.lang;
    Worksheet& sheet = book.add_worksheet(ctx.targets_sheet);
    const std::string next_year = std::to_string(ctx.year + 1);
    sheet.write_text(0, 0, fill(tr("title.targets", lang), "year", next_year), title_style);
    write_headers(sheet, 1,
                  {tr("col.kpi_id", lang), tr("col.kpi", lang), tr("col.unit", lang), tr("col.direction", lang),
                   tr("col.baseline", lang), tr("col.best_yoy", lang), tr("col.benchmark", lang),
                   tr("col.gap_closure", lang), tr("col.mandated", lang), tr("col.profile", lang),
                   fill(tr("col.target", lang), "year", next_year), tr("col.basis", lang), tr("col.stretch", lang),
                   tr("col.q1", lang), tr("col.q2", lang), tr("col.q3", lang), tr("col.q4", lang),
                   tr("col.warning", lang), tr("col.weight", lang), tr("col.owner", lang)});

    const auto kpis = targeted_kpis(ctx.summary);
    const Row first = 2;
    const Row last = kpis.empty() ? first : first + static_cast<Row>(kpis.size()) - 1;

    // The profile table the milestone formulas look up, below the KPI rows.
    const Row profile_title = last + 3, profile_first = profile_title + 2;
    const std::array<std::string, 2> profile_codes = {"linear", "back_loaded"};
    const std::string profile_names = xlsx::cell_ref(profile_first, 1, true, true) + ":" +
                                      xlsx::cell_ref(profile_first + 1, 1, true, true);
    const std::string profile_table = xlsx::cell_ref(profile_first, 2, true, true) + ":" +
                                      xlsx::cell_ref(profile_first + 1, 5, true, true);

    const std::string mandated_label = tr("basis.mandated", lang), maintain_label = tr("basis.maintain", lang),
                      gap_label = tr("basis.gap_closure", lang),
                      warning_label = tr("basis.warning_line", lang), yes = tr("yes", lang), no = tr("no", lang);
    const Style input = role_style(Role::input);
    const Style gap_style = role_style(Role::input, "0%");
    const Style weight_style = role_style(Role::input, "0.0");

    Row row = first;
    for (const KpiComparison* kpi : kpis) {
        const KpiInfo& info = *kpi->info;
        const TargetPlan& plan = *kpi->target;
        const auto ref = [row](Col c) { return xlsx::cell_ref(row, c); };
        const Style value_style = kpi_style(info);
        const Style input_value = kpi_style(info, Role::input);

        sheet.write_text(row, tc::id, info.id);
        sheet.write_text(row, tc::name, kpi_name(info.id, lang));
        sheet.write_text(row, tc::unit, unit_label(info.unit, lang));
        sheet.write_text(row, tc::direction, direction_label(info.direction, lang));
        sheet.write_number(row, tc::baseline, plan.baseline, value_style);
        sheet.write_number(row, tc::best_yoy, best_yoy_improvement(ctx.summary, *kpi), value_style);
        if (plan.benchmark) sheet.write_number(row, tc::benchmark, *plan.benchmark, input_value);
        else sheet.write_blank(row, tc::benchmark, input_value);
        sheet.write_number(row, tc::gap_closure, plan.gap_closure, gap_style);
        if (plan.mandated) sheet.write_number(row, tc::mandated, *plan.mandated, input_value);
        else sheet.write_blank(row, tc::mandated, input_value);
        sheet.write_text(row, tc::profile, tr("profile." + plan.profile, lang), input);

        // The policy of target_policy.cpp, as formulas over the inputs of this row.
        const bool up = info.direction == Direction::up;
        const std::string E = ref(tc::baseline), F = ref(tc::best_yoy), G = ref(tc::benchmark),
                          H = ref(tc::gap_closure), I = ref(tc::mandated), J = ref(tc::profile),
                          K = ref(tc::target);
        const std::string R = ref(tc::warning);
        const std::string meets =
            "OR(NOT(ISNUMBER(" + G + "))," + E + (up ? ">=" : "<=") + G + ")";
        const std::string mandated = "ISNUMBER(" + I + ")";
        const std::string computed = "IF(" + meets + "," + E + "," + E + "+" + H + "*(" + G + "-" + E + "))";
        // A computed target never sits past the warning line (docs/targets.md).
        const std::string past_line = "AND(ISNUMBER(" + R + ")," + computed + (up ? "<" : ">") + R + ")";
        const std::string asked = up ? K + "-" + E : E + "-" + K;
        sheet.write_formula(row, tc::target,
                            "=IF(" + mandated + "," + I + ",IF(" + past_line + "," + R + "," + computed + "))",
                            plan.value, value_style);
        sheet.write_formula_text(row, tc::basis,
                                 "=IF(" + mandated + ",\"" + mandated_label + "\",IF(" + past_line + ",\"" +
                                     warning_label + "\",IF(" + meets + ",\"" + maintain_label + "\",\"" +
                                     gap_label + "\")))",
                                 tr("basis." + plan.basis, lang));
        sheet.write_formula_text(row, tc::stretch, "=IF(" + asked + ">" + F + ",\"" + yes + "\",\"" + no + "\")",
                                 plan.stretch ? yes : no);
        for (Col q = 0; q < 4; ++q)
            sheet.write_formula(row, tc::q1 + q,
                                "=" + E + "+INDEX(" + profile_table + ",MATCH(" + J + "," + profile_names +
                                    ",0)," + std::to_string(q + 1) + ")*(" + K + "-" + E + ")",
                                plan.milestones[q], value_style);
        if (plan.warning) sheet.write_number(row, tc::warning, *plan.warning, value_style);
        sheet.write_number(row, tc::weight, plan.weight, weight_style);
        sheet.write_blank(row, tc::owner, input);

        const auto [low, high] = info.unit == Unit::ratio   ? std::pair{0.0, 1.0}
                                 : info.unit == Unit::score ? std::pair{-100.0, 100.0}
                                                            : std::pair{0.0, 1e9};
        sheet.validate_decimal(row, tc::benchmark, row, low, high, tr("input.title", lang),
                               tr("input.benchmark", lang));
        sheet.validate_decimal(row, tc::mandated, row, low, high, tr("input.title", lang),
                               tr("input.mandated", lang));
        ++row;
    }
    if (!kpis.empty()) {
        sheet.validate_decimal(first, tc::gap_closure, last, 0, 1, tr("input.title", lang),
                               tr("input.gap_closure", lang));
        sheet.validate_list(first, tc::profile, last,
                            {tr("profile.linear", lang), tr("profile.back_loaded", lang)}, tr("input.title", lang),
                            tr("input.profile", lang));
        sheet.validate_decimal(first, tc::weight, last, 0, 1e6, tr("input.title", lang), tr("input.weight", lang));
        sheet.autofilter(1, 0, last, tc::owner);
        // Follows the formula when an input changes the answer.
        sheet.highlight_text(first, tc::stretch, last, tc::stretch, yes, caution_style);
    }

    sheet.write_text(profile_title, 1, tr("title.profiles", lang), title_style);
    sheet.write_text(profile_title + 1, 1, tr("col.profile", lang), header_style);
    for (Col q = 0; q < 4; ++q)
        sheet.write_text(profile_title + 1, 2 + q, tr("col.q" + std::to_string(q + 1), lang), header_style);
    for (Row p = 0; p < 2; ++p) {
        sheet.write_text(profile_first + p, 1, tr("profile." + profile_codes[p], lang));
        const auto fractions = milestone_profile(profile_codes[p]);
        for (Col q = 0; q < 4; ++q)
            sheet.write_number(profile_first + p, 2 + q, fractions[q], format_style("0%"));
    }

    sheet.protect_except_inputs();
    finish(sheet, 2, 2);
}

// ---- Summary -------------------------------------------------------------------------

std::vector<const KpiComparison*> summary_order(const Summary& summary) {
    std::vector<const KpiComparison*> out;
    for (Dimension d : dimension_order) {
        for (bool headline : {true, false})
            for (const auto& k : summary.kpis)
                if (k.info && k.info->dimension == d && is_headline(k.info->id) == headline) out.push_back(&k);
    }
    return out;
}

std::string unavailable_note(const KpiComparison& k, Lang lang) {
    std::string note;
    if (!k.current.value) note = reason_text(k.current.unavailable_reason, lang);
    if (!k.previous.value && !k.previous.unavailable_reason.empty()) {
        if (!note.empty()) note += "; ";
        note += tr("col.previous", lang) + ": " + reason_text(k.previous.unavailable_reason, lang);
    }
    return note;
}

void write_summary_sheet(xlsx::Workbook& book, const Context& ctx) {
    const Lang lang = ctx.lang;
    const auto& report = ctx.summary.report;
    Worksheet& sheet = book.add_worksheet(tr("sheet.summary", lang));
    sheet.write_text(0, 0,
                     fill(fill(tr("title.summary", lang), "period", report.period), "previous",
                          report.previous_period),
                     title_style);
    write_headers(sheet, 1,
                  {tr("col.dimension", lang), tr("col.kpi", lang), tr("col.kpi_id", lang), tr("col.unit", lang),
                   tr("col.previous", lang) + " " + report.previous_period,
                   tr("col.current", lang) + " " + report.period, tr("col.change", lang),
                   tr("col.change_pct", lang), tr("col.trend", lang),
                   fill(tr("col.target", lang), "year", std::to_string(ctx.year + 1)), tr("col.basis", lang),
                   tr("col.status", lang), tr("col.note", lang)});
    const std::string target_sheet = xlsx::quoted_sheet(ctx.targets_sheet);
    Row row = 2;
    for (const KpiComparison* k : summary_order(ctx.summary)) {
        const KpiInfo& info = *k->info;
        const Style value_style = kpi_style(info);
        sheet.write_text(row, 0, dimension_label(info.dimension, lang));
        sheet.write_text(row, 1, kpi_name(info.id, lang), bold_if(is_headline(info.id)));
        sheet.write_text(row, 2, info.id);
        sheet.write_text(row, 3, unit_label(info.unit, lang));
        write_optional(sheet, row, 4, k->previous.value, value_style, lang);
        write_optional(sheet, row, 5, k->current.value, value_style, lang);
        // Rates change in points and NPS in points; a percent of a percent misleads.
        if (k->change) sheet.write_number(row, 6, change_cell_value(info, *k->change), change_style(info, lang));
        else sheet.write_text(row, 6, tr("na", lang));
        if (info.unit != Unit::ratio && info.unit != Unit::score)
            write_optional(sheet, row, 7, k->change_pct, format_style("+0.0%;-0.0%;0.0%"), lang);
        if (k->better) {
            const bool same = k->change && *k->change == 0;
            sheet.write_text(row, 8, tr(*k->better ? "trend.better" : same ? "trend.same" : "trend.worse", lang));
        }
        std::string note = unavailable_note(*k, lang);
        if (const auto found = ctx.target_rows.find(info.id); found != ctx.target_rows.end()) {
            // Linked to the Targets sheet so edited inputs flow through.
            sheet.write_formula(row, 9, "=" + target_sheet + "!" + xlsx::cell_ref(found->second, targets_col::target),
                                k->target->value, value_style);
            sheet.write_formula_text(
                row, 10, "=" + target_sheet + "!" + xlsx::cell_ref(found->second, targets_col::basis),
                tr("basis." + k->target->basis, lang));
        } else if (note.empty()) {
            note = tr(info.direction == Direction::none ? "no_target" : "no_current", lang);
        }
        if (!k->status.empty()) sheet.write_text(row, 11, tr("status." + k->status, lang));
        sheet.write_text(row, 12, note);
        ++row;
    }
    const Row last = row - 1;
    sheet.highlight_text(2, 8, last, 8, tr("trend.better", lang), good_style);
    sheet.highlight_text(2, 8, last, 8, tr("trend.worse", lang), bad_style);
    sheet.highlight_text(2, 11, last, 11, tr("status.alert", lang), bad_style);
    sheet.highlight_text(2, 11, last, 11, tr("status.ok", lang), good_style);
    sheet.autofilter(1, 0, last, 12);
    finish(sheet, 2, 2);
}

// ---- Breakdown -----------------------------------------------------------------------

void write_breakdown_sheet(xlsx::Workbook& book, const Context& ctx) {
    const Lang lang = ctx.lang;
    const auto& report = ctx.summary.report;
    Worksheet& sheet = book.add_worksheet(tr("sheet.breakdown", lang));
    sheet.write_text(0, 0, tr("title.breakdown", lang), title_style);
    write_headers(sheet, 1,
                  {tr("col.breakdown", lang), tr("col.key", lang), tr("col.kpi", lang), tr("col.kpi_id", lang),
                   tr("col.unit", lang), tr("col.previous", lang) + " " + report.previous_period,
                   tr("col.current", lang) + " " + report.period, tr("col.change", lang)});
    Row row = 2;
    for (const auto& b : ctx.summary.breakdowns) {
        const KpiInfo* info = find_kpi(b.kpi_id);
        const Style value_style = info ? kpi_style(*info) : number_style(Unit::score);
        const bool known_split = b.dimension == "channel" || b.dimension == "priority" || b.dimension == "team";
        sheet.write_text(row, 0, known_split ? tr("split." + b.dimension, lang) : b.dimension);
        // Channel and priority are the contract's enum values, said in the reader's language;
        // team names are export text: always a string cell, never translated.
        sheet.write_text(row, 1, b.dimension == "team" ? clip(b.key) : enum_label(b.dimension, b.key, lang));
        sheet.write_text(row, 2, kpi_name(b.kpi_id, lang));
        sheet.write_text(row, 3, b.kpi_id);
        if (info) sheet.write_text(row, 4, unit_label(info->unit, lang));
        write_optional(sheet, row, 5, b.previous, value_style, lang);
        write_optional(sheet, row, 6, b.current, value_style, lang);
        if (b.current && b.previous) {
            if (info) sheet.write_number(row, 7, change_cell_value(*info, *b.current - *b.previous), change_style(*info, lang));
            else sheet.write_number(row, 7, *b.current - *b.previous, value_style);
        }
        ++row;
    }
    if (row > 2) sheet.autofilter(1, 0, row - 1, 7);
    finish(sheet, 2, 2);
}

}  // namespace

void write_year_end_workbook(const Summary& summary, const WorkbookOptions& options) {
    const Lang lang = parse_lang(options.lang);
    Context ctx{summary, lang, report_year(summary.report), {}, {}};
    ctx.targets_sheet = fill(tr("sheet.targets", lang), "year", std::to_string(ctx.year + 1));
    // The Summary sheet (written first) links to the Targets rows, so they are laid out now.
    Row target_row = 2;
    for (const KpiComparison* k : targeted_kpis(summary)) ctx.target_rows[k->info->id] = target_row++;
    const auto& report = summary.report;

    // Declared first so it outlives the workbook: on an exception the workbook closes into
    // the temporary file, which AtomicFile then removes.
    std::optional<AtomicFile> own_staging;
    if (options.staged_file.empty()) own_staging.emplace(options.path);
    xlsx::Workbook book(own_staging ? own_staging->temp_path() : options.staged_file, options.path.string());

    xlsx::DocumentProperties properties;
    properties.title = fill(tr("title.workbook", lang), "period", report.period);
    properties.subject = fill(fill(fill(tr("title.subject", lang), "period", report.period), "previous",
                                   report.previous_period),
                              "next", std::to_string(ctx.year + 1));
    properties.author = "cskpi " CSKPI_VERSION;
    properties.keywords = "KPI, " + report.period;
    properties.comments = fill(fill(fill(tr("doc.comments", lang), "period", report.period), "as_of", report.as_of),
                               "generated_at", report.generated_at);
    properties.custom = {{tr("prop.period", lang), report.period},
                         {tr("prop.previous_period", lang), report.previous_period},
                         {tr("prop.as_of", lang), report.as_of},
                         {tr("prop.generated_at", lang), report.generated_at},
                         {tr("prop.language", lang), std::string(lang_code(lang))}};
    book.set_properties(properties);

    book.set_page_footer(page_footer(summary, lang));
    write_overview_sheet(book, summary, build_overview(summary), lang);
    write_summary_sheet(book, ctx);
    std::map<std::string, double> year_targets;
    // Attrition's monthly values are monthly rates: an annual target line would mislead there.
    for (const auto& [id, value] : options.year_targets)
        if (!judged_on_year_to_date(id)) year_targets[id] = value;
    write_trend_sheet(book, {summary.monthly, ctx.year, nullptr, year_targets.empty() ? nullptr : &year_targets},
                      lang);
    write_targets_sheet(book, ctx);
    if (summary.staffing) write_staffing_sheet(book, *summary.staffing, lang);
    write_breakdown_sheet(book, ctx);
    if (summary.scorecards) write_scorecard_sheet(book, *summary.scorecards, lang);
    write_quality_sheet(book, summary.sources, lang);
    write_definitions_sheet(book, summary.settings, lang);

    book.close();
    if (own_staging) own_staging->commit();
}

}  // namespace cskpi
