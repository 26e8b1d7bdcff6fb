#pragma once
// A hand-built year-end Summary for the workbook tests, and a scratch directory.
#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <filesystem>
#include <random>

#include "metrics/summary.hpp"

namespace cskpi::test {

// 2026 vs 2025. FCR 0.70 (benchmark set to 0.90 by target_config), CSAT 0.80 with a mandated
// 0.95, ASA 40 s, a team named "=1+1" and one "@SUM(A1)", calls.aht_min null.
Summary sample_summary();
// targets.fcr.rate.benchmark = 0.90, targets.csat.rate.mandated = 0.95, plus `gap_closure`
// as targets.gap_closure when given.
Poco::AutoPtr<Poco::Util::MapConfiguration> target_config(const char* gap_closure = nullptr);

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("cskpi-test-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace cskpi::test
