#include "report/i18n.hpp"

#include <map>
#include <stdexcept>

#include "core/errors.hpp"

namespace cskpi {

namespace {

struct Words {
    std::string_view en;
    std::string_view zh;
};

const std::map<std::string_view, Words>& labels() {
    static const std::map<std::string_view, Words> table = {
        // Sheets
        {"sheet.summary", {"Summary", "汇总"}},
        {"sheet.monthly", {"Monthly", "月度"}},
        {"sheet.targets", {"Targets {year}", "{year}年目标"}},
        {"sheet.breakdown", {"Breakdown", "细分"}},
        {"sheet.quality", {"Data quality", "数据质量"}},
        {"sheet.definitions", {"Definitions", "定义"}},
        {"sheet.tracking", {"Tracking", "跟踪"}},
        // Titles
        {"title.workbook", {"Customer service KPIs {period}", "客户服务关键指标 {period}"}},
        {"title.subject", {"Year-end KPIs {period} vs {previous} and targets {next}",
                           "{period} 年度关键指标（对比 {previous}）及 {next} 年目标"}},
        {"title.monthly_subject", {"Monthly KPIs {period}: the month and the year to date against {previous} "
                                   "and this year's targets",
                                   "{period} 月度关键指标：当月及年初至今对比 {previous} 与本年目标"}},
        {"title.tracking", {"{period}: the month and the year to date against {previous} and the targets of {year}",
                            "{period}：当月及年初至今对比 {previous} 与 {year} 年目标"}},
        {"title.alerts", {"Alerts: warning lines crossed in {period}", "预警：{period} 越过预警线的指标"}},
        {"no_alerts", {"No KPI is past its warning line.", "没有指标越过预警线。"}},
        {"title.summary", {"KPIs {period} vs {previous}", "关键指标 {period} 对比 {previous}"}},
        {"title.monthly", {"KPIs by month, {previous} and {period}", "各月关键指标：{previous} 与 {period}"}},
        {"title.targets", {"Targets {year}: yellow cells are inputs; target, basis, stretch and milestones "
                           "recalculate from them",
                           "{year}年目标：黄色单元格可填写；目标、依据、挑战性和季度里程碑据此自动计算"}},
        {"title.breakdown", {"Core KPIs by channel, priority and team", "按渠道、优先级和团队细分的核心指标"}},
        {"title.quality", {"Data quality per source", "各数据源的数据质量"}},
        {"title.rejects", {"Rejected rows by reason", "按原因统计的拒收行"}},
        {"title.samples", {"First rejected lines", "最先拒收的行"}},
        {"title.unknown_values", {"Unknown values: add the line shown to the report definition's export section",
                                  "未识别的取值：把所示的行加入报表定义中该数据源的小节"}},
        {"title.definitions", {"How each KPI is computed", "各指标的计算方法"}},
        {"title.settings", {"Settings of this run", "本次运行的设置"}},
        {"title.profiles", {"Milestone profiles (share of the year's change reached by quarter end)",
                            "里程碑进度曲线（各季度末应完成的全年变化比例）"}},
        // Column headers
        {"col.dimension", {"Dimension", "维度"}},
        {"col.kpi", {"KPI", "指标"}},
        {"col.kpi_id", {"KPI id", "指标代码"}},
        {"col.unit", {"Unit", "单位"}},
        {"col.previous", {"Previous year", "上一年"}},
        {"col.current", {"Current year", "本年"}},
        {"col.change", {"Change", "变化"}},
        {"col.change_pct", {"Change %", "变化率"}},
        {"col.trend", {"Better / worse", "改善/变差"}},
        {"col.target", {"Target {year}", "{year}年目标"}},
        {"col.basis", {"Basis", "依据"}},
        {"col.note", {"Note", "说明"}},
        {"col.month", {"Month", "月份"}},
        {"col.baseline", {"Baseline", "基准值"}},
        {"col.best_yoy", {"Best YoY improvement", "最佳同比改善"}},
        {"col.benchmark", {"Benchmark", "标杆值"}},
        {"col.gap_closure", {"Gap closure", "差距缩小比例"}},
        {"col.mandated", {"Mandated", "指定目标"}},
        {"col.profile", {"Profile", "进度曲线"}},
        {"col.stretch", {"Stretch", "挑战性目标"}},
        {"col.q1", {"Q1", "第一季度"}},
        {"col.q2", {"Q2", "第二季度"}},
        {"col.q3", {"Q3", "第三季度"}},
        {"col.q4", {"Q4", "第四季度"}},
        {"col.warning", {"Warning line", "预警线"}},
        {"col.weight", {"Weight", "权重"}},
        {"col.month_value", {"Month {period}", "{period} 当月"}},
        {"col.ytd", {"Year to date {year}", "{year} 年初至今"}},
        {"col.milestone", {"Q{quarter} milestone", "第{quarter}季度里程碑"}},
        {"col.status", {"Status", "状态"}},
        {"col.from_history", {"From the history store", "来自历史记录"}},
        {"col.owner", {"Owner", "负责人"}},
        {"col.direction", {"Direction", "方向"}},
        {"col.definition", {"Definition", "定义"}},
        {"col.breakdown", {"Split by", "细分方式"}},
        {"col.key", {"Value", "取值"}},
        {"col.source", {"Source", "数据源"}},
        {"col.uri", {"Location", "位置"}},
        {"col.bytes", {"Bytes", "字节数"}},
        {"col.sha256", {"SHA-256", "SHA-256"}},
        {"col.rows_read", {"Rows read", "读取行数"}},
        {"col.rows_accepted", {"Rows accepted", "接受行数"}},
        {"col.rows_rejected", {"Rows rejected", "拒收行数"}},
        {"col.out_of_period", {"Out of period", "不在期间内"}},
        {"col.from_cache", {"From cache", "来自缓存"}},
        {"col.column", {"Column", "列"}},
        {"col.value_seen", {"Value in the export", "导出中的取值"}},
        {"col.rows", {"Rows", "行数"}},
        {"col.first_line", {"First line", "首次出现的行"}},
        {"col.read_as", {"Read as", "按此读取"}},
        {"col.value_line", {"Line to add", "需添加的行"}},
        {"unknown.rejected", {"rejected (bad_enum)", "拒收 (bad_enum)"}},
        {"unknown.not_counted", {"not counted", "不计入"}},
        {"unknown.more", {"(more values)", "（更多取值）"}},
        {"col.reason", {"Reason", "原因"}},
        {"col.count", {"Rows", "行数"}},
        {"col.line", {"Line", "行号"}},
        {"col.detail", {"Detail", "详情"}},
        {"col.setting", {"Setting", "设置"}},
        {"col.value", {"Value", "值"}},
        // Values
        {"trend.better", {"better", "改善"}},
        {"trend.worse", {"worse", "变差"}},
        {"trend.same", {"unchanged", "持平"}},
        {"na", {"n/a", "不适用"}},
        {"status.on_track", {"on track", "正常"}},
        {"status.at_risk", {"at risk", "有风险"}},
        {"status.alert", {"alert", "预警"}},
        {"yes", {"yes", "是"}},
        {"no", {"no", "否"}},
        {"basis.maintain", {"maintain", "保持"}},
        {"basis.gap_closure", {"gap closure", "缩小差距"}},
        {"basis.mandated", {"mandated", "指定"}},
        {"profile.linear", {"linear", "均匀"}},
        {"profile.back_loaded", {"back-loaded", "后置"}},
        {"dimension.financial", {"Financial", "财务"}},
        {"dimension.customer", {"Customer", "客户"}},
        {"dimension.process", {"Internal process", "内部流程"}},
        {"dimension.growth", {"Learning and growth", "学习与成长"}},
        {"direction.up", {"higher is better", "越高越好"}},
        {"direction.down", {"lower is better", "越低越好"}},
        {"direction.none", {"no direction", "无方向"}},
        {"unit.count", {"count", "数量"}},
        {"unit.ratio", {"%", "%"}},
        {"unit.minutes", {"minutes", "分钟"}},
        {"unit.hours", {"hours", "小时"}},
        {"unit.seconds", {"seconds", "秒"}},
        {"unit.score", {"score", "分"}},
        {"split.channel", {"Channel", "渠道"}},
        {"split.priority", {"Priority", "优先级"}},
        {"split.team", {"Team", "团队"}},
        {"no_target", {"no target: the KPI has no direction", "无目标：该指标没有好坏方向"}},
        {"no_current", {"no target: no current value", "无目标：本年无数值"}},
        // Data validation prompts
        {"input.benchmark", {"Benchmark: the best-in-class value aimed at", "标杆值：希望达到的业内领先水平"}},
        {"input.gap_closure", {"Gap closure: a share between 0 and 1 of the gap closed next year",
                               "差距缩小比例：明年缩小差距的比例，0 到 1 之间"}},
        {"input.mandated", {"Mandated: a target set by management replaces the computed one",
                            "指定目标：管理层指定的目标将取代计算值"}},
        {"input.profile", {"Profile: how the year's change spreads over the quarters",
                           "进度曲线：全年变化在各季度的分布"}},
        {"input.weight", {"Weight: the KPI's weight in the scorecard, 0 or more", "权重：指标在计分卡中的权重，不小于 0"}},
        {"input.title", {"Input", "输入"}},
    };
    return table;
}

struct KpiWords {
    Words name;
    Words definition;
};

const std::map<std::string_view, KpiWords>& kpi_words() {
    static const std::map<std::string_view, KpiWords> table = {
        {"tickets.volume", {{"Ticket volume", "工单量"},
                            {"Tickets created in the period.", "期间内创建的工单数。"}}},
        {"tickets.growth", {{"Ticket growth", "工单增长率"},
                            {"Change of the ticket volume against the previous year, as a share of it.",
                             "工单量相对上一年的变化，占上一年工单量的比例。"}}},
        {"frt.mean_min", {{"First response time, mean", "首次响应时间（平均）"},
                          {"Average minutes from a ticket's creation to its first reply, over tickets with a reply.",
                           "有回复的工单从创建到首次回复的平均分钟数。"}}},
        {"frt.median_min", {{"First response time, median", "首次响应时间（中位数）"},
                            {"Median minutes from creation to first reply (half the tickets were answered faster).",
                             "从创建到首次回复分钟数的中位数（一半工单回复得更快）。"}}},
        {"frt.p90_min", {{"First response time, 90th percentile", "首次响应时间（90分位）"},
                         {"Minutes within which nine in ten replied tickets got their first reply.",
                          "九成有回复工单获得首次回复所用的分钟数。"}}},
        {"urgent.frt_attainment", {{"Urgent response attainment", "紧急工单响应达标率"},
                                   {"Share of urgent tickets answered within the urgent response time "
                                    "(default 5 minutes); no reply counts as a miss.",
                                    "紧急工单在紧急响应时限（默认 5 分钟）内回复的比例；未回复算作未达标。"}}},
        {"resolution.mean_h", {{"Resolution time, mean", "解决时间（平均）"},
                               {"Average hours from creation to resolution, over resolved tickets.",
                                "已解决工单从创建到解决的平均小时数。"}}},
        {"resolution.median_h", {{"Resolution time, median", "解决时间（中位数）"},
                                 {"Median hours from creation to resolution.", "从创建到解决小时数的中位数。"}}},
        {"resolution.p90_h", {{"Resolution time, 90th percentile", "解决时间（90分位）"},
                              {"Hours within which nine in ten resolved tickets were resolved.",
                               "九成已解决工单完成解决所用的小时数。"}}},
        {"sla.overdue_rate", {{"SLA overdue rate", "超时率"},
                              {"Share of tickets resolved after their due time, or still open past it, "
                               "among tickets whose due time has come.",
                               "在已到期工单中，晚于到期时间解决或到期仍未解决的比例。"}}},
        {"fcr.rate", {{"First contact resolution", "首次解决率"},
                      {"Share of resolved tickets solved in one contact and never reopened.",
                       "已解决工单中一次联系即解决且未被重开的比例。"}}},
        {"repeat.rate", {{"Repeat contact rate", "重复来访率"},
                         {"Share of tickets whose customer opened another ticket in the previous 7 days.",
                          "客户在之前 7 天内已提交过其他工单的工单比例。"}}},
        {"complaint.rate", {{"Complaint rate", "投诉率"},
                            {"Complaint tickets as a share of all tickets.", "投诉工单占全部工单的比例。"}}},
        {"aht.mean_min", {{"Average handle time (tickets)", "平均处理时长（工单）"},
                          {"Average handling minutes per ticket, over tickets with a handle time.",
                           "有处理时长记录的工单的平均处理分钟数。"}}},
        {"survey.responses", {{"Survey responses", "调查回复数"},
                              {"Satisfaction surveys submitted in the period.", "期间内提交的满意度调查数。"}}},
        {"csat.rate", {{"Customer satisfaction (CSAT)", "客户满意度（CSAT）"},
                       {"Share of survey answers scoring 4 or 5 out of 5.", "调查中评分为 4 或 5 分（满分 5 分）的比例。"}}},
        {"nps.score", {{"Net Promoter Score (NPS)", "净推荐值（NPS）"},
                       {"Percentage of promoters (9-10) minus percentage of detractors (0-6), from -100 to 100.",
                        "推荐者（9-10 分）百分比减去贬损者（0-6 分）百分比，取值 -100 到 100。"}}},
        {"csat.key_rate", {{"CSAT of key accounts", "重点客户满意度"},
                           {"CSAT over surveys about tickets of key-tier customers.",
                            "针对重点客户工单的调查的满意度。"}}},
        {"staff.avg_headcount", {{"Average headcount", "平均在岗人数"},
                                 {"Mean over the months of (agents at the month's start + at its end) / 2.",
                                  "各月（月初在岗人数 + 月末在岗人数）/ 2 的平均值。"}}},
        {"staff.hires", {{"Hires", "入职人数"}, {"Agents hired in the period.", "期间内入职的客服人数。"}}},
        {"staff.leavers", {{"Leavers", "离职人数"}, {"Agents who left in the period.", "期间内离职的客服人数。"}}},
        {"staff.attrition_rate", {{"Agent attrition", "员工流失率"},
                                  {"Sum over the months of leavers / average headcount of the month "
                                   "(SHRM turnover).",
                                   "各月离职人数除以当月平均在岗人数之和（SHRM 流失率算法）。"}}},
        {"staff.attrition_annualized", {{"Agent attrition, annualized", "员工流失率（年化）"},
                                        {"Attrition scaled to twelve months.", "按十二个月折算的流失率。"}}},
        {"staff.core_attrition_rate", {{"Core agent attrition", "核心员工流失率"},
                                       {"Attrition counted over core agents only.", "仅统计核心员工的流失率。"}}},
        {"calls.offered", {{"Calls offered", "来电量"}, {"Calls received in the period.", "期间内接入的来电数。"}}},
        {"calls.service_level", {{"Service level", "服务水平"},
                                 {"Share of calls answered within the service-level time (default 30 s), short abandons excluded.",
                                  "在服务水平时限（默认 30 秒）内接听的来电比例（不含短时放弃）。"}}},
        {"calls.abandon_rate", {{"Abandon rate", "放弃率"},
                                {"Share of calls the caller hung up before an answer, short abandons excluded.",
                                 "来电者在接听前挂断的比例（不含短时放弃）。"}}},
        {"calls.asa_sec", {{"Average speed of answer", "平均应答速度"},
                           {"Average seconds answered calls waited.", "已接听来电的平均等待秒数。"}}},
        {"calls.aht_min", {{"Average handle time (calls)", "平均处理时长（来电）"},
                           {"Average handling minutes per answered call.", "每通已接听来电的平均处理分钟数。"}}},
    };
    return table;
}

std::string pick(const Words& words, Lang lang) {
    return std::string(lang == Lang::zh_cn ? words.zh : words.en);
}

}  // namespace

Lang parse_lang(std::string_view code) {
    if (code == "en") return Lang::en;
    if (code == "zh-CN") return Lang::zh_cn;
    throw UsageError("language '" + std::string(code) + "' is not en or zh-CN");
}

std::string_view lang_code(Lang lang) {
    return lang == Lang::zh_cn ? "zh-CN" : "en";
}

std::string tr(std::string_view key, Lang lang) {
    const auto found = labels().find(key);
    if (found == labels().end()) throw std::out_of_range("no report label '" + std::string(key) + "'");
    return pick(found->second, lang);
}

std::string reason_text(const std::string& reason, Lang lang) {
    // The metrics say why a KPI is unavailable in English; the workbook speaks the reader's language.
    static const std::map<std::string, std::string, std::less<>> chinese = {
        {"no tickets in the period", "本期没有工单"},
        {"no ticket of the period has a reply", "本期工单均无回复"},
        {"no ticket of the period is resolved", "本期工单均未解决"},
        {"no urgent ticket of the period is due yet", "本期紧急工单尚未到考核时间"},
        {"no ticket of the period is resolved or past due", "本期工单均未解决且未到期"},
        {"no ticket of the period has a customer_id", "本期工单均无客户编号"},
        {"no ticket of the period has a handle time", "本期工单均无处理时长"},
        {"the tickets export has neither a contacts nor a reopens column", "工单导出既无联系次数列也无重开次数列"},
        {"the tickets export has no customer_id column", "工单导出没有客户编号列"},
        {"the tickets export has no complaint column", "工单导出没有投诉列"},
        {"the tickets export has no handle_time_sec column", "工单导出没有处理时长列"},
        {"the previous period has no tickets", "上一期没有工单"},
        {"growth compares with the year before the previous period", "增长率需与再上一年比较"},
        {"no surveys export", "未提供满意度调查导出"},
        {"no survey of the period has a csat score", "本期调查均无满意度评分"},
        {"no survey of the period has an nps score", "本期调查均无NPS评分"},
        {"no csat score of the period joins a key-customer ticket", "本期没有关联关键客户工单的满意度评分"},
        {"no agents export", "未提供员工名册导出"},
        {"no month of the period has started by as_of", "截止时间前本期尚未开始"},
        {"no agent was employed in the period", "本期没有在职员工"},
        {"no core agent was employed in the period", "本期没有在职核心员工"},
        {"the agents export has no core column", "员工名册没有核心员工列"},
        {"no calls export", "未提供话务导出"},
        {"no handled call offers in the period", "本期没有有效来电"},
        {"no answered calls in the period", "本期没有接通的来电"},
        {"no answered call has a handle_sec", "接通来电均无处理时长"},
        {"not computed for breakdowns", "细分中不计算"},
    };
    if (lang == Lang::en) return reason;
    const auto found = chinese.find(reason);
    return found != chinese.end() ? found->second : reason;
}

std::string fill(std::string pattern, std::string_view name, std::string_view value) {
    const std::string token = "{" + std::string(name) + "}";
    for (auto at = pattern.find(token); at != std::string::npos; at = pattern.find(token, at + value.size()))
        pattern.replace(at, token.size(), value);
    return pattern;
}

std::string kpi_name(std::string_view kpi_id, Lang lang) {
    const auto found = kpi_words().find(kpi_id);
    if (found == kpi_words().end()) return std::string(kpi_id);
    return pick(found->second.name, lang);
}

std::string kpi_definition(std::string_view kpi_id, Lang lang) {
    const auto found = kpi_words().find(kpi_id);
    if (found == kpi_words().end()) return {};
    return pick(found->second.definition, lang);
}

}  // namespace cskpi
