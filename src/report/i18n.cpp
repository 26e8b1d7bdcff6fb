#include "report/i18n.hpp"

#include <map>
#include <regex>
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
        {"sheet.overview", {"Overview", "总览"}},
        {"title.overview", {"{kind} {period}: what to read first", "{period} {kind}：重点一览"}},
        {"kind.year-end", {"Year-end KPIs", "年度关键指标"}},
        {"kind.monthly", {"Monthly KPIs", "月度关键指标"}},
        {"overview.compared", {"Compared with {previous}; data as of {as_of}.", "对比 {previous}；数据截至 {as_of}。"}},
        {"overview.alert_count", {"{n} KPI(s) past their warning line.", "{n} 项指标越过预警线。"}},
        {"overview.annualized", {"Attrition: year to date, annualized.", "流失率：年初至今，按年折算。"}},
        {"overview.risks", {"Top risks", "主要风险"}},
        {"overview.no_risks", {"No KPI is past or near its warning line and no target is a stretch.",
                               "没有指标越过或接近预警线，也没有挑战性目标。"}},
        {"overview.attached", {"The workbook is attached; its Overview sheet shows the same.",
                               "附件为工作簿，其“总览”工作表内容相同。"}},
        {"col.trend_chart", {"{year} by month", "{year} 年各月"}},
        {"col.risk", {"Risk", "风险"}},
        {"col.this_year", {"Year {period}", "{period} 年"}},
        {"col.target_next", {"Target {year}", "{year} 年目标"}},
        {"rag.green", {"on track", "正常"}},
        {"rag.amber", {"watch", "关注"}},
        {"rag.red", {"alert", "预警"}},
        {"risk.past_line", {"past its warning line: {value} against the line {line}",
                            "已越过预警线：{value}，预警线 {line}"}},
        {"risk.near_line", {"near its warning line: {value} against the line {line}",
                            "接近预警线：{value}，预警线 {line}"}},
        {"risk.stretch", {"stretch target: {value} → {target} asks {asked}; the most achieved in a year is {achievable}",
                          "挑战性目标：{value} → {target}，需改善 {asked}；一年内实际最多改善 {achievable}"}},
        {"risk.stretch_plain", {"stretch target: {value} → {target} asks {asked}",
                                "挑战性目标：{value} → {target}，需改善 {asked}"}},
        {"unit.min_short", {"min", "分钟"}},
        {"unit.h_short", {"h", "小时"}},
        {"unit.s_short", {"s", "秒"}},
        {"unit.pp", {"pp", "个百分点"}},
        {"unit.points", {"pts", "分"}},
        {"punct.colon", {": ", "："}},
        {"punct.space", {" ", ""}},
        {"footer.page", {"Page &P of &N", "第 &P 页，共 &N 页"}},
        {"mail.subject", {"{name} {kind} report {period}: {alerts}", "{name} {period} {kind}报告：{alerts}"}},
        {"mail.kind.year-end", {"year-end", "年度"}},
        {"mail.kind.monthly", {"monthly", "月度"}},
        {"mail.no_alerts", {"no alerts", "无预警"}},
        {"mail.one_alert", {"1 alert", "1 项预警"}},
        {"mail.alerts", {"{n} alerts", "{n} 项预警"}},
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
        {"col.best_yoy", {"Achievable improvement", "可实现的改善幅度"}},
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
        {"col.judged_value", {"{period} (attrition: year to date, annualized)", "{period}（流失率：年初至今按年折算）"}},
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
        {"status.ok", {"ok", "正常"}},
        {"yes", {"yes", "是"}},
        {"no", {"no", "否"}},
        {"basis.maintain", {"maintain", "保持"}},
        {"basis.gap_closure", {"gap closure", "缩小差距"}},
        {"basis.mandated", {"mandated", "指定"}},
        {"basis.warning_line", {"warning line", "预警线"}},
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
        {"channel.phone", {"phone", "电话"}},
        {"channel.chat", {"chat", "在线聊天"}},
        {"channel.email", {"email", "邮件"}},
        {"channel.social", {"social", "社交媒体"}},
        {"channel.web", {"web", "网页"}},
        {"channel.other", {"other", "其他"}},
        {"priority.urgent", {"urgent", "紧急"}},
        {"priority.high", {"high", "高"}},
        {"priority.normal", {"normal", "普通"}},
        {"priority.low", {"low", "低"}},
        {"source.tickets", {"tickets", "工单"}},
        {"source.surveys", {"surveys", "满意度调查"}},
        {"source.agents", {"agents", "员工名册"}},
        {"source.calls", {"calls", "话务"}},
        {"reject.field_count", {"field_count", "字段数不符"}},
        {"reject.missing_required", {"missing_required", "缺少必填值"}},
        {"reject.bad_timestamp", {"bad_timestamp", "时间无效"}},
        {"reject.bad_date", {"bad_date", "日期无效"}},
        {"reject.bad_number", {"bad_number", "数字无效"}},
        {"reject.bad_enum", {"bad_enum", "取值无效"}},
        {"reject.out_of_range", {"out_of_range", "超出范围"}},
        {"reject.time_order", {"time_order", "时间先后错误"}},
        {"reject.duplicate_id", {"duplicate_id", "编号重复"}},
        {"reject.bad_encoding", {"bad_encoding", "编码无效"}},
        {"setting.timezone", {"timezone", "时区"}},
        {"setting.as_of", {"as_of", "数据截止时间"}},
        {"setting.sla_hours.urgent", {"sla_hours.urgent", "SLA 时限（紧急，小时）"}},
        {"setting.sla_hours.high", {"sla_hours.high", "SLA 时限（高，小时）"}},
        {"setting.sla_hours.normal", {"sla_hours.normal", "SLA 时限（普通，小时）"}},
        {"setting.sla_hours.low", {"sla_hours.low", "SLA 时限（低，小时）"}},
        {"setting.urgent_response_min", {"urgent_response_min", "紧急响应时限（分钟）"}},
        {"setting.repeat_window_days", {"repeat_window_days", "重复来访窗口（天）"}},
        {"setting.short_abandon_sec", {"short_abandon_sec", "短时放弃阈值（秒）"}},
        {"setting.service_level_sec", {"service_level_sec", "服务水平时限（秒）"}},
        {"prop.period", {"period", "期间"}},
        {"prop.previous_period", {"previous period", "对比期间"}},
        {"prop.as_of", {"as of", "数据截止"}},
        {"prop.generated_at", {"generated at", "生成时间"}},
        {"prop.language", {"language", "语言"}},
        {"doc.comments", {"period {period}, as of {as_of}, generated at {generated_at}",
                          "期间 {period}，数据截至 {as_of}，生成于 {generated_at}"}},
        {"doc.comments_monthly", {"period {period}, as of {as_of}", "期间 {period}，数据截至 {as_of}"}},
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
        // Staffing plan sheet (docs/staffing.md)
        {"sheet.staffing", {"Staffing {year}", "{year}年人力规划"}},
        {"staffing.title", {"Staffing plan {year}: yellow cells are inputs; forecasts, FTE, headcount, hires and "
                            "cost recalculate from them. Agent-hours come from Erlang C at this run's settings: "
                            "rerun the report to recompute them after changing growth, deflection, AHT, "
                            "service level, occupancy or interval.",
                            "{year}年人力规划：黄色单元格可填写；预测量、全职当量、人数、招聘与成本据此自动计算。"
                            "座席工时按本次运行设置的爱尔兰C公式计算：修改增长率、自助分流率、平均处理时长、"
                            "服务水平、占用率或时段长度后，请重新运行报表。"}},
        {"staffing.settings", {"Settings", "设置"}},
        {"staffing.col.setting", {"Setting", "设置项"}},
        {"staffing.col.value", {"Value", "值"}},
        {"staffing.col.key", {"Key", "设置键"}},
        {"staffing.col.source", {"Source", "来源"}},
        {"staffing.channel.phone", {"phone", "电话"}},
        {"staffing.channel.chat", {"chat", "在线"}},
        {"staffing.channel.email", {"email", "邮件"}},
        {"staffing.channel.social", {"social", "社交"}},
        {"staffing.channel.web", {"web", "网页"}},
        {"staffing.channel.other", {"other", "其他"}},
        {"staffing.set.growth_calls", {"Call volume growth", "来电量增长率"}},
        {"staffing.set.growth_tickets", {"Ticket volume growth", "工单量增长率"}},
        {"staffing.set.deflection", {"Deflection (self-service, automation)", "自助/自动化分流率"}},
        {"staffing.set.f_calls", {"Forecast factor, calls = (1 + growth) × (1 − deflection)",
                                  "来电预测系数 =（1 + 增长率）×（1 − 分流率）"}},
        {"staffing.set.f_tickets", {"Forecast factor, tickets", "工单预测系数"}},
        {"staffing.set.interval_min", {"Interval (minutes)", "时段长度（分钟）"}},
        {"staffing.set.aht_sec", {"Average handle time of calls (s)", "来电平均处理时长（秒）"}},
        {"staffing.set.sl_target", {"Service level target", "服务水平目标"}},
        {"staffing.set.service_level_sec", {"Service level time (s)", "服务水平时限（秒）"}},
        {"staffing.set.max_occupancy", {"Maximum occupancy (phone)", "最高占用率（电话）"}},
        {"staffing.set.shrinkage", {"Shrinkage", "缩减率（休假、培训、会议）"}},
        {"staffing.set.ticket_occupancy", {"Ticket occupancy", "工单处理占用率"}},
        {"staffing.set.hours_per_week", {"Hours per FTE and week", "每个全职当量每周工时"}},
        {"staffing.set.attrition", {"Annual attrition", "年流失率"}},
        {"staffing.set.hire_lead_months", {"Hiring lead time (months)", "招聘提前期（月）"}},
        {"staffing.set.cost_per_fte_year", {"Cost per FTE and year", "每个全职当量年成本"}},
        {"staffing.set.ticket_handle_sec", {"Ticket handle time when the export has none (s)",
                                            "导出无处理时长时的工单处理时长（秒）"}},
        {"staffing.set.headcount_start", {"Headcount at the start (H0)", "期初在岗人数（H0）"}},
        {"staffing.src.setting", {"report definition", "报表定义"}},
        {"staffing.src.default", {"default", "默认值"}},
        {"staffing.src.change", {"{kpi} change {previous}→{year}", "{kpi} {previous}→{year} 同比变化"}},
        {"staffing.src.no_change", {"{kpi} has no year-over-year change: 0", "{kpi} 无同比变化，取 0"}},
        {"staffing.src.aht_kpi", {"calls.aht_min × 60 of {year}", "{year}年 calls.aht_min × 60"}},
        {"staffing.src.target", {"staff.attrition_rate target {next} ({basis})", "staff.attrition_rate {next}年目标（{basis}）"}},
        {"staffing.src.no_target", {"staff.attrition_rate is n/a: 0", "staff.attrition_rate 不适用，取 0"}},
        {"staffing.src.formula", {"formula", "公式"}},
        {"staffing.src.roster", {"agents on the as-of date", "截止日在岗人数"}},
        {"staffing.monthly", {"Monthly plan", "月度规划"}},
        {"staffing.col.month", {"Month", "月份"}},
        {"staffing.col.days", {"Days", "天数"}},
        {"staffing.col.fte_hours", {"Hours per FTE", "每个全职当量工时"}},
        {"staffing.col.base_calls", {"Calls at this year's level", "按本年水平的来电量"}},
        {"staffing.col.forecast_calls", {"Forecast calls (handled)", "预测来电量（可处理）"}},
        {"staffing.col.phone_hours", {"Phone agent-hours (Erlang C)", "电话座席工时（爱尔兰C公式）"}},
        {"staffing.col.fte_phone", {"FTE phone", "电话全职当量"}},
        {"staffing.col.base_tickets", {"Tickets at this year's level", "按本年水平的工单量"}},
        {"staffing.col.forecast_tickets", {"Forecast tickets", "预测工单量"}},
        {"staffing.col.base_workload", {"Workload hours at this year's level", "按本年水平的工作量（小时）"}},
        {"staffing.col.workload", {"Workload hours", "工作量（小时）"}},
        {"staffing.col.fte_tickets", {"FTE tickets", "工单全职当量"}},
        {"staffing.col.required", {"Required FTE", "所需全职当量"}},
        {"staffing.col.leavers", {"Leavers", "离职"}},
        {"staffing.col.hires", {"Hires", "招聘"}},
        {"staffing.col.headcount", {"Headcount", "在岗人数"}},
        {"staffing.col.cost", {"Cost", "成本"}},
        {"staffing.col.recruit_month", {"Start recruiting", "开始招聘月份"}},
        {"staffing.year_total", {"Year", "全年"}},
        {"staffing.budget", {"Budget", "预算"}},
        {"staffing.quarterly", {"Quarterly view", "季度视图"}},
        {"staffing.col.quarter", {"Quarter", "季度"}},
        {"staffing.col.peak_required", {"Peak required FTE", "最高所需全职当量"}},
        {"staffing.col.headcount_end", {"Headcount at quarter end", "季末在岗人数"}},
        {"staffing.heatmap", {"Agents needed by weekday and interval in the peak month {month} (Erlang C): "
                              "shifts should follow these peaks",
                              "高峰月 {month} 按星期和时段所需座席数（爱尔兰C公式）：排班应跟随这些高峰"}},
        {"staffing.chart", {"Required FTE and headcount", "所需全职当量与在岗人数"}},
        {"staffing.no_calls", {"Phone plan: no calls export; phone tickets are planned as ticket workload.",
                               "电话规划：无来电导出，电话工单按工单工作量规划。"}},
        {"staffing.no_aht", {"Phone plan: no call handle time (no handle_sec, no staffing.aht_sec): agent-hours "
                             "and FTE phone are n/a.",
                             "电话规划：无来电处理时长（无 handle_sec，且未设置 staffing.aht_sec）：座席工时和电话全职当量不适用。"}},
        {"staffing.no_handle", {"Ticket plan: no handle time for channel(s) {channels} (no handle_time_sec, no "
                                "staffing.ticket_handle_sec): left out of the workload.",
                                "工单规划：渠道 {channels} 无处理时长（无 handle_time_sec，且未设置 "
                                "staffing.ticket_handle_sec）：未计入工作量。"}},
        {"staffing.no_roster", {"Headcount: no agents export; leavers, hires, headcount and cost are n/a.",
                                "人数：无员工导出；离职、招聘、在岗人数和成本不适用。"}},
        {"weekday.1", {"Mon", "周一"}},
        {"weekday.2", {"Tue", "周二"}},
        {"weekday.3", {"Wed", "周三"}},
        {"weekday.4", {"Thu", "周四"}},
        {"weekday.5", {"Fri", "周五"}},
        {"weekday.6", {"Sat", "周六"}},
        {"weekday.7", {"Sun", "周日"}},
        // Scorecards sheet (docs/scorecards.md)
        {"sheet.scorecards", {"Scorecards", "岗位考核"}},
        {"title.scorecards", {"Role scorecards: yellow cells are inputs; scores, ranks and bands follow the weights",
                              "岗位考核：黄色单元格可修改；得分、排名和等级随权重重新计算"}},
        {"sc.star_score", {"Star from score", "服务之星得分线"}},
        {"sc.improve_score", {"Improvement plan below score", "改进计划得分线（低于）"}},
        {"sc.min_tickets", {"Tickets to be ranked", "参与排名最少工单数"}},
        {"sc.cap", {"Attainment cap", "达成率上限"}},
        {"sc.rule", {"Attainment = value / role reference (lower-is-better KPIs: reference / value), 0 to the cap. "
                     "Score = 100 × Σ weight × attainment / Σ weight over the KPIs with an attainment; no score when "
                     "those carry less than half of the role's weight. 100 = the role's level.",
                     "达成率 = 数值 / 岗位参考值（越低越好的指标：参考值 / 数值），取 0 至上限。得分 = 100 × Σ 权重 × 达成率 / "
                     "Σ 权重（仅计有达成率的指标）；这些指标的权重不足岗位总权重一半时不评分。100 = 岗位平均水平。"}},
        {"sc.weights_row", {"Role reference and weights", "岗位参考值与权重"}},
        {"col.role", {"Role", "岗位"}},
        {"col.agent", {"Agent", "客服"}},
        {"col.agent_team", {"Team", "团队"}},
        {"col.tickets", {"Tickets", "工单数"}},
        {"col.eligible", {"Ranked", "参与排名"}},
        {"col.attainment_of", {"Attainment: {kpi}", "达成率：{kpi}"}},
        {"col.score", {"Score", "得分"}},
        {"col.rank", {"Rank", "排名"}},
        {"col.band", {"Band", "等级"}},
        {"col.rank_key", {"Rank key", "排名键"}},
        {"col.tie_order", {"Tie order (agent id)", "同分顺序（客服编号）"}},
        {"role.phone", {"Phone agent", "电话客服"}},
        {"role.tech_support", {"Technical support", "技术支持"}},
        {"role.social", {"Social media", "社媒客服"}},
        {"role.other", {"Other", "其他"}},
        {"band.star", {"Service star", "服务之星"}},
        {"band.meets", {"Meets", "达标"}},
        {"band.improve", {"Improvement plan", "改进计划"}},
        {"input.scorecard_weight", {"Weight: the KPI's weight in the role's score, 0 or more",
                                    "权重：指标在岗位得分中的权重，不小于 0"}},
        {"input.band_line", {"Band line: a score", "等级线：得分"}},
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

