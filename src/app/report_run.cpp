#include "app/report_run.hpp"

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/export_text.hpp"
#include "core/logging.hpp"
#include "core/output_set.hpp"
#include "core/run_lock.hpp"
#include "deliver/mailer.hpp"
#include "history/history_store.hpp"
#include "ingest/spelling_tally.hpp"
#include "metrics/kpi_values.hpp"
#include "metrics/summary_builder.hpp"
#include "report/mail_message.hpp"
#include "report/monthly_workbook.hpp"
#include "report/summary_json.hpp"
#include "report/workbook_fingerprint.hpp"
#include "report/year_end_workbook.hpp"
#include "staffing/staffing.hpp"
#include "scorecards/scorecards.hpp"
#include "targets/target_policy.hpp"
#include "targets/tracking.hpp"
#include "sources/pg_connection.hpp"
#include "warehouse/pushdown.hpp"

namespace cskpi {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("cskpi"); }

std::string reject_overview(const SourceReport& r, std::size_t max_lines) {
    std::vector<std::pair<RejectReason, std::int64_t>> reasons(r.rejects.begin(), r.rejects.end());
    std::sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::ostringstream s;
    s << "top reasons:";
    for (std::size_t i = 0; i < reasons.size() && i < 3; ++i)
        s << ' ' << to_string(reasons[i].first) << '=' << reasons[i].second;
    s << "; first rejected lines:";
    for (std::size_t i = 0; i < r.first_rejects.size() && i < max_lines; ++i)
        s << (i ? ", " : " ") << r.first_rejects[i].line << " (" << to_string(r.first_rejects[i].reason) << ")";
    if (!r.unknown_spellings.empty()) {
        s << "; unknown values:";
        std::size_t shown = 0;
        for (const auto& u : r.unknown_spellings)
            if (shown++ < max_lines) s << (shown > 1 ? "; " : " ") << describe(u);
        if (shown > max_lines) s << "; … " << (shown - max_lines) << " more (cskpi validate lists them all)";
    }
    return s.str();
}

void check_reject_rate(const SourceReport& r, const RunConfig& config) {
    if (r.rows_read > 0 && double(r.rows_rejected) / double(r.rows_read) > config.max_reject_rate) {
        std::ostringstream msg;
        msg << r.name << " (" << r.uri << "): " << r.rows_rejected << " of " << r.rows_read
            << " rows rejected, above max_reject_rate " << config.max_reject_rate << "; " << reject_overview(r, 10);
        throw InputError(msg.str());
    }
}

// Seconds since `start`: the info log lines say where a run's time went (`--log-level
// info`), so an operator can tell a slow download from a slow fold without a profiler.
double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <class Record>
IngestedSource<Record> read_one(const SourceConfig& source, const RunConfig& config, bool enforce) {
    const auto start = std::chrono::steady_clock::now();
    const LocalSource local = resolve_source(source, config.fetch);
    IngestOptions options;
    options.timezone = config.timezone;
    options.threads = config.threads;
    logger().information("reading %s from %s", source.name, local.display_uri);
    auto ingested = ingest_source<Record>(source, local, options);
    const SourceReport& r = ingested.report;
    logger().information("%s: %?d rows read, %?d accepted, %?d rejected in %.2f s", source.name, r.rows_read,
                         r.rows_accepted, r.rows_rejected, seconds_since(start));
    for (std::size_t i = 0; i < r.unknown_spellings.size() && i < 10; ++i)
        logger().warning("%s: unknown value: %s", source.name, describe(r.unknown_spellings[i]));
    if (r.unknown_spellings.size() > 10)
        logger().warning("%s: %z more unknown values (Data quality sheet, cskpi validate)", source.name,
                         r.unknown_spellings.size() - 10);
    if (enforce) check_reject_rate(r, config);
    return ingested;
}

