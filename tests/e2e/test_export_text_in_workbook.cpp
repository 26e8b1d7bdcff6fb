// Text from an export reaches the workbook as text, never as a formula.
#include <catch2/catch.hpp>

#include "report/xlsx_reader.hpp"
#include "support/process.hpp"

using namespace cskpi::test;

TEST_CASE("team names like =1+1 and @SUM(A1) in an export are written as text", "[e2e][workbook]") {
    TempDir tmp;
    const auto tickets = tmp.write("tickets.csv",
                                   "ticket_id,created_at,team,category\n"
                                   "1,2025-03-01 10:00,=1+1,=HYPERLINK(\"http://x\")\n"
                                   "2,2026-03-01 10:00,@SUM(A1),+cmd\n"
                                   "3,2026-03-02 10:00,-2+3,normal\n");
    const auto run = run_cskpi("year-end --year 2026 --tickets " + quote(tickets) + " --out " + quote(tmp / "out"));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto book = read_xlsx(tmp / "out" / "cskpi-2026.xlsx");
    int found = 0;
    for (const auto& sheet : book.sheets)
        for (const auto& [ref, cell] : sheet.cells)
            if (cell.value == "=1+1" || cell.value == "@SUM(A1)" || cell.value == "-2+3") {
                INFO(sheet.name << "!" << ref);
                CHECK_FALSE(cell.has_formula);
                CHECK(cell.type == "s");
                ++found;
            }
    CHECK(found >= 3);  // each team appears on the Breakdown sheet
    for (const auto& [part, text] : book.parts) {
        INFO(part);
        CHECK(text.find("<f>1+1</f>") == std::string::npos);
        CHECK(text.find("<f>SUM(A1)</f>") == std::string::npos);
    }
}
