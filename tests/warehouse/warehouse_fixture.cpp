#include "warehouse/warehouse_fixture.hpp"

#include <cmath>
#include <fstream>

#include "report/xlsx_reader.hpp"
#include <set>
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

WarehouseFixture::WarehouseFixture(bool unique_ids) {
    const auto samples = source_dir() / "samples";
    tickets = files / "tickets.csv";
    surveys = files / "surveys.csv";
    agents = files / "agents.csv";
    calls = files / "calls.csv";
    // A repeated row is an exact copy: keeping the first is keeping the later.
    std::set<std::string> ticket_ids, survey_ids;
    filter_csv(samples / "tickets.csv", tickets, [&](const std::string& l) {
        return field(l, 1).find('.') != std::string::npos || (unique_ids && !ticket_ids.insert(field(l, 0)).second);
    });
    filter_csv(samples / "surveys.csv", surveys,
               [&](const std::string& l) { return unique_ids && !survey_ids.insert(field(l, 0)).second; });
    // Spellings, trimming and reject reasons the samples do not have.
    write_file(tickets, read_file(tickets) +
                            "TX0000001,2026-03-05 10:00:00,2026-03-05 10:03:00,2026-03-05 12:00:00,,URGENT,电话,billing, Team A ,A0001,C9999,关键,1,0,true,300\n"
                            "TX0000002,2026-03-06 10:00:00,,,,asap,chat,billing,Team A,A0001,C9999,key,1,0,false,\n"
                            "TX0000003,2026-03-07 10:00:00,,,,高,chat,billing,Team A,A0001,C9999,key,1,0,false,90000\n"
                            "TX0000004,2026-03-07 11:00:00,,2026-03-08 11:00:00,2026-03-07 12:00:00,Low,在线,,,,C9999,,,2,,\n"
                            "  ,2026-03-07 11:00:00,,,,low,chat,,,,,,,,,\n");
    write_file(surveys, read_file(surveys) + "SX1,,TX0000001,5,10,\nSX2,2026-03-08 09:00:00,TX0000001,4,9,ok\n"
                                             "SX3,2026-03-08 09:30:00+08:00,TX0000004,2,3,\n");
    filter_csv(samples / "agents.csv", agents, [](const std::string&) { return false; });
    filter_csv(samples / "calls.csv", calls, [](const std::string& l) { return field(l, 2) == "maybe"; });
    std::string script = kSchema;
    for (const auto& [table, file] : {std::pair{"tickets", tickets}, {"surveys", surveys}, {"agents", agents}, {"calls", calls}})
        script += "\\copy " + std::string(table) + " FROM " + quote(file) + " WITH (FORMAT csv, HEADER)\n";
    const auto load = server.psql(script);
    if (load.exit_code != 0) throw std::runtime_error("loading the samples failed: " + load.out + load.err);
}

std::vector<std::string> WarehouseFixture::breakdown_differences(const fs::path& expected, const fs::path& actual) {
    const auto a = read_xlsx(expected), b = read_xlsx(actual);
    const Sheet& x = a.sheet("Breakdown");
    const Sheet& y = b.sheet("Breakdown");
    std::vector<std::string> out;
    if (x.cells.size() < 20) out.push_back("expected a Breakdown sheet with rows");
    for (const auto& [ref, cell] : x.cells) {
        const auto it = y.cells.find(ref);
        if (it == y.cells.end()) {
            out.push_back(ref + ": missing");
            continue;
        }
        const Cell& other = it->second;
        bool same = cell.type == other.type && cell.value == other.value;
        if (!same && cell.type == "n" && other.type == "n") {
            const double u = cell.number(), v = other.number();
            same = std::abs(u - v) <= 1e-9 * std::max(std::abs(u), std::abs(v)) + 1e-12;
        }
        if (!same) out.push_back(ref + ": " + cell.value + " vs " + other.value);
    }
    if (y.cells.size() != x.cells.size()) out.push_back("cell counts differ");
    return out;
}

fs::path WarehouseFixture::definition(const std::string& extra, const std::string& name, bool with_calls) const {
    const std::string uri = server.uri();
    std::string ini = "[report]\nyear = 2026\ntimezone = Asia/Shanghai\nmax_reject_rate = 1\n\n";
    for (const char* s : {"tickets", "surveys", "agents", "calls"})
        if (with_calls || std::string(s) != "calls") ini += "[" + std::string(s) + "]\nuri = " + uri + "\npassword_env = " + PgServer::kPasswordEnv + "\n" +
               (std::string(s) == "surveys" ? "query = SELECT * FROM surveys ORDER BY ctid\n"
                                            : "table = " + std::string(s == std::string("agents") ? "public.agents" : s) + "\n") +
               (std::string(s) == "calls" ? "column.offered_at = offered\n" : "") + "\n";
    ini += extra;
    return files.write(name, ini);
}

}  // namespace cskpi::test