std::string reject_detail_text(const std::string& detail, Lang lang) {
    if (lang == Lang::en) return detail;
    // The shapes row_parser.cpp and dedupe write; $1.. keep column names and quoted values.
    static const std::vector<std::pair<std::regex, std::string>> shapes = [] {
        std::vector<std::pair<std::regex, std::string>> out;
        const auto add = [&](const char* pattern, const char* chinese) {
            out.emplace_back(std::regex(pattern), chinese);
        };
        add(R"(^(.+): ('.*') is not a timestamp$)", "$1：$2 不是有效的时间");
        add(R"(^(.+): ('.*') is not a date$)", "$1：$2 不是有效的日期");
        add(R"(^(.+): ('.*') is not a yes/no value$)", "$1：$2 不是有效的是/否值");
        add(R"(^(.+): ('.*') is not an integer$)", "$1：$2 不是整数");
        add(R"(^(.+): ('.*') is not a number$)", "$1：$2 不是数字");
        add(R"(^(.+): ('.*') is not a duration in seconds$)", "$1：$2 不是以秒为单位的时长");
        add(R"(^(.+): ('.*') is not a duration in minutes$)", "$1：$2 不是以分钟为单位的时长");
        add(R"(^(.+): ('.*') is not a duration in hours$)", "$1：$2 不是以小时为单位的时长");
        add(R"(^(.+): ('.*') is out of range$)", "$1：$2 超出允许范围");
        add(R"(^(.+): ('.*') is out of range \(([-0-9.]+)\.\.([-0-9.]+)\)$)", "$1：$2 超出允许范围（$3 至 $4）");
        add(R"(^(.+): ('.*') is out of range \(at least ([-0-9.]+)\)$)", "$1：$2 超出允许范围（至少 $3）");
        add(R"(^(.+): ('.*') is out of range \(at most ([-0-9.]+)\)$)", "$1：$2 超出允许范围（至多 $3）");
        add(R"(^(.+): ('.*') is negative$)", "$1：$2 为负数");
        add(R"(^(.+): unknown value ('.*')$)", "$1：未知取值 $2");
        add(R"(^(.+): bytes not valid (.+)$)", "$1：字节不是有效的 $2 编码");
        add(R"(^(\S+) is empty$)", "$1 为空");
        add(R"(^(\S+) is before (\S+)$)", "$1 早于 $2");
        add(R"(^(\d+) fields, header has (\d+)$)", "本行 $1 个字段，表头有 $2 个");
        add(R"(^the id appears again on a later row, which wins$)", "该编号在后面的行中再次出现，以后面的行为准");
        return out;
    }();
    for (const auto& [shape, chinese] : shapes)
        if (std::regex_match(detail, shape)) return std::regex_replace(detail, shape, chinese);
    return detail;
}

std::string fill(std::string pattern, std::string_view name, std::string_view value) {
    const std::string token = "{" + std::string(name) + "}";
    for (auto at = pattern.find(token); at != std::string::npos; at = pattern.find(token, at + value.size()))
        pattern.replace(at, token.size(), value);
    return pattern;
}

std::string enum_label(std::string_view field, std::string_view value, Lang lang) {
    const auto found = labels().find(std::string(field) + "." + std::string(value));
    if (found == labels().end()) return std::string(value);
    return pick(found->second, lang);
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