// Folds a source into the aggregate and releases its rows before the next one is read.
template <class Record, class Add>
void fold(IngestedSource<Record>& source, MonthlyAggregate* aggregate, Add add) {
    if (!aggregate) return;
    const auto start = std::chrono::steady_clock::now();
    (aggregate->*add)(source);
    logger().information("%s: folded into the months in %.2f s", source.report.name, seconds_since(start));
    decltype(source.chunks)().swap(source.chunks);
}

// warehouse.mode = pushdown (docs/warehouse.md): tickets, surveys and calls are aggregated
// in the warehouse; the roster (one row per agent) is read as usual.
IngestedExports push_down_exports(const RunConfig& config, const SourceConfig& tickets, MonthlyAggregate& aggregate) {
    if (!is_warehouse_uri(tickets.uri))
        throw UsageError("warehouse.mode = pushdown needs [tickets] uri = postgresql://...; it is " + redact_uri(tickets.uri));
    for (const char* name : {"surveys", "calls"})
        if (const auto* s = config.source(name); s && !is_warehouse_uri(s->uri))
            throw UsageError("warehouse.mode = pushdown needs [" + std::string(name) +
                             "] in the warehouse too (uri = postgresql://...), or leave it out of this report definition");
    const SourceConfig* surveys = config.source("surveys");
    logger().information("tickets: computing in the warehouse (pushdown)");
    IngestedExports exports{push_down_tickets(tickets, config.fetch, config.timezone,
                                                       config.command == "monthly" ? config.month : 0, aggregate), {}, {}, {}};
    check_reject_rate(exports.tickets.report, config);
    if (surveys) {
        logger().information("surveys: computing in the warehouse (pushdown)");
        exports.surveys = push_down_surveys(*surveys, tickets, config.fetch, config.timezone, aggregate);
        check_reject_rate(exports.surveys->report, config);
    }
    if (const auto* s = config.source("agents")) {
        exports.agents = read_one<AgentRecord>(*s, config, true);
        fold(*exports.agents, &aggregate, &MonthlyAggregate::add_agents);
    }
    if (const auto* s = config.source("calls")) {
        logger().information("calls: computing in the warehouse (pushdown)");
        exports.calls = push_down_calls(*s, config.fetch, config.timezone, aggregate);
        check_reject_rate(exports.calls->report, config);
    }
    return exports;
}

}  // namespace

IngestedExports read_exports(const RunConfig& config, bool enforce, MonthlyAggregate* aggregate) {
    const SourceConfig* tickets = config.source("tickets");
    if (!tickets) throw UsageError("no tickets export given (--tickets PATH or [tickets] uri = ...)");
    // `validate` (no aggregate) reads rows in either mode: it reports rows and rejects.
    if (config.warehouse_mode == "pushdown" && aggregate) return push_down_exports(config, *tickets, *aggregate);
    IngestedExports exports{read_one<TicketRecord>(*tickets, config, enforce), {}, {}, {}};
    fold(exports.tickets, aggregate, &MonthlyAggregate::add_tickets);
    if (const auto* s = config.source("surveys")) {
        exports.surveys = read_one<SurveyRecord>(*s, config, enforce);
        fold(*exports.surveys, aggregate, &MonthlyAggregate::add_surveys);
    } else if (exports.tickets.rates_satisfaction) {
        // The tickets export's own ratings (docs/presets.md), only without a surveys export.
        exports.surveys = surveys_from_ticket_ratings(exports.tickets);
        fold(*exports.surveys, aggregate, &MonthlyAggregate::add_surveys);
    }
    if (const auto* s = config.source("agents")) {
        exports.agents = read_one<AgentRecord>(*s, config, enforce);
        fold(*exports.agents, aggregate, &MonthlyAggregate::add_agents);
    }
    if (const auto* s = config.source("calls")) {
        exports.calls = read_one<CallRecord>(*s, config, enforce);
        fold(*exports.calls, aggregate, &MonthlyAggregate::add_calls);
    }
    return exports;
}

