#include "warehouse/warehouse_fixture.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cskpi::test {

namespace fs = std::filesystem;

namespace {

// Copies `from` to `to` without the data lines `drop` matches.
template <class Drop>
void filter_csv(const fs::path& from, const fs::path& to, Drop drop) {
    std::istringstream in(read_file(from));
    std::ostringstream out;
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
        if (!header && drop(line)) continue;
        header = false;
        out << line << '\n';
    }
    write_file(to, out.str());
}

// The n-th (0-based) comma-separated field of a line without quoted commas.
std::string field(const std::string& line, int n) {
    std::size_t start = 0;
    for (int i = 0; i < n; ++i) start = line.find(',', start) + 1;
    return line.substr(start, line.find(',', start) - start);
}

const char* kSchema = R"(
CREATE TABLE tickets (
  ticket_id text, created_at timestamp, first_response_at timestamp, resolved_at timestamp,
  due_at timestamp, priority text, channel text, category text, team text, agent_id text,
  customer_id text, customer_tier text, contacts integer, reopens integer, complaint boolean,
  handle_time_sec double precision);
CREATE TABLE surveys (
  survey_id text, submitted_at timestamptz, ticket_id text, csat integer, nps integer, comment text);
CREATE TABLE agents (agent_id text, hired_at date, left_at date, team text, role text, core boolean);
CREATE TABLE calls (call_id text, offered timestamp, answered boolean, wait_sec double precision,
  handle_sec double precision);
SET TimeZone = 'Asia/Shanghai';
)";

}  // namespace

WarehouseFixture::WarehouseFixture() {
    const auto samples = source_dir() / "samples";
    tickets = files / "tickets.csv";
    surveys = files / "surveys.csv";
    agents = files / "agents.csv";
    calls = files / "calls.csv";
    filter_csv(samples / "tickets.csv", tickets, [](const std::string& l) { return field(l, 1).find('.') != std::string::npos; });
    filter_csv(samples / "surveys.csv", surveys, [](const std::string&) { return false; });
    filter_csv(samples / "agents.csv", agents, [](const std::string&) { return false; });
    filter_csv(samples / "calls.csv", calls, [](const std::string& l) { return field(l, 2) == "maybe"; });
    std::string script = kSchema;
    for (const auto& [table, file] : {std::pair{"tickets", tickets}, {"surveys", surveys}, {"agents", agents}, {"calls", calls}})
        script += "\\copy " + std::string(table) + " FROM " + quote(file) + " WITH (FORMAT csv, HEADER)\n";
    const auto load = server.psql(script);
    if (load.exit_code != 0) throw std::runtime_error("loading the samples failed: " + load.out + load.err);
}

fs::path WarehouseFixture::definition(const std::string& extra, const std::string& name) const {
    const std::string uri = server.uri();
    std::string ini = "[report]\nyear = 2026\ntimezone = Asia/Shanghai\nmax_reject_rate = 1\n\n";
    for (const char* s : {"tickets", "surveys", "agents", "calls"})
        ini += "[" + std::string(s) + "]\nuri = " + uri + "\npassword_env = " + PgServer::kPasswordEnv + "\n" +
               (std::string(s) == "surveys" ? "query = SELECT * FROM surveys ORDER BY ctid\n"
                                            : "table = " + std::string(s == std::string("agents") ? "public.agents" : s) + "\n") +
               (std::string(s) == "calls" ? "column.offered_at = offered\n" : "") + "\n";
    ini += extra;
    return files.write(name, ini);
}

}  // namespace cskpi::test
