#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "core/errors.hpp"
#include "history/history_store.hpp"

using namespace cskpi;
namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("cskpi-history-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

KpiComparison kpi(std::string_view id, std::optional<double> current) {
    KpiComparison k;
    k.info = find_kpi(id);
    REQUIRE(k.info);
    k.current.value = current;
    return k;
}

Summary monthly_summary(const std::string& period, const std::string& generated_at, double fcr_month,
                        std::optional<double> csat_month) {
    Summary s;
    s.report.kind = "monthly";
    s.report.period = period;
    s.report.as_of = period + "-28T00:00:00+08:00";
    s.report.generated_at = generated_at;
    s.report.tool_version = "1.0.0";
    s.kpis = {kpi("fcr.rate", fcr_month), kpi("csat.rate", csat_month)};
    s.monthly["fcr.rate"] = {{"2026-01", 0.80}, {period, fcr_month}};
    SourceReport src;
    src.name = "tickets";
    src.uri = "https://exports.example.com/tickets.csv";
    src.sha256 = "ab12";
    src.bytes = 1234;
    src.rows_read = 100;
    src.rows_accepted = 98;
    src.rows_rejected = 2;
    s.sources = {src};
    return s;
}

}  // namespace

TEST_CASE("a new history file is created at the latest schema", "[history]") {
    TempDir dir;
    const auto path = dir.path / "nested" / "history.sqlite";
    auto store = HistoryStore::open(path);
    CHECK(fs::exists(path));
    CHECK(store.schema_version() == HistoryStore::latest_schema_version);
    CHECK(store.list_runs().empty());
    // Opening again applies nothing twice.
    CHECK(HistoryStore::open(path).schema_version() == HistoryStore::latest_schema_version);
}

TEST_CASE("rerunning a month replaces its snapshot, another month adds one", "[history]") {
    TempDir dir;
    auto store = HistoryStore::open(dir.path / "history.sqlite");

    store.record_run(monthly_summary("2026-02", "2026-03-01T06:00:00+08:00", 0.70, 0.91));
    store.record_run(monthly_summary("2026-02", "2026-03-02T06:00:00+08:00", 0.75, std::nullopt));

    auto runs = store.list_runs();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].kind == "monthly");
    CHECK(runs[0].period == "2026-02");
    CHECK(runs[0].generated_at == "2026-03-02T06:00:00+08:00");
    // fcr 2026-01, fcr 2026-02 (series and headline share a row), csat 2026-02 = 3 values
    CHECK(runs[0].kpi_values == 3);

    auto fcr = store.monthly_values("fcr.rate");
    REQUIRE(fcr.size() == 2);
    CHECK(fcr["2026-01"] == Approx(0.80));
    CHECK(fcr["2026-02"] == Approx(0.75));
    auto csat = store.monthly_values("csat.rate");
    REQUIRE(csat.size() == 1);
    CHECK_FALSE(csat["2026-02"].has_value());  // null kept as null, not as 0

    store.record_run(monthly_summary("2026-03", "2026-04-01T06:00:00+08:00", 0.82, 0.93));
    runs = store.list_runs();
    REQUIRE(runs.size() == 2);
    CHECK(runs[1].period == "2026-03");
    fcr = store.monthly_values("fcr.rate");
    REQUIRE(fcr.size() == 3);
    CHECK(fcr["2026-02"] == Approx(0.75));
    CHECK(fcr["2026-03"] == Approx(0.82));
    CHECK(store.monthly_values("csat.rate")["2026-03"] == Approx(0.93));
}

TEST_CASE("where snapshots overlap, the one recorded last wins", "[history]") {
    TempDir dir;
    auto store = HistoryStore::open(dir.path / "history.sqlite");
    auto march = monthly_summary("2026-03", "2026-04-01T06:00:00+08:00", 0.82, 0.93);
    march.monthly["fcr.rate"]["2026-01"] = 0.79;  // a later export corrected January
    store.record_run(monthly_summary("2026-02", "2026-03-01T06:00:00+08:00", 0.75, 0.90));
    store.record_run(march);
    CHECK(store.monthly_values("fcr.rate")["2026-01"] == Approx(0.79));
}

TEST_CASE("a year-end run's headline values are not monthly values", "[history]") {
    TempDir dir;
    auto store = HistoryStore::open(dir.path / "history.sqlite");
    Summary s = monthly_summary("2026", "2027-01-02T06:00:00+08:00", 0.85, 0.9);
    s.report.kind = "year-end";
    s.monthly.clear();
    store.record_run(s);
    CHECK(store.list_runs().at(0).kpi_values == 2);
    CHECK(store.monthly_values("fcr.rate").empty());
}

TEST_CASE("a v1 history file is migrated with its data kept", "[history]") {
    TempDir dir;
    const auto path = dir.path / "history.sqlite";
    {
        // The v1 schema exactly as version 1.0 of cskpi created it.
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session s("SQLite", path.string());
        s << "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)", now;
        s << "INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00Z')", now;
        s << "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, period TEXT NOT NULL,"
             " generated_at TEXT NOT NULL, as_of TEXT NOT NULL, tool_version TEXT NOT NULL, UNIQUE (kind, period))",
            now;
        s << "CREATE TABLE kpi_values (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
             " kpi_id TEXT NOT NULL, period TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, kpi_id, period))",
            now;
        s << "CREATE INDEX kpi_values_by_kpi ON kpi_values (kpi_id, period)", now;
        s << "INSERT INTO runs VALUES (1, 'monthly', '2025-12', '2026-01-01T06:00:00+08:00',"
             " '2026-01-01T00:00:00+08:00', '0.9.0')", now;
        s << "INSERT INTO kpi_values VALUES (1, 'fcr.rate', '2025-11', 0.71), (1, 'fcr.rate', '2025-12', 0.72)", now;
    }

    auto store = HistoryStore::open(path);
    CHECK(store.schema_version() == HistoryStore::latest_schema_version);
    auto runs = store.list_runs();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].tool_version == "0.9.0");
    auto fcr = store.monthly_values("fcr.rate");
    REQUIRE(fcr.size() == 2);
    CHECK(fcr["2025-12"] == Approx(0.72));

    // The v2 tables work on the migrated file.
    store.record_run(monthly_summary("2026-01", "2026-02-01T06:00:00+08:00", 0.74, 0.9));
    CHECK(store.list_runs().size() == 2);
    CHECK(store.monthly_values("fcr.rate")["2025-11"] == Approx(0.71));
}

