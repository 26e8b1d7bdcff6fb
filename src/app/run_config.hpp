#pragma once
// One run's settings: the report definition (INI) with command-line flags laid over it.
#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metrics/metric_params.hpp"
#include "sources/source.hpp"
#include "staffing/staffing.hpp"

namespace cskpi {

inline constexpr const char* kSourceNames[] = {"tickets", "surveys", "agents", "calls"};

struct RunConfig {
    std::string command;             // year-end | monthly | validate
    int year = 0;
    int month = 0;                   // monthly runs
    std::string timezone = "UTC";
    std::string as_of;               // empty = end of the report period
    std::filesystem::path out_dir = "out";
    std::string name = "cskpi";      // workbook file name prefix
    std::string lang = "en";
    std::optional<std::filesystem::path> summary_json;
    double max_reject_rate = 0.01;
    unsigned threads = 2;
    std::vector<SourceConfig> sources;  // in kSourceNames order, only those given
    FetchOptions fetch;
    // [warehouse] mode for postgresql:// sources: pull (rows streamed into the ingest) or
    // pushdown (aggregates computed in the warehouse); docs/warehouse.md.
    std::string warehouse_mode = "pull";
    MetricParams params;
    StaffingConfig staffing;         // [staffing], --growth, --deflection (year-end runs)
    bool no_workbook = false;
    // Cron runs (docs/monthly.md): history, lock, logging and mail.
    std::filesystem::path history_path;  // [history] path, --history; default: default_history_path()
    std::filesystem::path lock_file;     // [report] lock_file, --lock-file; default: <history path>.lock
    std::string log_level = "notice";    // [log] level, --log-level
    std::string log_file;                // [log] file, --log-file; empty = stderr
    bool mail = false;                   // --mail: send the workbook as [mail] says
    std::optional<std::filesystem::path> mail_to_dir;  // --mail-to-dir: write the .eml there instead
    bool resend = false;                 // --resend: mail even when the ledger has this workbook
    int mail_attempts = 4;               // [mail] attempts
    int mail_retry_delay_ms = 30000;     // [mail] retry_delay_ms, doubled after each failed attempt
    // The whole layered configuration, for sections other modules read ([targets], [mail], ...).
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> settings;

    const SourceConfig* source(std::string_view name) const {
        for (const auto& s : sources)
            if (s.name == name) return &s;
        return nullptr;
    }
};

// Flags given on the command line (empty = not given), laid over the definition.
struct CommandLine {
    std::string command;
    std::map<std::string, std::string> values;  // flag name -> value
    std::optional<std::filesystem::path> config_path;
};

// Throws UsageError for an unreadable definition or invalid values.
RunConfig load_run_config(const CommandLine& cli);

}  // namespace cskpi
