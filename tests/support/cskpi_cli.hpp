#pragma once
// Runs the built cskpi binary as cron would, and reads back what it wrote.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cskpi::test {

struct CliRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs CSKPI_BINARY with `args`; `env` is added to this process's environment.
CliRun run_cskpi(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

// One KPI's compared values from a summary JSON (nullopt = null).
struct KpiPair {
    std::optional<double> current;
    std::optional<double> previous;
    bool operator==(const KpiPair&) const = default;
};

std::map<std::string, KpiPair> read_kpis(const std::filesystem::path& summary_json);

// The `sources` entry named `name` of a summary JSON, as its JSON text.
std::string source_entry(const std::filesystem::path& summary_json, const std::string& name);

// Every ticket KPI id of kpis.md.
const std::vector<std::string>& ticket_kpi_ids();

std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

// A fresh directory under the system temp folder, removed with everything in it.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& prefix);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

}  // namespace cskpi::test