namespace {


// Step lines for a person watching a terminal; cron output keeps to the log lines.
class Progress {
public:
    Progress(bool shown, int steps) : shown_(shown), steps_(steps) {}
    void step(const std::string& what) {
        if (shown_) std::cerr << "[" << ++done_ << "/" << steps_ << "] " << what << std::endl;
    }

private:
    bool shown_;
    int steps_;
    int done_ = 0;
};

// The year's targets for a monthly run: those the previous year-end run saved, else the
// policy over the previous year's annual values (docs/monthly.md).
std::map<std::string, TargetPlan> tracking_targets(const RunConfig& config, const HistoryStore& history,
                                                   const MonthlyAggregate& aggregate) {
    auto targets = history.load_targets(config.year);
    if (!targets.empty()) {
        logger().notice("targets for %d: %z saved by a year-end run in %s", config.year, targets.size(),
                        history.path().string());
        apply_warning_overrides(targets, *config.settings);
        return targets;
    }
    const KpiValues previous_year = aggregate.kpis(year_months(0));
    std::vector<KpiComparison> baselines;
    for (const auto& info : kpi_catalog()) {
        const auto found = previous_year.find(info.id);
        if (found == previous_year.end()) continue;
        baselines.push_back(compare(info, found->second, unavailable("not compared")));
    }
    logger().notice("targets for %d: none saved in %s, computed from %d's values with the target policy",
                    config.year, history.path().string(), config.year - 1);
    return targets_from_policy(baselines, *config.settings);
}

// What a killed run left: the outputs of a commit it had begun are put in place (the set
// is complete on disk), staged files it had not committed are removed.
void finish_interrupted_outputs(const RunConfig& config) {
    for (const auto& target : OutputSet::complete_interrupted(output_journal_path(config.out_dir, config.name)))
        logger().warning("completed %s, an output of an interrupted run", target.string());
    std::vector<std::filesystem::path> dirs{config.out_dir};
    if (config.summary_json) dirs.push_back(config.summary_json->has_parent_path() ? config.summary_json->parent_path()
                                                                                    : std::filesystem::path("."));
    for (const auto& dir : dirs)
        for (const auto& stale : remove_stale_staged_files(dir))
            logger().notice("removed %s, left by an interrupted run", stale.string());
}

// Mails the committed workbook once per (report, period, recipients, workbook bytes), or
// writes it as a .eml file. Throws DeliveryError; the workbook stays either way.
void deliver(const RunConfig& config, const Summary& summary, const std::filesystem::path& workbook,
             HistoryStore& history, std::ostream& out) {
    const MailSettings settings = MailSettings::from_config(*config.settings);
    const MailText mail = render_mail(summary, config.name, parse_lang(config.lang));
    const MailContent content{mail.subject, mail.text, mail.html, workbook, ""};
    if (config.mail_to_dir) {
        const auto eml = write_eml(*config.mail_to_dir, settings, content);
        logger().notice("mail written to %s", eml.string());
        out << "mail: " << eml.string() << "\n";
        return;
    }
    std::vector<std::string> recipients = settings.to;
    recipients.insert(recipients.end(), settings.cc.begin(), settings.cc.end());
    const DeliveryKey key{config.name, summary.report.period, recipients, workbook_fingerprint(workbook)};
    const auto earlier = config.resend ? std::nullopt : history.delivery(key);
    if (earlier && earlier->outcome == DeliveryOutcome::sent) {
        logger().notice("%s %s already mailed to %s; not sending again (--resend to send anyway)", config.name,
                        summary.report.period, normalized_recipients(recipients));
        out << "mail: already sent to " << normalized_recipients(recipients) << "\n";
        return;
    }
    if (earlier) {
        // The server may have it: sending again could deliver it twice, so a person decides.
        throw DeliveryError("mail: the delivery of " + config.name + " " + summary.report.period + " to " +
                            normalized_recipients(recipients) + " on " + earlier->at + " (" + earlier->message_id +
                            ") is unknown: the message was sent but the server's reply was lost; not sending it "
                            "again (check with the recipients, --resend sends it)");
    }
    RetryPolicy retry;
    retry.max_attempts = config.mail_attempts;
    retry.first_delay = std::chrono::milliseconds(config.mail_retry_delay_ms);
    retry.factor = 2.0;
    std::string message_id;
    try {
        message_id = send_mail(settings, content, retry);
    } catch (const DeliveryUnknownError& e) {
        history.record_delivery(key, e.message_id, DeliveryOutcome::unknown);
        throw;
    }
    history.record_delivery(key, message_id);
    out << "mail: sent to " << normalized_recipients(recipients) << " " << message_id << "\n";
}

}  // namespace

