#include "history/history_store.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <set>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/Transaction.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>
#include <Poco/Timestamp.h>

#include "core/errors.hpp"

namespace cskpi {

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;
using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

// Each entry moves the schema from version i to i + 1; never edit a shipped entry, append.
const std::vector<std::vector<std::string>>& migrations() {
    static const std::vector<std::vector<std::string>> steps = {
        {   // v1: runs and their KPI values
            "CREATE TABLE runs ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " kind TEXT NOT NULL, period TEXT NOT NULL,"
            " generated_at TEXT NOT NULL, as_of TEXT NOT NULL, tool_version TEXT NOT NULL,"
            " UNIQUE (kind, period))",
            "CREATE TABLE kpi_values ("
            " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
            " kpi_id TEXT NOT NULL, period TEXT NOT NULL, value REAL,"
            " PRIMARY KEY (run_id, kpi_id, period))",
            "CREATE INDEX kpi_values_by_kpi ON kpi_values (kpi_id, period)",
        },
        {   // v2: source provenance, targets, delivery ledger
            "CREATE TABLE sources ("
            " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
            " name TEXT NOT NULL, uri TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,"
            " rows_read INTEGER NOT NULL, rows_accepted INTEGER NOT NULL, rows_rejected INTEGER NOT NULL,"
            " PRIMARY KEY (run_id, name))",
            "CREATE TABLE targets ("
            " target_year INTEGER NOT NULL, kpi_id TEXT NOT NULL,"
            " baseline REAL NOT NULL, value REAL NOT NULL, benchmark REAL, gap_closure REAL NOT NULL,"
            " mandated REAL, basis TEXT NOT NULL, stretch INTEGER NOT NULL, profile TEXT NOT NULL,"
            " milestone_q1 REAL NOT NULL, milestone_q2 REAL NOT NULL,"
            " milestone_q3 REAL NOT NULL, milestone_q4 REAL NOT NULL,"
            " warning REAL, weight REAL NOT NULL,"
            " set_by_period TEXT NOT NULL, set_at TEXT NOT NULL,"
            " PRIMARY KEY (target_year, kpi_id))",
            "CREATE TABLE deliveries ("
            " report TEXT NOT NULL, period TEXT NOT NULL, recipients TEXT NOT NULL,"
            " workbook_sha256 TEXT NOT NULL, message_id TEXT NOT NULL, delivered_at TEXT NOT NULL,"
            " PRIMARY KEY (report, period, recipients, workbook_sha256))",
        },
        {   // v3: a delivery whose outcome is unknown (the reply to the data was lost)
            "ALTER TABLE deliveries ADD COLUMN outcome TEXT NOT NULL DEFAULT 'sent'",
        },
    };
    return steps;
}

void register_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
}

Poco::Nullable<double> nullable(const std::optional<double>& v) {
    return v ? Poco::Nullable<double>(*v) : Poco::Nullable<double>();
}

std::optional<double> optional_double(const RecordSet& rs, std::size_t col, std::size_t row) {
    if (rs.isNull(col, row)) return std::nullopt;
    return rs.value(col, row).convert<double>();
}

std::string utc_now_iso() {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT);
}

}  // namespace

fs::path default_history_path() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "cskpi" / "history.sqlite";
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw UsageError("cannot place the history file: neither XDG_DATA_HOME nor HOME is set");
    return fs::path(home) / ".local" / "share" / "cskpi" / "history.sqlite";
}

std::string normalized_recipients(const std::vector<std::string>& recipients) {
    std::set<std::string> unique;
    for (const auto& r : recipients) {
        const auto first = r.find_first_not_of(" \t");
        if (first == std::string::npos) continue;
        const auto last = r.find_last_not_of(" \t");
        std::string address = r.substr(first, last - first + 1);
        std::transform(address.begin(), address.end(), address.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        unique.insert(std::move(address));
    }
    std::string joined;
    for (const auto& a : unique) joined += (joined.empty() ? "" : ",") + a;
    return joined;
}

namespace {

// Runs body and turns any database failure into an OutputError naming the file and step.
template <typename F>
auto guarded(const fs::path& path, const std::string& what, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const RunError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw OutputError("history store " + path.string() + ": cannot " + what + ": " + e.displayText());
    }
}

}  // namespace

HistoryStore::HistoryStore(fs::path path, std::unique_ptr<Session> session)
    : path_(std::move(path)), session_(std::move(session)) {}
HistoryStore::HistoryStore(HistoryStore&&) noexcept = default;
HistoryStore& HistoryStore::operator=(HistoryStore&&) noexcept = default;
HistoryStore::~HistoryStore() = default;

HistoryStore HistoryStore::open(const fs::path& path) {
    register_sqlite_once();
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec) throw OutputError("history store " + path.string() + ": cannot create its directory: " + ec.message());

    auto session = guarded(path, "open the database", [&] {
        auto s = std::make_unique<Session>("SQLite", path.string());
        // A second run (e.g. `cskpi history` during a monthly run) waits instead of failing.
        s->setConnectionTimeout(10);
        *s << "PRAGMA foreign_keys = ON", now;
        return s;
    });
    HistoryStore store(path, std::move(session));
    store.migrate();
    return store;
}

