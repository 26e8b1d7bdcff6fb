#pragma once
// Runs ingest -> aggregate -> scorecards in-process on the scorecard fixture
// (tests/fixtures/scorecards), the way `cskpi year-end` does (app/report_run.cpp).
#include <map>
#include <string>

#include "model/summary.hpp"

namespace cskpi::test {

// `settings`: [scorecard] keys without the section, e.g. {"min_tickets", "2"}.
// The summary has its scorecards filled.
Summary scorecard_fixture_summary(const std::map<std::string, std::string>& settings, bool with_surveys = true);

// The fixture's own settings: min_tickets 2 and the social role's weights.
std::map<std::string, std::string> fixture_settings();

}  // namespace cskpi::test
