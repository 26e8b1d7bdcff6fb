#include "targets/tracking.hpp"

#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "targets/target_policy.hpp"

namespace cskpi {

namespace {

// KPIs whose value for a period is a sum over its months (docs/contract/kpis.md, staff.attrition_rate).
bool adds_up_over_months(std::string_view id) {
    return id == "staff.attrition_rate" || id == "staff.core_attrition_rate";
}

// `value` is past `line` in the KPI's bad direction.
bool worse_than(Direction direction, double value, double line) {
    return direction == Direction::up ? value < line : value > line;
}

}  // namespace

std::string_view to_string(KpiStatus status) {
    switch (status) {
        case KpiStatus::on_track: return "on_track";
        case KpiStatus::at_risk: return "at_risk";
        case KpiStatus::alert: return "alert";
        case KpiStatus::ok: return "ok";
        case KpiStatus::none: break;
    }
    return "";
}

int quarter_of_month(int month) {
    if (month < 1 || month > 12) throw std::out_of_range("month " + std::to_string(month) + " is not 1..12");
    return (month - 1) / 3 + 1;
}

bool judged_on_year_to_date(std::string_view kpi_id) {
    return adds_up_over_months(kpi_id) || kpi_id == "staff.attrition_annualized";
}

std::optional<double> judged_ytd_value(const KpiInfo& info, int month, std::optional<double> ytd_value) {
    if (ytd_value && adds_up_over_months(info.id)) return *ytd_value * 12.0 / month;
    return ytd_value;
}

KpiStatus kpi_status(const KpiInfo& info, const TargetPlan& plan, int month, std::optional<double> month_value,
                     std::optional<double> ytd_value) {
    const int quarter = quarter_of_month(month);
    if (info.direction == Direction::none) return KpiStatus::none;
    ytd_value = judged_ytd_value(info, month, ytd_value);
    // The line is crossed by the year to date for attrition, by the month for the rest.
    const std::optional<double> line_value = judged_on_year_to_date(info.id) ? ytd_value : month_value;
    if (!line_value && !ytd_value) return KpiStatus::none;
    if (line_value && plan.warning && worse_than(info.direction, *line_value, *plan.warning))
        return KpiStatus::alert;
    const double milestone = plan.milestones[static_cast<std::size_t>(quarter - 1)];
    if (ytd_value && worse_than(info.direction, *ytd_value, milestone)) return KpiStatus::at_risk;
    return KpiStatus::on_track;
}

KpiStatus year_end_status(const KpiInfo& info, const TargetPlan& plan, std::optional<double> value) {
    if (info.direction == Direction::none || !plan.warning || !value) return KpiStatus::none;
    return worse_than(info.direction, *value, *plan.warning) ? KpiStatus::alert : KpiStatus::ok;
}

void apply_year_end_status(Summary& summary) {
    for (auto& kpi : summary.kpis)
        if (kpi.info && kpi.target)
            kpi.status = std::string(to_string(year_end_status(*kpi.info, *kpi.target, kpi.current.value)));
}

std::map<std::string, TargetPlan> targets_from_policy(const std::vector<KpiComparison>& previous_year,
                                                      const Poco::Util::AbstractConfiguration& config) {
    check_target_keys(config);
    std::map<std::string, TargetPlan> targets;
    for (const auto& kpi : previous_year) {
        if (!kpi.info) continue;
        if (auto plan = plan_target(kpi, target_settings(kpi.info->id, config), 0.0))
            targets.emplace(std::string(kpi.info->id), std::move(*plan));
    }
    return targets;
}

void apply_warning_overrides(std::map<std::string, TargetPlan>& targets,
                             const Poco::Util::AbstractConfiguration& config) {
    check_target_keys(config);
    for (auto& [id, plan] : targets) {
        const std::string key = "targets." + id + ".warning";
        if (!config.has(key)) continue;
        const std::string text = Poco::trim(config.getString(key));
        if (text.empty()) {
            plan.warning.reset();
            continue;
        }
        const auto value = parse_number(text);
        if (!value) throw UsageError("report definition: " + key + " = '" + text + "' is not a number");
        plan.warning = *value;
    }
}

void apply_tracking(Summary& summary, const std::map<std::string, TargetPlan>& targets) {
    if (!summary.ytd || summary.ytd->size() != summary.kpis.size())
        throw std::logic_error("apply_tracking needs a monthly summary with year-to-date values");
    for (std::size_t i = 0; i < summary.kpis.size(); ++i) {
        KpiComparison& month = summary.kpis[i];
        KpiComparison& ytd = (*summary.ytd)[i];
        if (!month.info) continue;
        const auto found = targets.find(std::string(month.info->id));
        if (found == targets.end()) continue;
        const KpiStatus status =
            kpi_status(*month.info, found->second, summary.report.month, month.current.value, ytd.current.value);
        for (KpiComparison* entry : {&month, &ytd}) {
            entry->target = found->second;
            entry->status = std::string(to_string(status));
        }
    }
}

std::vector<const KpiComparison*> alert_kpis(const Summary& summary) {
    std::vector<const KpiComparison*> out;
    for (const auto& k : summary.kpis)
        if (k.info && k.status == to_string(KpiStatus::alert)) out.push_back(&k);
    return out;
}

}  // namespace cskpi
