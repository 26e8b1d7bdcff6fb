#include "app/run_config.hpp"

#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <thread>

#include "app/known_settings.hpp"
#include "core/errors.hpp"
#include "history/history_store.hpp"
#include "core/text.hpp"
#include "ingest/encoding/text_decoder.hpp"
#include "ingest/presets.hpp"
#include "staffing/staffing.hpp"
#include "sources/pg_connection.hpp"

namespace cskpi {

namespace fs = std::filesystem;
using Poco::Util::AbstractConfiguration;

namespace {

double number_setting(const AbstractConfiguration& c, const std::string& key, double fallback) {
    if (!c.hasProperty(key)) return fallback;
    const auto v = parse_number(trim(c.getString(key)));
    if (!v) throw UsageError("setting " + key + " = '" + c.getString(key) + "' is not a number");
    return *v;
}

int int_setting(const AbstractConfiguration& c, const std::string& key, int fallback) {
    if (!c.hasProperty(key)) return fallback;
    const auto v = parse_int(trim(c.getString(key)));
    if (!v) throw UsageError("setting " + key + " = '" + c.getString(key) + "' is not a whole number");
    return int(*v);
}

bool bool_setting(const AbstractConfiguration& c, const std::string& key, bool fallback) {
    if (!c.hasProperty(key)) return fallback;
    const auto v = parse_bool(trim(c.getString(key)));
    if (!v) throw UsageError("setting " + key + " = '" + c.getString(key) + "' is not true/false");
    return *v;
}

char delimiter_setting(const std::string& v) {
    if (v == "," || v == "comma") return ',';
    if (v == ";" || v == "semicolon") return ';';
    if (v == "\\t" || v == "\t" || v == "tab") return '\t';
    if (v == "auto" || v == "sniff") return 0;
    throw UsageError("delimiter '" + v + "' is not one of , ; tab auto");
}

// Relative paths in a definition are relative to the definition's folder, so cron jobs
// do not depend on their working directory.
std::string resolve_path(const std::string& value, const fs::path& base) {
    if (value.empty() || value.find("://") != std::string::npos) return value;
    const fs::path p(value);
    return p.is_absolute() || base.empty() ? value : (base / p).lexically_normal().string();
}

}  // namespace

RunConfig load_run_config(const CommandLine& cli) {
    RunConfig rc;
    rc.command = cli.command;
    rc.settings = new Poco::Util::LayeredConfiguration;
    fs::path base;
    if (cli.config_path) {
        if (!fs::is_regular_file(*cli.config_path))
            throw UsageError("report definition not found: " + cli.config_path->string());
        Poco::AutoPtr<Poco::Util::IniFileConfiguration> definition;
        try {
            definition = new Poco::Util::IniFileConfiguration(cli.config_path->string());
        } catch (const Poco::Exception& e) {
            throw UsageError("cannot read report definition " + cli.config_path->string() + ": " + e.displayText());
        }
        check_known_settings(*definition, cli.config_path->string());
        rc.settings->add(definition, 0);
        base = cli.config_path->parent_path();
    }
    // Flags override the file: they go into a layer with higher priority.
    Poco::AutoPtr<Poco::Util::MapConfiguration> flags = new Poco::Util::MapConfiguration;
    static const std::map<std::string, std::string> kFlagKeys = {
        {"year", "report.year"},         {"month", "report.month"},
        {"timezone", "report.timezone"}, {"as-of", "report.as_of"},
        {"out", "report.out"},           {"summary-json", "report.summary_json"},
        {"lang", "report.lang"},         {"max-reject-rate", "report.max_reject_rate"},
        {"threads", "report.threads"},   {"name", "report.name"},
        {"cache-dir", "fetch.cache_dir"}, {"offline", "fetch.offline"},
        {"delimiter", "input.delimiter"},
        {"history", "history.path"},     {"lock-file", "report.lock_file"},
        {"log-level", "log.level"},      {"log-file", "log.file"},
        {"growth", "staffing.growth"},   {"deflection", "staffing.deflection"},
    };
    for (const auto& [flag, value] : cli.values) {
        if (auto it = kFlagKeys.find(flag); it != kFlagKeys.end()) {
            flags->setString(it->second, value);
            continue;
        }
        for (const char* src : kSourceNames) {
            const std::string s(src);
            if (flag == s) flags->setString(s + ".uri", value);
            else if (flag == s + "-preset") flags->setString(s + ".preset", value);
            else if (flag == s + "-encoding") flags->setString(s + ".encoding", value);
        }
    }
    rc.settings->add(flags, -10);
    const AbstractConfiguration& c = *rc.settings;

    rc.year = int_setting(c, "report.year", 0);
    rc.month = int_setting(c, "report.month", 0);
    rc.timezone = c.getString("report.timezone", rc.timezone);
    rc.as_of = c.getString("report.as_of", "");
    rc.lang = c.getString("report.lang", rc.lang);
    if (rc.lang != "en" && rc.lang != "zh-CN") throw UsageError("lang must be en or zh-CN, not '" + rc.lang + "'");
    rc.name = c.getString("report.name", rc.name);
    // Paths from flags are relative to the working directory, from the file to its folder.
    auto path_setting = [&](const std::string& key, const std::string& fallback) {
        const std::string v = c.getString(key, fallback);
        return flags->hasProperty(key) ? v : resolve_path(v, base);
    };
    rc.out_dir = path_setting("report.out", "out");
    if (c.hasProperty("report.summary_json")) rc.summary_json = path_setting("report.summary_json", "");
    rc.max_reject_rate = number_setting(c, "report.max_reject_rate", rc.max_reject_rate);
    if (rc.max_reject_rate < 0 || rc.max_reject_rate > 1) throw UsageError("max_reject_rate must be within 0..1");
    rc.threads = unsigned(std::max(1, int_setting(c, "report.threads", int(std::max(2u, std::thread::hardware_concurrency())))));

    rc.fetch.cache_dir = path_setting("fetch.cache_dir", "");
    rc.fetch.offline = bool_setting(c, "fetch.offline", false);
    rc.fetch.ca_file = path_setting("fetch.ca_file", "");
    rc.fetch.verify_tls = bool_setting(c, "fetch.verify_tls", true);
    rc.fetch.connect_timeout_sec = int_setting(c, "fetch.connect_timeout", rc.fetch.connect_timeout_sec);
    rc.fetch.read_timeout_sec = int_setting(c, "fetch.read_timeout", rc.fetch.read_timeout_sec);
    rc.fetch.max_attempts = int_setting(c, "fetch.attempts", rc.fetch.max_attempts);
    const double max_download_mb = number_setting(c, "fetch.max_download_mb", 2048);
    if (!(max_download_mb > 0) || max_download_mb > 1024.0 * 1024.0)
        throw UsageError("fetch.max_download_mb must be a number of MiB above 0 (at most 1048576)");
    rc.fetch.max_download_bytes = std::uint64_t(max_download_mb * 1024.0 * 1024.0);
    rc.fetch.max_inflate_ratio = number_setting(c, "fetch.max_inflate_ratio", rc.fetch.max_inflate_ratio);
    if (!(rc.fetch.max_inflate_ratio >= 1)) throw UsageError("fetch.max_inflate_ratio must be at least 1");

    const std::string default_delimiter = c.getString("input.delimiter", ",");
    for (const char* name : kSourceNames) {
        const std::string s(name);
        if (!c.hasProperty(s + ".uri") || c.getString(s + ".uri").empty()) continue;
        SourceConfig src;
        src.name = s;
        src.uri = path_setting(s + ".uri", "");
        src.auth = c.getString(s + ".auth", "");
        src.preset = c.getString(s + ".preset", "generic");
        src.encoding = c.getString(s + ".encoding", "utf-8");
        src.delimiter = delimiter_setting(c.getString(s + ".delimiter", default_delimiter));
        // postgresql:// sources (docs/warehouse.md).
        src.table = c.getString(s + ".table", "");
        src.query = c.getString(s + ".query", "");
        src.password_env = std::string(trim(c.getString(s + ".password_env", "")));
        if (!is_warehouse_uri(src.uri) && (!src.table.empty() || !src.query.empty() || !src.password_env.empty()))
            throw UsageError(s + ": table, query and password_env are settings of a postgresql:// uri, not of " +
                             redact_uri(src.uri));
        // Fail before any download: both throw UsageError naming the bad value.
        preset_for(src.preset, source_kind_from_name(s));
        parse_encoding(src.encoding);
        Poco::Util::AbstractConfiguration::Keys keys;
        c.keys(s, keys);
        for (const auto& k : keys) {
            if (k == "column") {
                Poco::Util::AbstractConfiguration::Keys cols;
                c.keys(s + ".column", cols);
                for (const auto& col : cols) src.column_map[col] = c.getString(s + ".column." + col);
            } else if (k == "value") {
                Poco::Util::AbstractConfiguration::Keys fields;
                c.keys(s + ".value", fields);
                for (const auto& field : fields) {
                    Poco::Util::AbstractConfiguration::Keys spellings;
                    c.keys(s + ".value." + field, spellings);
                    for (const auto& sp : spellings)
                        src.value_map[field][sp] = c.getString(s + ".value." + field + "." + sp);
                }
            }
        }
        rc.sources.push_back(std::move(src));
    }

    rc.warehouse_mode = std::string(trim(c.getString("warehouse.mode", rc.warehouse_mode)));
    if (rc.warehouse_mode != "pull" && rc.warehouse_mode != "pushdown")
        throw UsageError("warehouse.mode must be pull or pushdown, not '" + rc.warehouse_mode + "'");

    if (rc.command == "year-end" || rc.command == "monthly" || rc.command == "history") {
        rc.history_path = c.hasProperty("history.path") ? fs::path(path_setting("history.path", ""))
                                                        : default_history_path();
        if (rc.history_path.empty()) throw UsageError("history.path must not be empty");
        rc.lock_file = c.hasProperty("report.lock_file") ? fs::path(path_setting("report.lock_file", ""))
                                                         : fs::path(rc.history_path.string() + ".lock");
    }
    rc.log_level = c.getString("log.level", rc.log_level);
    rc.log_file = path_setting("log.file", "");
    if (const auto it = cli.values.find("mail"); it != cli.values.end()) {
        const auto v = parse_bool(it->second);
        if (!v) throw UsageError("--mail takes no value");
        rc.mail = *v;
    }
    if (const auto it = cli.values.find("mail-to-dir"); it != cli.values.end()) rc.mail_to_dir = it->second;
    if (const auto it = cli.values.find("resend"); it != cli.values.end()) {
        const auto v = parse_bool(it->second);
        if (!v) throw UsageError("--resend takes no value");
        rc.resend = *v;
    }
    if (rc.mail && rc.mail_to_dir) throw UsageError("--mail and --mail-to-dir exclude each other");
    rc.mail_attempts = int_setting(c, "mail.attempts", rc.mail_attempts);
    if (rc.mail_attempts < 1 || rc.mail_attempts > 20) throw UsageError("mail.attempts must be within 1..20");
    rc.mail_retry_delay_ms = int_setting(c, "mail.retry_delay_ms", rc.mail_retry_delay_ms);
    if (rc.mail_retry_delay_ms < 0) throw UsageError("mail.retry_delay_ms must not be negative");

    auto& p = rc.params;
    p.urgent_response_min = number_setting(c, "metrics.urgent_response_min", p.urgent_response_min);
    p.sla_hours[0] = number_setting(c, "metrics.sla_hours_urgent", p.sla_hours[0]);
    p.sla_hours[1] = number_setting(c, "metrics.sla_hours_high", p.sla_hours[1]);
    p.sla_hours[2] = number_setting(c, "metrics.sla_hours_normal", p.sla_hours[2]);
    p.sla_hours[3] = number_setting(c, "metrics.sla_hours_low", p.sla_hours[3]);
    p.repeat_window_days = number_setting(c, "metrics.repeat_window_days", p.repeat_window_days);
    p.short_abandon_sec = number_setting(c, "metrics.short_abandon_sec", p.short_abandon_sec);
    p.service_level_sec = number_setting(c, "metrics.service_level_sec", p.service_level_sec);
    rc.staffing = staffing_config(c);
    p.staffing_interval_min = rc.staffing.interval_min;
    return rc;
}

}  // namespace cskpi
