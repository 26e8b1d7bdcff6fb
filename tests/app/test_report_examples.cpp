// The example report definitions in reports/ load as written.
#include <catch2/catch.hpp>

#include "app/run_config.hpp"

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