ReportRequest make_request(const RunConfig& config) {
    ReportRequest request;
    request.kind = config.command;
    request.year = config.year;
    request.month = config.month;
    request.timezone = config.timezone;
    request.params = config.params;
    ZoneClock clock(config.timezone);
    request.generated_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    if (config.as_of.empty()) {
        request.as_of = default_as_of(config.year, config.command == "monthly" ? config.month : 0, clock);
    } else {
        const auto t = parse_timestamp(config.as_of);
        if (!t) throw UsageError("as_of '" + config.as_of + "' is not a timestamp (YYYY-MM-DD HH:MM[:SS][+08:00])");
        request.as_of = clock.instant_of(*t);
    }
    return request;
}

int run_report(const RunConfig& config, std::ostream& out) {
    const bool monthly = config.command == "monthly";
    const bool mailing = config.mail || config.mail_to_dir.has_value();
    // Bad mail settings end the run before any work, not after the workbook.
    if (mailing) MailSettings::from_config(*config.settings);
    check_target_keys(*config.settings);
    // Scorecard settings and the pseudonym key are checked before any work (exit 2).
    const ScorecardSettings scorecard = scorecard_settings(*config.settings, !monthly);
    Progress progress(stderr_is_terminal(), mailing ? 5 : 4);

    const RunLock lock(config.lock_file);
    finish_interrupted_outputs(config);
    HistoryStore history = HistoryStore::open(config.history_path);

    const ReportRequest request = make_request(config);
    ZoneClock clock(config.timezone);
    progress.step("reading the exports");
    const PeriodFrame frame = make_period_frame(config.year, request.as_of, clock);
    MonthlyAggregate aggregate(frame, config.params, config.threads);
    IngestedExports exports = read_exports(config, true, &aggregate);
    progress.step("computing the KPIs");
    auto stage_start = std::chrono::steady_clock::now();
    Summary summary = build_summary(request, aggregate, exports);
    if (monthly) apply_tracking(summary, tracking_targets(config, history, aggregate));
    else apply_target_policy(summary, *config.settings);
    // The attrition default is the policy's staff.attrition_rate target: plan after it.
    if (!monthly)
        summary.staffing = plan_staffing(aggregate.staffing_facts(), summary, config.staffing,
                                         config.params.service_level_sec);
    if (!monthly && scorecard.enabled) {
        summary.scorecards = build_scorecards(aggregate, scorecard);
        if (scorecard.pseudonymize) pseudonymize(*summary.scorecards, scorecard.pseudonym_key);
    }

    logger().information("KPIs, targets%s computed in %.2f s", std::string(monthly ? "" : ", staffing plan, scorecards"),
                         seconds_since(stage_start));
    stage_start = std::chrono::steady_clock::now();
    progress.step("writing the workbook");
    // Both outputs are staged beside their targets, the run is recorded in the history
    // store, and only then are the outputs put in place as a set (core/output_set.hpp):
    // a failed run, history included, changes neither.
    const auto workbook = config.out_dir / (config.name + "-" + summary.report.period + ".xlsx");
    OutputSet outputs(output_journal_path(config.out_dir, config.name));
    AtomicFile& staged_workbook = outputs.stage(workbook);
    if (monthly) {
        sheets::MonthlySeries stored;
        for (const auto& info : kpi_catalog())
            if (info.has_monthly) stored[std::string(info.id)] = history.monthly_values(std::string(info.id));
        write_monthly_workbook(summary, merge_trend(summary, stored),
                               {workbook, config.lang, staged_workbook.temp_path()});
    } else {
        // The year's own targets, when last year's year-end run saved them, for the charts.
        std::map<std::string, double> year_targets;
        for (const auto& [id, plan] : history.load_targets(config.year)) year_targets[id] = plan.value;
        write_year_end_workbook(summary, {workbook, config.lang, staged_workbook.temp_path(), year_targets});
    }
    if (config.summary_json)
        write_summary_json(summary, *config.summary_json, outputs.stage(*config.summary_json).temp_path());

    logger().information("workbook%s written in %.2f s", std::string(config.summary_json ? " and summary JSON" : ""),
                         seconds_since(stage_start));
    progress.step("recording the run in the history store");
    history.record_run(summary);
    if (!monthly) history.save_targets(config.year + 1, summary);
    logger().notice("recorded %s %s in %s", config.command, summary.report.period, history.path().string());

    outputs.commit();
    out << "workbook: " << workbook.string() << "\n";
    const auto alerts = alert_kpis(summary);
    logger().notice("%s %s: workbook %s, %z alert(s)", config.command, summary.report.period, workbook.string(),
                    alerts.size());
    for (const KpiComparison* k : alerts) {
        std::ostringstream line;
        line << std::setprecision(4) << "alert: " << k->info->id << " is past its warning line";
        if (k->target && k->target->warning) line << ' ' << *k->target->warning;
        logger().warning(line.str());
    }
    if (config.summary_json) out << "summary JSON: " << config.summary_json->string() << "\n";

    if (mailing) {
        progress.step(config.mail ? "mailing the workbook" : "writing the mail");
        deliver(config, summary, workbook, history, out);
    }
    return 0;
}

