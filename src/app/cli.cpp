#include "app/cli.hpp"

#include <cxxopts.hpp>

#include <Poco/Exception.h>

#include <chrono>
#include <iostream>

#include "app/inspect_command.hpp"
#include "app/report_run.hpp"
#include "app/run_config.hpp"
#include "app/sample_exports.hpp"
#include "core/errors.hpp"
#include "core/logging.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace cskpi {

namespace {

constexpr const char* kUsage =
    "usage: cskpi <command> [options]\n"
    "\n"
    "commands:\n"
    "  year-end   this year against last year, next year's targets, workbook\n"
    "  monthly    a month and year-to-date against last year and this year's targets\n"
    "  validate   read the exports and report every rejected row; writes nothing\n"
    "  inspect    how an export's header binds, sample values, unknown values, a definition section\n"
    "  history    list the runs the history store holds\n"
    "  sample     write realistic sample exports\n"
    "\n"
    "Run 'cskpi <command> --help' for the options of a command.\n"
    "Exit codes: 0 ok, 2 usage or configuration, 3 input, 4 output, 5 delivery, 75 locked.\n";

void add_source_options(cxxopts::Options& o) {
    o.add_options("sources")
        ("tickets", "tickets export: path, file://, http(s):// URL", cxxopts::value<std::string>())
        ("surveys", "surveys export", cxxopts::value<std::string>())
        ("agents", "staff roster export", cxxopts::value<std::string>())
        ("calls", "telephony calls export", cxxopts::value<std::string>())
        ("tickets-preset", "generic | zendesk | freshdesk", cxxopts::value<std::string>())
        ("surveys-preset", "generic | zendesk | freshdesk", cxxopts::value<std::string>())
        ("tickets-encoding", "utf-8 | gbk | gb18030 | utf-16", cxxopts::value<std::string>())
        ("surveys-encoding", "utf-8 | gbk | gb18030 | utf-16", cxxopts::value<std::string>())
        ("agents-encoding", "utf-8 | gbk | gb18030 | utf-16", cxxopts::value<std::string>())
        ("calls-encoding", "utf-8 | gbk | gb18030 | utf-16", cxxopts::value<std::string>())
        ("delimiter", "field delimiter of every export: , ; tab auto", cxxopts::value<std::string>())
        ("cache-dir", "download cache (default: $XDG_CACHE_HOME/cskpi)", cxxopts::value<std::string>())
        ("offline", "read downloaded exports only from the cache", cxxopts::value<std::string>()->implicit_value("true"));
}

void add_report_options(cxxopts::Options& o) {
    o.add_options("report")
        ("config", "report definition (INI); flags override it", cxxopts::value<std::string>())
        ("year", "report year", cxxopts::value<std::string>())
        ("timezone", "IANA time zone of the report (default UTC)", cxxopts::value<std::string>())
        ("as-of", "cut-off timestamp (default: end of the period)", cxxopts::value<std::string>())
        ("out", "output folder for workbooks", cxxopts::value<std::string>())
        ("summary-json", "also write the numbers as JSON here", cxxopts::value<std::string>())
        ("lang", "workbook language: en | zh-CN", cxxopts::value<std::string>())
        ("max-reject-rate", "fail when a source rejects more rows than this share (default 0.01)",
         cxxopts::value<std::string>())
        ("threads", "worker threads (default: all cores)", cxxopts::value<std::string>());
}

void add_cron_options(cxxopts::Options& o) {
    o.add_options("cron")
        ("history", "history store (default: $XDG_DATA_HOME/cskpi/history.sqlite)", cxxopts::value<std::string>())
        ("lock-file", "lock against overlapping runs (default: <history>.lock)", cxxopts::value<std::string>())
        ("log-level", "none | error | warning | notice | info | debug (default notice)", cxxopts::value<std::string>())
        ("log-file", "append log lines here instead of stderr", cxxopts::value<std::string>())
        ("mail", "mail the workbook as the [mail] section says", cxxopts::value<std::string>()->implicit_value("true"))
        ("mail-to-dir", "write the mail as a .eml file into this folder instead", cxxopts::value<std::string>())
        ("resend", "mail even when this workbook already went to these recipients",
         cxxopts::value<std::string>()->implicit_value("true"));
}

// Collects the given flags as strings; the run configuration validates them.
CommandLine collect(const std::string& command, const cxxopts::ParseResult& parsed) {
    CommandLine cl;
    cl.command = command;
    for (const auto& kv : parsed.arguments()) {
        if (kv.key() == "config") cl.config_path = kv.value();
        else if (kv.key() != "help") cl.values[kv.key()] = kv.value();
    }
    return cl;
}

int last_complete_month(const std::string& timezone, int& year) {
    ZoneClock clock(timezone);
    const Millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    const CivilDate today = civil_from_days(clock.to_local(now) / kMsPerDay);
    year = today.month == 1 ? today.year - 1 : today.year;
    return today.month == 1 ? 12 : today.month - 1;
}

int run_command(const std::string& command, int argc, char** argv) {
    cxxopts::Options options("cskpi " + command);
    options.add_options()("h,help", "show this help");
    if (command == "sample") {
        options.add_options()
            ("out", "output folder", cxxopts::value<std::string>()->default_value("samples"))
            ("tickets", "tickets over both years", cxxopts::value<std::int64_t>()->default_value("2000"))
            ("seed", "random seed", cxxopts::value<std::uint64_t>()->default_value("1"))
            ("year", "report year (the previous year is written too)", cxxopts::value<int>()->default_value("2026"));
    } else if (command == "history") {
        options.add_options()
            ("config", "report definition (INI) whose [history] path to read", cxxopts::value<std::string>())
            ("history", "history store (default: $XDG_DATA_HOME/cskpi/history.sqlite)", cxxopts::value<std::string>())
            ("log-level", "log level (default notice)", cxxopts::value<std::string>())
            ("log-file", "append log lines here instead of stderr", cxxopts::value<std::string>());
    } else {
        add_report_options(options);
        add_source_options(options);
        if (command != "validate" && command != "inspect") add_cron_options(options);
        if (command == "year-end")
            options.add_options("staffing")
                ("growth", "next year's volume change for the staffing plan, e.g. 0.2 or 20% "
                           "(default: this year's change)", cxxopts::value<std::string>())
                ("deflection", "share of volume self-service will take, e.g. 0.3 (default 0)",
                 cxxopts::value<std::string>());
        if (command == "monthly")
            options.add_options("report")("month", "YYYY-MM (default: the last complete month)",
                                          cxxopts::value<std::string>());
    }
    const auto parsed = options.parse(argc, argv);
    if (parsed.count("help")) {
        std::cout << options.help() << "\n";
        return 0;
    }
    if (!parsed.unmatched().empty()) throw UsageError("unexpected argument '" + parsed.unmatched().front() + "'");

    if (command == "sample") {
        SampleOptions so;
        so.out_dir = parsed["out"].as<std::string>();
        so.tickets = parsed["tickets"].as<std::int64_t>();
        so.seed = parsed["seed"].as<std::uint64_t>();
        so.year = parsed["year"].as<int>();
        write_sample_exports(so);
        std::cout << "sample exports written to " << so.out_dir.string() << "\n";
        return 0;
    }

    CommandLine cl = collect(command, parsed);
    if (command == "monthly" && cl.values.count("month")) {
        // --month YYYY-MM sets both the year and the month.
        const std::string ym = cl.values["month"];
        const auto y = ym.size() == 7 && ym[4] == '-' ? parse_int(std::string_view(ym).substr(0, 4)) : std::nullopt;
        const auto m = ym.size() == 7 && ym[4] == '-' ? parse_int(std::string_view(ym).substr(5, 2)) : std::nullopt;
        if (!y || !m || *m < 1 || *m > 12) throw UsageError("--month must be YYYY-MM, not '" + ym + "'");
        cl.values["year"] = std::to_string(*y);
        cl.values["month"] = std::to_string(*m);
    }
    RunConfig config = load_run_config(cl);
    setup_logging(config.log_level, config.log_file);
    if (command == "history") return run_history(config, std::cout);
    if (command == "monthly" && config.month == 0) {
        config.month = last_complete_month(config.timezone, config.year);
    }
    if (command == "inspect") return run_inspect(config, std::cout);
    if (command != "validate" && (config.year < 1971 || config.year > 9998))
        throw UsageError("a report year is required (--year 2026 or [report] year = 2026)");
    if (command == "validate") return run_validate(config, std::cout);
    return run_report(config, std::cout);
}

}  // namespace

int run_cli(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << kUsage;
        return int(ExitCode::usage);
    }
    const std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "--version" || command == "version") {
        std::cout << "cskpi " << CSKPI_VERSION << "\n";
        return 0;
    }
    try {
        if (command != "year-end" && command != "monthly" && command != "validate" && command != "sample" &&
            command != "history" && command != "inspect")
            throw UsageError("unknown command '" + command + "'\n" + kUsage);
        return run_command(command, argc - 1, argv + 1);
    } catch (const RunError& e) {
        std::cerr << "cskpi: error: " << e.what() << "\n";
        return int(e.code());
    } catch (const cxxopts::exceptions::exception& e) {
        std::cerr << "cskpi: error: " << e.what() << "\n";
        return int(ExitCode::usage);
    } catch (const Poco::Exception& e) {
        std::cerr << "cskpi: error: " << e.displayText() << "\n";
        return int(ExitCode::failure);
    } catch (const std::exception& e) {
        std::cerr << "cskpi: error: " << e.what() << "\n";
        return int(ExitCode::failure);
    }
}

}  // namespace cskpi
