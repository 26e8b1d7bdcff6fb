#pragma once
// The committed samples loaded into a throwaway PostgreSQL server with the table layout of
// docs/warehouse.md, and the same rows as CSV files for the file path to compare against.
#include <filesystem>
#include <string>
#include <vector>

#include "support/pg_server.hpp"

namespace cskpi::test {

struct WarehouseFixture {
    // unique_ids: without the repeated rows as well (mode = pushdown stops on repeated ids).
    explicit WarehouseFixture(bool unique_ids = false);
    PgServer server;
    TempDir files{"cskpi-wh-files"};
    // The samples without the rows a typed column cannot hold (a day-first created_at, an
    // `answered` of "maybe"): those are what the warehouse and the CSV path both read.
    std::filesystem::path tickets, surveys, agents, calls;
    // A report definition reading all four from the warehouse; `extra` is appended.
    // Mismatching cells of two workbooks' Breakdown sheets (the channel, priority and team
    // rows the summary JSON does not carry): text equal, numbers within 1e-9 relative.
    static std::vector<std::string> breakdown_differences(const std::filesystem::path& expected,
                                                          const std::filesystem::path& actual);
    std::filesystem::path definition(const std::string& extra, const std::string& name = "warehouse.ini",
                                     bool with_calls = true) const;
};

}  // namespace cskpi::test
