// The mail ledger's fingerprint: equal for the same numbers written at different times,
// different when a number changes.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "report/workbook_fingerprint.hpp"
#include "report/year_end_workbook.hpp"
#include "sample_summary.hpp"
#include "support/process.hpp"
#include "targets/target_policy.hpp"

using namespace cskpi;
using namespace cskpi::test;

TEST_CASE("a workbook's fingerprint ignores the generation time and nothing else", "[workbook][ledger]") {
    TempDir dir;
    Summary summary = sample_summary();
    apply_target_policy(summary, *target_config());
    write_year_end_workbook(summary, {dir / "first.xlsx", "en"});
    summary.report.generated_at = "2027-01-05T06:00:00+08:00";  // rerun days later
    write_year_end_workbook(summary, {dir / "rerun.xlsx", "en"});
    CHECK(read_file(dir / "first.xlsx") != read_file(dir / "rerun.xlsx"));
    CHECK(workbook_fingerprint(dir / "first.xlsx") == workbook_fingerprint(dir / "rerun.xlsx"));
    CHECK(workbook_fingerprint(dir / "first.xlsx").size() == 64);

    summary.kpis.front().current.value = *summary.kpis.front().current.value + 1;
    write_year_end_workbook(summary, {dir / "changed.xlsx", "en"});
    CHECK(workbook_fingerprint(dir / "changed.xlsx") != workbook_fingerprint(dir / "first.xlsx"));

    write_file(dir / "broken.xlsx", "not a zip");
    CHECK_THROWS_AS(workbook_fingerprint(dir / "broken.xlsx"), OutputError);
}
