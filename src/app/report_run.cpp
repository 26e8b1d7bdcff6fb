#include "app/report_run.hpp"

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "core/errors.hpp"
#include "metrics/summary_builder.hpp"
#include "report/summary_json.hpp"
#include "report/year_end_workbook.hpp"
#include "targets/target_policy.hpp"

namespace cskpi {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("cskpi"); }

std::string reject_overview(const SourceReport& r, std::size_t max_lines) {
    std::vector<std::pair<std::string, std::int64_t>> reasons(r.rejects.begin(), r.rejects.end());
    std::sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::ostringstream s;
    s << "top reasons:";
    for (std::size_t i = 0; i < reasons.size() && i < 3; ++i) s << ' ' << reasons[i].first << '=' << reasons[i].second;
    s << "; first rejected lines:";
    for (std::size_t i = 0; i < r.first_rejects.size() && i < max_lines; ++i)
        s << (i ? ", " : " ") << r.first_rejects[i].line << " (" << r.first_rejects[i].reason << ")";
    return s.str();
}

template <class Record>
IngestedSource<Record> read_one(const SourceConfig& source, const RunConfig& config, bool enforce) {
    const LocalSource local = resolve_source(source, config.fetch);
    IngestOptions options;
    options.timezone = config.timezone;
    options.threads = config.threads;
    logger().information("reading %s from %s", source.name, local.display_uri);
    auto ingested = ingest_source<Record>(source, local, options);
    const SourceReport& r = ingested.report;
    logger().information("%s: %?d rows read, %?d accepted, %?d rejected", source.name, r.rows_read, r.rows_accepted,
                         r.rows_rejected);
    if (enforce && r.rows_read > 0 && double(r.rows_rejected) / double(r.rows_read) > config.max_reject_rate) {
        std::ostringstream msg;
        msg << source.name << " (" << r.uri << "): " << r.rows_rejected << " of " << r.rows_read
            << " rows rejected, above max_reject_rate " << config.max_reject_rate << "; " << reject_overview(r, 10);
        throw InputError(msg.str());
    }
    return ingested;
}

// Folds a source into the aggregate and releases its rows before the next one is read.
template <class Record, class Add>
void fold(IngestedSource<Record>& source, MonthlyAggregate* aggregate, Add add) {
    if (!aggregate) return;
    (aggregate->*add)(source);
    std::vector<std::vector<Record>>().swap(source.chunks);
}

}  // namespace

IngestedExports read_exports(const RunConfig& config, bool enforce, MonthlyAggregate* aggregate) {
    const SourceConfig* tickets = config.source("tickets");
    if (!tickets) throw UsageError("no tickets export given (--tickets PATH or [tickets] uri = ...)");
    IngestedExports exports{read_one<TicketRecord>(*tickets, config, enforce), {}, {}, {}};
    fold(exports.tickets, aggregate, &MonthlyAggregate::add_tickets);
    if (const auto* s = config.source("surveys")) {
        exports.surveys = read_one<SurveyRecord>(*s, config, enforce);
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

int run_report(const RunConfig& config, std::ostream& out) {
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

    const PeriodFrame frame = make_period_frame(config.year, request.as_of, clock);
    MonthlyAggregate aggregate(frame, config.params, config.threads);
    IngestedExports exports = read_exports(config, true, &aggregate);
    Summary summary = build_summary(request, aggregate, exports);
    apply_target_policy(summary, *config.settings);

    if (config.command == "year-end") {
        const auto path = config.out_dir / (config.name + "-" + std::to_string(config.year) + ".xlsx");
        write_year_end_workbook(summary, {path, config.lang});
        out << "workbook: " << path.string() << "\n";
    }
    if (config.summary_json) {
        write_summary_json(summary, *config.summary_json);
        out << "summary JSON: " << config.summary_json->string() << "\n";
    }
    return 0;
}

int run_validate(const RunConfig& config, std::ostream& out) {
    const IngestedExports exports = read_exports(config, false, nullptr);
    bool clean = true;
    auto show = [&](const SourceReport& r) {
        out << r.name << " (" << r.uri << "): " << r.rows_read << " rows read, " << r.rows_accepted << " accepted, "
            << r.rows_rejected << " rejected\n";
        for (const auto& [reason, n] : r.rejects) {
            out << "  " << std::left << std::setw(17) << reason << n << "\n";
            for (const auto& s : r.first_rejects)
                if (s.reason == reason) out << "    line " << s.line << ": " << s.detail << "\n";
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
