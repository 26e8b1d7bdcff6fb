#include "scorecard_run.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "app/report_run.hpp"
#include "metrics/summary_builder.hpp"
#include "scorecards/scorecards.hpp"

namespace cskpi::test {

std::map<std::string, std::string> fixture_settings() {
    return {{"min_tickets", "2"},
            {"role.social.csat.rate", "50"},
            {"role.social.complaint.rate", "25"},
            {"role.Social.sla.overdue_rate", "25"},
            {"role.社媒客服.nps.score", "0"}};
}

Summary scorecard_fixture_summary(const std::map<std::string, std::string>& settings, bool with_surveys) {
    const std::string dir = std::string(CSKPI_SOURCE_DIR) + "/tests/fixtures/scorecards/";
    RunConfig config;
    config.command = "year-end";
    config.year = 2026;
    config.timezone = "UTC";
    config.max_reject_rate = 1.0;
    config.threads = 2;
    for (const char* name : {"tickets", "surveys", "agents"}) {
        if (!with_surveys && std::string(name) == "surveys") continue;
        SourceConfig s;
        s.name = name;
        s.uri = dir + name + ".csv";
        config.sources.push_back(s);
    }
    Poco::AutoPtr<Poco::Util::MapConfiguration> map = new Poco::Util::MapConfiguration;
    for (const auto& [k, v] : settings) map->setString("scorecard." + k, v);
    const ScorecardSettings sc = scorecard_settings(*map);

    const ReportRequest request = make_request(config);
    ZoneClock clock(config.timezone);
    const PeriodFrame frame = make_period_frame(config.year, request.as_of, clock);
    MonthlyAggregate aggregate(frame, config.params, config.threads);
    const IngestedExports exports = read_exports(config, true, &aggregate);
    Summary summary = build_summary(request, aggregate, exports);
    summary.scorecards = build_scorecards(aggregate, sc);
    if (sc.pseudonymize) pseudonymize(*summary.scorecards, sc.pseudonym_key);
    return summary;
}

}  // namespace cskpi::test
