// The example report definitions in reports/ load as written.
#include <catch2/catch.hpp>

#include "app/run_config.hpp"
#include "core/errors.hpp"
#include "support/process.hpp"

using namespace cskpi;

TEST_CASE("reports/https-example.ini pulls all four exports over HTTPS with auth from the environment",
          "[presets][config]") {
    CommandLine cli;
    cli.command = "year-end";
    cli.config_path = std::filesystem::path(CSKPI_SOURCE_DIR) / "reports" / "https-example.ini";
    const RunConfig config = load_run_config(cli);
    CHECK(config.year == 2026);
    CHECK(config.timezone == "Asia/Shanghai");
    CHECK(config.fetch.cache_dir == "/var/cache/cskpi");
    CHECK(config.fetch.verify_tls);
    REQUIRE(config.sources.size() == 4);
    for (const auto& source : config.sources) {
        INFO(source.name);
        CHECK(source.uri.rfind("https://exports.example.com/", 0) == 0);
        CHECK((source.auth == "bearer:CSKPI_EXPORT_TOKEN" || source.auth == "basic:CSKPI_ACD_USER:CSKPI_ACD_PASSWORD"));
    }
    const SourceConfig& tickets = *config.source("tickets");
    CHECK(tickets.preset == "zendesk");
    CHECK(tickets.value_map.at("channel").at("Slack") == "chat");
    const SourceConfig& agents = *config.source("agents");
    CHECK(agents.encoding == "gbk");
    CHECK(agents.delimiter == ';');
    CHECK(agents.column_map.at("hired_at") == "入职日期");
    CHECK(config.source("calls")->auth == "basic:CSKPI_ACD_USER:CSKPI_ACD_PASSWORD");
}

TEST_CASE("reports/warehouse-example.ini reads all four exports from a warehouse with pushdown", "[config][warehouse]") {
    CommandLine cli;
    cli.command = "year-end";
    cli.config_path = std::filesystem::path(CSKPI_SOURCE_DIR) / "reports" / "warehouse-example.ini";
    const RunConfig config = load_run_config(cli);
    CHECK(config.warehouse_mode == "pushdown");
    REQUIRE(config.sources.size() == 4);
    for (const auto& source : config.sources) {
        INFO(source.name);
        CHECK(source.uri.rfind("postgresql://cskpi_reader@dw.example.com:5432/cs", 0) == 0);
        CHECK(source.password_env == "CSKPI_DW_PASSWORD");
        CHECK((source.table.empty() != source.query.empty()));
    }
    CHECK(config.source("tickets")->table == "cs.tickets");
    CHECK(config.source("surveys")->query.rfind("SELECT * FROM cs.surveys WHERE", 0) == 0);
    CHECK(config.source("calls")->column_map.at("offered_at") == "enqueued_at");
}

TEST_CASE("warehouse settings are refused where they do not apply", "[config][warehouse]") {
    CommandLine cli;
    cli.command = "year-end";
    cli.values = {{"tickets", "tickets.csv"}};
    cskpi::test::TempDir tmp;
    int n = 0;
    const auto with = [&](const std::string& ini) {
        CommandLine c = cli;
        c.config_path = tmp.write("def" + std::to_string(++n) + ".ini", ini);
        return c;
    };
    CHECK_THROWS_AS(load_run_config(with("[warehouse]\nmode = push\n")), UsageError);
    CHECK_THROWS_AS(load_run_config(with("[tickets]\nuri = t.csv\ntable = tickets\n")), UsageError);
    CHECK_NOTHROW(load_run_config(with("[warehouse]\nmode = pull\n")));
}
