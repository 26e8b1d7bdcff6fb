#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include <Poco/Logger.h>

#include "core/errors.hpp"
#include "core/logging.hpp"

using namespace cskpi;
namespace fs = std::filesystem;

TEST_CASE("logging to a file uses the documented line format and level", "[logging]") {
    const fs::path dir = fs::temp_directory_path() / ("cskpi-log-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const fs::path file = dir / "cskpi.log";

    setup_logging("warn", file.string());
    Poco::Logger::get("cskpi.test").information("not shown at warning level");
    Poco::Logger::get("cskpi.test").warning("export is 3 days old");
    setup_logging("none", "");  // closes the file channel

    std::ifstream in(file);
    std::stringstream content;
    content << in.rdbuf();
    const std::regex line(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} Warning cskpi\.test: export is 3 days old\n)");
    CHECK(std::regex_match(content.str(), line));
    fs::remove_all(dir);
}

TEST_CASE("a bad log level or file is a clear error", "[logging]") {
    CHECK_THROWS_AS(setup_logging("loud", ""), UsageError);
    CHECK_THROWS_WITH(setup_logging("loud", ""), Catch::Matchers::Contains("unknown log level 'loud'"));
    CHECK_THROWS_AS(setup_logging("info", "/proc/no-such-dir/cskpi.log"), OutputError);
}