TEST_CASE("a history file newer than this build is refused", "[history]") {
    TempDir dir;
    const auto path = dir.path / "history.sqlite";
    {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session s("SQLite", path.string());
        s << "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)", now;
        s << "INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00Z')", now;
    }
    CHECK_THROWS_AS(HistoryStore::open(path), OutputError);
    CHECK_THROWS_WITH(HistoryStore::open(path),
                      Catch::Matchers::Contains("schema version 99, newer than this cskpi understands (" +
                                                       std::to_string(HistoryStore::latest_schema_version) + ")"));
}

TEST_CASE("targets round-trip", "[history]") {
    TempDir dir;
    auto store = HistoryStore::open(dir.path / "history.sqlite");
    Summary s = monthly_summary("2026", "2027-01-02T06:00:00+08:00", 0.85, 0.9);
    s.report.kind = "year-end";
    TargetPlan fcr;
    fcr.baseline = 0.85;
    fcr.value = 0.875;
    fcr.benchmark = 0.9;
    fcr.gap_closure = 0.5;
    fcr.basis = "gap_closure";
    fcr.profile = "back_loaded";
    fcr.stretch = true;
    fcr.milestones = {0.8563, 0.8625, 0.8688, 0.875};
    fcr.warning = 0.75;
    fcr.weight = 2.0;
    s.kpis[0].target = fcr;
    TargetPlan csat;  // mandated, no benchmark or warning
    csat.baseline = 0.9;
    csat.value = 0.95;
    csat.mandated = 0.95;
    csat.basis = "mandated";
    s.kpis[1].target = csat;

    store.save_targets(2027, s);
    auto plans = store.load_targets(2027);
    REQUIRE(plans.size() == 2);
    const TargetPlan& f = plans.at("fcr.rate");
    CHECK(f.baseline == 0.85);
    CHECK(f.value == 0.875);
    CHECK(f.benchmark == 0.9);
    CHECK_FALSE(f.mandated.has_value());
    CHECK(f.basis == "gap_closure");
    CHECK(f.profile == "back_loaded");
    CHECK(f.stretch);
    CHECK(f.milestones == std::array<double, 4>{0.8563, 0.8625, 0.8688, 0.875});
    CHECK(f.warning == 0.75);
    CHECK(f.weight == 2.0);
    const TargetPlan& c = plans.at("csat.rate");
    CHECK(c.mandated == 0.95);
    CHECK_FALSE(c.benchmark.has_value());
    CHECK_FALSE(c.warning.has_value());
    CHECK_FALSE(c.stretch);
    CHECK(store.load_targets(2026).empty());

    // Saving again for the same year replaces the set.
    s.kpis[1].target.reset();
    store.save_targets(2027, s);
    CHECK(store.load_targets(2027).size() == 1);
}

TEST_CASE("the delivery ledger matches recipients in any order and case", "[history]") {
    TempDir dir;
    auto store = HistoryStore::open(dir.path / "history.sqlite");
    DeliveryKey key{"monthly", "2026-10", {"Boss@Example.com", " ops@example.com"}, "ffee"};
    CHECK_FALSE(store.was_delivered(key));
    store.record_delivery(key, "<1@example.com>");

    CHECK(store.was_delivered({"monthly", "2026-10", {"ops@example.com", "boss@example.com"}, "ffee"}));
    CHECK_FALSE(store.was_delivered({"monthly", "2026-10", {"ops@example.com"}, "ffee"}));
    CHECK_FALSE(store.was_delivered({"monthly", "2026-10", {"ops@example.com", "boss@example.com"}, "0000"}));
    CHECK_FALSE(store.was_delivered({"monthly", "2026-11", {"ops@example.com", "boss@example.com"}, "ffee"}));
    CHECK(normalized_recipients({"B@x.com", "a@x.com ", "b@X.com"}) == "a@x.com,b@x.com");
}

TEST_CASE("the default history path follows XDG_DATA_HOME", "[history]") {
    const char* old = std::getenv("XDG_DATA_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_DATA_HOME", "/srv/data", 1);
    CHECK(default_history_path() == fs::path("/srv/data/cskpi/history.sqlite"));
    ::unsetenv("XDG_DATA_HOME");
    CHECK(default_history_path() == fs::path(std::getenv("HOME")) / ".local/share/cskpi/history.sqlite");
    if (old) ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
}

TEST_CASE("an unreadable history file is an OutputError naming it", "[history]") {
    TempDir dir;
    const auto path = dir.path / "history.sqlite";
    {
        std::ofstream garbage(path);
        garbage << "this is not a database, just text long enough to fill a header page";
    }
    CHECK_THROWS_AS(HistoryStore::open(path), OutputError);
    CHECK_THROWS_WITH(HistoryStore::open(path), Catch::Matchers::Contains(path.string()));
}
