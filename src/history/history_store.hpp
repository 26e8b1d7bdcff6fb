#pragma once
// The history of past runs in one SQLite file: the KPI values each run computed, where its
// numbers came from, the targets a year-end run set and which mails went out. Monthly runs
// read it back to fill months an export no longer covers and to avoid mailing a report
// twice.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/summary.hpp"
#include "model/target_plan.hpp"

namespace Poco::Data {
class Session;
}

namespace cskpi {

// $XDG_DATA_HOME/cskpi/history.sqlite, else ~/.local/share/cskpi/history.sqlite.
std::filesystem::path default_history_path();

struct RunRow {
    std::int64_t id = 0;
    std::string kind;    // year-end | monthly
    std::string period;  // "2026" | "2026-10"
    std::string generated_at;
    std::string as_of;
    std::string tool_version;
    std::int64_t kpi_values = 0;  // stored values (headline + monthly series)
};

// One mail of one report: the same workbook to the same people is sent once.
struct DeliveryKey {
    std::string report;                   // report name
    std::string period;                   // "2026-10"
    std::vector<std::string> recipients;  // To and Cc, in any order and case
    std::string workbook_sha256;
};

// sent: the server accepted the message. unknown: the message was transmitted but the
// server's reply to it was lost, so it may or may not have been delivered.
enum class DeliveryOutcome { sent, unknown };

struct DeliveryRecord {
    DeliveryOutcome outcome = DeliveryOutcome::sent;
    std::string message_id;
    std::string at;  // ISO 8601 UTC
};

// Lower-cased, trimmed, sorted, de-duplicated, comma-joined: the ledger's form.
std::string normalized_recipients(const std::vector<std::string>& recipients);

class HistoryStore {
public:
    static constexpr int latest_schema_version = 3;

    // Creates the file and its directory if needed and migrates it to the latest schema.
    // Every failure here and below is an OutputError naming the file.
    static HistoryStore open(const std::filesystem::path& path);

    HistoryStore(HistoryStore&&) noexcept;
    HistoryStore& operator=(HistoryStore&&) noexcept;
    ~HistoryStore();

    const std::filesystem::path& path() const { return path_; }
    int schema_version() const;

    // Replaces the earlier snapshot of the same (kind, period), so rerunning a month is
    // idempotent. Stores each KPI's current value for the report period, the monthly
    // series and the source provenance.
    void record_run(const Summary& summary);

    // The targets of the KPIs that have one, replacing those stored for target_year.
    void save_targets(int target_year, const Summary& summary);
    std::map<std::string, TargetPlan> load_targets(int target_year) const;

    // "YYYY-MM" -> value of one KPI over every stored run; where runs overlap, the
    // snapshot recorded last wins.
    std::map<std::string, std::optional<double>> monthly_values(const std::string& kpi_id) const;

    std::vector<RunRow> list_runs() const;  // by period, then kind

    // The ledger entry of this mail, if any; was_delivered() is true only for a sent one.
    std::optional<DeliveryRecord> delivery(const DeliveryKey& key) const;
    bool was_delivered(const DeliveryKey& key) const;
    void record_delivery(const DeliveryKey& key, const std::string& message_id,
                         DeliveryOutcome outcome = DeliveryOutcome::sent);

private:
    HistoryStore(std::filesystem::path path, std::unique_ptr<Poco::Data::Session> session);
    void migrate();

    std::filesystem::path path_;
    std::unique_ptr<Poco::Data::Session> session_;
};

}  // namespace cskpi
