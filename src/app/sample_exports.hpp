#pragma once
// `cskpi sample`: realistic, deterministic two-year exports of all four kinds.
#include <cstdint>
#include <filesystem>

namespace cskpi {

struct SampleOptions {
    std::filesystem::path out_dir;
    std::int64_t tickets = 2000;   // over both years
    std::uint64_t seed = 1;
    int year = 2026;               // the report year; the previous year is generated too
};

// Writes tickets.csv, surveys.csv, agents.csv and calls.csv into out_dir.
// Throws OutputError when a file cannot be written.
void write_sample_exports(const SampleOptions& options);

}  // namespace cskpi
