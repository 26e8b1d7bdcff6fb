#pragma once
// Runs the built cskpi binary as cron would, and reads back what it wrote.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace cskpi::test {

// Runs CSKPI_BINARY with `args`; `env` is added to this process's environment.
CommandResult run_cskpi(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

// One KPI's compared values from a summary JSON (nullopt = null).
struct KpiPair {
    std::optional<double> current;
    std::optional<double> previous;
    bool operator==(const KpiPair&) const = default;
};

std::map<std::string, KpiPair> read_kpis(const std::filesystem::path& summary_json);

// The `sources` entry named `name` of a summary JSON, as its JSON text.
std::string source_entry(const std::filesystem::path& summary_json, const std::string& name);

// Every ticket KPI id of docs/contract/kpis.md.
const std::vector<std::string>& ticket_kpi_ids();



}  // namespace cskpi::test
