#include "pipeline_run.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>

#include "app/report_run.hpp"
#include "metrics/summary_builder.hpp"

namespace cskpi::test {

Summary run_pipeline(const ExportFiles& files, const PipelineOptions& options) {
    RunConfig config;
    config.command = options.kind;
    config.year = options.year;
    config.month = options.month;
    config.timezone = options.timezone;
    config.as_of = options.as_of;
    config.max_reject_rate = 1.0;
    config.threads = 2;
    auto add = [&](const char* name, const std::filesystem::path& path) {
        SourceConfig s;
        s.name = name;
        s.uri = path.string();
        config.sources.push_back(s);
    };
    add("tickets", files.tickets);
    if (files.surveys) add("surveys", *files.surveys);
    if (files.agents) add("agents", *files.agents);
    if (files.calls) add("calls", *files.calls);

    const ReportRequest request = make_request(config);
    ZoneClock clock(config.timezone);
    const PeriodFrame frame = make_period_frame(config.year, request.as_of, clock);
    MonthlyAggregate aggregate(frame, config.params, config.threads);
    const IngestedExports exports = read_exports(config, true, &aggregate);
    return build_summary(request, aggregate, exports);
}

const KpiComparison& kpi(const Summary& summary, std::string_view id) {
    const KpiComparison* k = summary.find(id);
    INFO("KPI " << id);
    REQUIRE(k != nullptr);
    return *k;
}

const SourceReport& source(const Summary& summary, std::string_view name) {
    const SourceReport* found = nullptr;
    for (const auto& s : summary.sources)
        if (s.name == name) found = &s;
    INFO("source " << name);
    REQUIRE(found != nullptr);
    return *found;
}

std::optional<double> monthly(const Summary& summary, const std::string& id, const std::string& month) {
    INFO("monthly " << id << " " << month);
    const auto series = summary.monthly.find(id);
    REQUIRE(series != summary.monthly.end());
    const auto value = series->second.find(month);
    REQUIRE(value != series->second.end());
    return value->second;
}

}  // namespace cskpi::test