void HistoryStore::migrate() {
    guarded(path_, "migrate the schema", [&] {
        Session& s = *session_;
        Poco::Data::Transaction tx(s);
        s << "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)", now;
        int current = 0;
        s << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(current), now;
        const int latest = static_cast<int>(migrations().size());
        if (current > latest)
            throw OutputError("history store " + path_.string() + " has schema version " + std::to_string(current) +
                              ", newer than this cskpi understands (" + std::to_string(latest) +
                              "); use a newer cskpi or another --history file");
        for (int v = current; v < latest; ++v) {
            for (const auto& sql : migrations()[static_cast<std::size_t>(v)]) s << sql, now;
            s << "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", bind(v + 1), bind(utc_now_iso()),
                now;
        }
        tx.commit();
    });
}

int HistoryStore::schema_version() const {
    return guarded(path_, "read the schema version", [&] {
        int version = 0;
        *session_ << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(version), now;
        return version;
    });
}

void HistoryStore::record_run(const Summary& summary) {
    const ReportInfo& r = summary.report;
    if (r.kind.empty() || r.period.empty())
        throw OutputError("history store " + path_.string() + ": a run needs a report kind and period to be recorded");
    guarded(path_, "record the " + r.kind + " run for " + r.period, [&] {
        Session& s = *session_;
        Poco::Data::Transaction tx(s);
        // Children first: the delete must not depend on the connection's foreign_keys setting.
        s << "DELETE FROM kpi_values WHERE run_id IN (SELECT id FROM runs WHERE kind = ? AND period = ?)",
            bind(r.kind), bind(r.period), now;
        s << "DELETE FROM sources WHERE run_id IN (SELECT id FROM runs WHERE kind = ? AND period = ?)",
            bind(r.kind), bind(r.period), now;
        s << "DELETE FROM runs WHERE kind = ? AND period = ?", bind(r.kind), bind(r.period), now;
        s << "INSERT INTO runs (kind, period, generated_at, as_of, tool_version) VALUES (?, ?, ?, ?, ?)",
            bind(r.kind), bind(r.period), bind(r.generated_at), bind(r.as_of), bind(r.tool_version), now;
        Poco::Int64 run_id = 0;
        s << "SELECT last_insert_rowid()", into(run_id), now;

        // The monthly series first, so a KPI's headline value for a month overrides it.
        for (const auto& [kpi_id, months] : summary.monthly)
            for (const auto& [month, value] : months)
                s << "INSERT OR REPLACE INTO kpi_values (run_id, kpi_id, period, value) VALUES (?, ?, ?, ?)",
                    bind(run_id), bind(kpi_id), bind(month), bind(nullable(value)), now;
        for (const auto& k : summary.kpis) {
            if (!k.info) continue;
            s << "INSERT OR REPLACE INTO kpi_values (run_id, kpi_id, period, value) VALUES (?, ?, ?, ?)",
                bind(run_id), bind(std::string(k.info->id)), bind(r.period), bind(nullable(k.current.value)), now;
        }
        for (const auto& src : summary.sources)
            s << "INSERT OR REPLACE INTO sources (run_id, name, uri, sha256, bytes, rows_read, rows_accepted,"
                 " rows_rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                bind(run_id), bind(src.name), bind(src.uri), bind(src.sha256),
                bind(static_cast<Poco::Int64>(src.bytes)), bind(static_cast<Poco::Int64>(src.rows_read)),
                bind(static_cast<Poco::Int64>(src.rows_accepted)), bind(static_cast<Poco::Int64>(src.rows_rejected)),
                now;
        tx.commit();
    });
}

void HistoryStore::save_targets(int target_year, const Summary& summary) {
    guarded(path_, "save the targets for " + std::to_string(target_year), [&] {
        Session& s = *session_;
        Poco::Data::Transaction tx(s);
        s << "DELETE FROM targets WHERE target_year = ?", bind(target_year), now;
        for (const auto& k : summary.kpis) {
            if (!k.info || !k.target) continue;
            const TargetPlan& t = *k.target;
            s << "INSERT INTO targets (target_year, kpi_id, baseline, value, benchmark, gap_closure, mandated, basis,"
                 " stretch, profile, milestone_q1, milestone_q2, milestone_q3, milestone_q4, warning, weight,"
                 " set_by_period, set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                bind(target_year), bind(std::string(k.info->id)), bind(t.baseline), bind(t.value),
                bind(nullable(t.benchmark)), bind(t.gap_closure), bind(nullable(t.mandated)), bind(t.basis),
                bind(t.stretch ? 1 : 0), bind(t.profile), bind(t.milestones[0]), bind(t.milestones[1]),
                bind(t.milestones[2]), bind(t.milestones[3]), bind(nullable(t.warning)), bind(t.weight),
                bind(summary.report.period), bind(summary.report.generated_at), now;
        }
        tx.commit();
    });
}

