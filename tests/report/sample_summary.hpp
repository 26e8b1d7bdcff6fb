#pragma once
// A hand-built year-end Summary for the workbook tests.
#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <filesystem>

#include "model/summary.hpp"
#include "support/process.hpp"

namespace cskpi::test {

// 2026 vs 2025. FCR 0.70 (benchmark set to 0.90 by target_config), CSAT 0.80 with a mandated
// 0.95, ASA 40 s, a team named "=1+1" and one "@SUM(A1)", calls.aht_min null.
Summary sample_summary();
// targets.fcr.rate.benchmark = 0.90, targets.csat.rate.mandated = 0.95, plus `gap_closure`
// as targets.gap_closure when given.
Poco::AutoPtr<Poco::Util::MapConfiguration> target_config(const char* gap_closure = nullptr);


}  // namespace cskpi::test
