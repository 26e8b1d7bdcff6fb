#include "cskpi_cli.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cskpi::test {

namespace fs = std::filesystem;

CommandResult run_cskpi(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    Poco::Pipe out_pipe, err_pipe;
    Poco::Process::Env child_env(env.begin(), env.end());
    child_env.emplace("XDG_DATA_HOME", (private_xdg_home() / "data").string());
    child_env.emplace("XDG_CACHE_HOME", (private_xdg_home() / "cache").string());
    Poco::ProcessHandle handle =
        Poco::Process::launch(CSKPI_BINARY, args, fs::current_path().string(), nullptr, &out_pipe, &err_pipe, child_env);
    CommandResult run;
    // Drain stderr on its own thread so neither pipe can fill up and stall the child.
    std::thread err_reader([&] {
        Poco::PipeInputStream err(err_pipe);
        std::ostringstream text;
        text << err.rdbuf();
        run.err = text.str();
    });
    Poco::PipeInputStream out(out_pipe);
    std::ostringstream text;
    text << out.rdbuf();
    run.out = text.str();
    err_reader.join();
    run.exit_code = handle.wait();
    return run;
}

namespace {

Poco::JSON::Object::Ptr parse_object(const fs::path& path) {
    Poco::JSON::Parser parser;
    return parser.parse(read_file(path)).extract<Poco::JSON::Object::Ptr>();
}

std::optional<double> number_or_null(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o->has(key) || o->isNull(key)) return std::nullopt;
    return o->getValue<double>(key);
}

}  // namespace

std::map<std::string, KpiPair> read_kpis(const fs::path& summary_json) {
    const auto kpis = parse_object(summary_json)->getObject("kpis");
    std::map<std::string, KpiPair> values;
    for (const auto& name : kpis->getNames()) {
        const auto kpi = kpis->getObject(name);
        values[name] = {number_or_null(kpi, "current"), number_or_null(kpi, "previous")};
    }
    return values;
}

std::string source_entry(const fs::path& summary_json, const std::string& name) {
    const auto sources = parse_object(summary_json)->getArray("sources");
    for (std::size_t i = 0; i < sources->size(); ++i) {
        const auto source = sources->getObject(unsigned(i));
        if (source->getValue<std::string>("name") == name) {
            std::ostringstream text;
            Poco::JSON::Stringifier::stringify(source, text);
            return text.str();
        }
    }
    throw std::runtime_error("no source " + name + " in " + summary_json.string());
}

const std::vector<std::string>& ticket_kpi_ids() {
    static const std::vector<std::string> ids = {
        "tickets.volume",     "tickets.growth",      "frt.mean_min",     "frt.median_min",
        "frt.p90_min",        "urgent.frt_attainment", "resolution.mean_h", "resolution.median_h",
        "resolution.p90_h",   "sla.overdue_rate",    "fcr.rate",         "repeat.rate",
        "complaint.rate",     "aht.mean_min"};
    return ids;
}

}  // namespace cskpi::test