std::map<std::string, TargetPlan> HistoryStore::load_targets(int target_year) const {
    return guarded(path_, "load the targets for " + std::to_string(target_year), [&] {
        Statement select(*session_);
        select << "SELECT kpi_id, baseline, value, benchmark, gap_closure, mandated, basis, stretch, profile,"
                  " milestone_q1, milestone_q2, milestone_q3, milestone_q4, warning, weight"
                  " FROM targets WHERE target_year = ?",
            bind(target_year), now;
        RecordSet rs(select);
        std::map<std::string, TargetPlan> plans;
        for (std::size_t row = 0; row < rs.rowCount(); ++row) {
            TargetPlan t;
            t.baseline = rs.value(1, row).convert<double>();
            t.value = rs.value(2, row).convert<double>();
            t.benchmark = optional_double(rs, 3, row);
            t.gap_closure = rs.value(4, row).convert<double>();
            t.mandated = optional_double(rs, 5, row);
            t.basis = rs.value(6, row).convert<std::string>();
            t.stretch = rs.value(7, row).convert<int>() != 0;
            t.profile = rs.value(8, row).convert<std::string>();
            for (std::size_t q = 0; q < 4; ++q) t.milestones[q] = rs.value(9 + q, row).convert<double>();
            t.warning = optional_double(rs, 13, row);
            t.weight = rs.value(14, row).convert<double>();
            plans.emplace(rs.value(0, row).convert<std::string>(), std::move(t));
        }
        return plans;
    });
}

std::map<std::string, std::optional<double>> HistoryStore::monthly_values(const std::string& kpi_id) const {
    return guarded(path_, "read the monthly values of " + kpi_id, [&] {
        Statement select(*session_);
        // Later runs overwrite earlier ones in the map below; run ids grow with each record_run.
        select << "SELECT v.period, v.value FROM kpi_values v JOIN runs r ON r.id = v.run_id"
                  " WHERE v.kpi_id = ? AND length(v.period) = 7 ORDER BY r.id",
            bind(kpi_id), now;
        RecordSet rs(select);
        std::map<std::string, std::optional<double>> values;
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            values[rs.value(0, row).convert<std::string>()] = optional_double(rs, 1, row);
        return values;
    });
}

std::vector<RunRow> HistoryStore::list_runs() const {
    return guarded(path_, "list the runs", [&] {
        Statement select(*session_);
        select << "SELECT r.id, r.kind, r.period, r.generated_at, r.as_of, r.tool_version,"
                  " (SELECT COUNT(*) FROM kpi_values v WHERE v.run_id = r.id)"
                  " FROM runs r ORDER BY r.period, r.kind",
            now;
        RecordSet rs(select);
        std::vector<RunRow> runs;
        for (std::size_t row = 0; row < rs.rowCount(); ++row) {
            RunRow r;
            r.id = rs.value(0, row).convert<Poco::Int64>();
            r.kind = rs.value(1, row).convert<std::string>();
            r.period = rs.value(2, row).convert<std::string>();
            r.generated_at = rs.value(3, row).convert<std::string>();
            r.as_of = rs.value(4, row).convert<std::string>();
            r.tool_version = rs.value(5, row).convert<std::string>();
            r.kpi_values = rs.value(6, row).convert<Poco::Int64>();
            runs.push_back(std::move(r));
        }
        return runs;
    });
}

std::optional<DeliveryRecord> HistoryStore::delivery(const DeliveryKey& key) const {
    return guarded(path_, "read the delivery ledger", [&]() -> std::optional<DeliveryRecord> {
        Statement select(*session_);
        select << "SELECT outcome, message_id, delivered_at FROM deliveries WHERE report = ? AND period = ?"
                  " AND recipients = ? AND workbook_sha256 = ?",
            bind(key.report), bind(key.period), bind(normalized_recipients(key.recipients)),
            bind(key.workbook_sha256), now;
        RecordSet rs(select);
        if (rs.rowCount() == 0) return std::nullopt;
        DeliveryRecord record;
        record.outcome = rs.value(0, 0).convert<std::string>() == "unknown" ? DeliveryOutcome::unknown
                                                                           : DeliveryOutcome::sent;
        record.message_id = rs.value(1, 0).convert<std::string>();
        record.at = rs.value(2, 0).convert<std::string>();
        return record;
    });
}

bool HistoryStore::was_delivered(const DeliveryKey& key) const {
    const auto record = delivery(key);
    return record && record->outcome == DeliveryOutcome::sent;
}

void HistoryStore::record_delivery(const DeliveryKey& key, const std::string& message_id, DeliveryOutcome outcome) {
    guarded(path_, "record the delivery of " + key.report + " " + key.period, [&] {
        const std::string outcome_text = outcome == DeliveryOutcome::unknown ? "unknown" : "sent";
        *session_ << "INSERT OR REPLACE INTO deliveries (report, period, recipients, workbook_sha256, message_id,"
                     " delivered_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
            bind(key.report), bind(key.period), bind(normalized_recipients(key.recipients)),
            bind(key.workbook_sha256), bind(message_id), bind(utc_now_iso()), bind(outcome_text), now;
    });
}

}  // namespace cskpi