int run_history(const RunConfig& config, std::ostream& out) {
    if (!std::filesystem::exists(config.history_path)) {
        out << "no history store at " << config.history_path.string() << "\n";
        return 0;
    }
    const HistoryStore history = HistoryStore::open(config.history_path);
    const auto runs = history.list_runs();
    out << "history store " << history.path().string() << " (schema version " << history.schema_version() << "), "
        << runs.size() << (runs.size() == 1 ? " run" : " runs") << "\n";
    if (runs.empty()) return 0;
    out << std::left << std::setw(10) << "period" << std::setw(10) << "kind" << std::setw(27) << "as of"
        << std::setw(27) << "generated at" << std::setw(8) << "values"
        << "version\n";
    for (const auto& r : runs)
        out << std::left << std::setw(10) << r.period << std::setw(10) << r.kind << std::setw(27) << r.as_of
            << std::setw(27) << r.generated_at << std::setw(8) << r.kpi_values << r.tool_version << "\n";
    return 0;
}

int run_validate(const RunConfig& config, std::ostream& out) {
    const IngestedExports exports = read_exports(config, false, nullptr);
    bool clean = true;
    auto show = [&](const SourceReport& r) {
        // Details quote export text, escaped where they are made; escape_controls again is a
        // no-op on them and keeps raw bytes of any other origin off the terminal.
        out << r.name << " (" << escape_controls(r.uri) << "): " << r.rows_read << " rows read, " << r.rows_accepted
            << " accepted, " << r.rows_rejected << " rejected\n";
        for (const auto& [reason, n] : r.rejects) {
            out << "  " << std::left << std::setw(17) << to_string(reason) << n << "\n";
            for (const auto& s : r.first_rejects)
                if (s.reason == reason) out << "    line " << s.line << ": " << escape_controls(s.detail) << "\n";
        }
        if (!r.unknown_spellings.empty()) {
            out << "  unknown values (add a value. line to the report definition's [" << r.name << "] section):\n";
            for (const auto& u : r.unknown_spellings) out << "    " << describe(u) << "\n";
        }
        clean = clean && r.rows_rejected == 0;
    };
    show(exports.tickets.report);
    if (exports.surveys) show(exports.surveys->report);
    if (exports.agents) show(exports.agents->report);
    if (exports.calls) show(exports.calls->report);
    out << (clean ? "clean: every row accepted\n" : "rejected rows found\n");
    return clean ? 0 : int(ExitCode::input);
}

}  // namespace cskpi
