// Opens the written workbook in LibreOffice with "always recalculate" and checks that the
// Targets formulas compute what the C++ policy computed.
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipManipulator.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "report/i18n.hpp"
#include "report/year_end_workbook.hpp"
#include "metrics/pipeline_run.hpp"
#include "sample_summary.hpp"
#include "targets/target_policy.hpp"
#include "xlsx_reader.hpp"
#include "support/libreoffice.hpp"

using namespace cskpi;
using namespace cskpi::test;
namespace fs = std::filesystem;

namespace {

// A fresh profile that recalculates OOXML formulas on load instead of trusting cached values.
// Overwrites every cached formula result of the Targets sheet with 0, so only a real
// recalculation can bring the policy's numbers back.
void zero_cached_targets(const fs::path& workbook, const fs::path& scratch) {
    const XlsxFile book = read_xlsx(workbook);
    const std::string part = "xl/worksheets/sheet4.xml";
    const std::string zeroed =
        std::regex_replace(book.parts.at(part), std::regex("(</f><v>)[^<]*(</v>)"), "$010$2");
    REQUIRE(zeroed != book.parts.at(part));
    const fs::path local = scratch / "sheet4.xml";
    std::ofstream(local, std::ios::binary) << zeroed;
    Poco::Zip::ZipManipulator zip(workbook.string(), false);
    zip.replaceFile(part, local.string());
    zip.commit();
}

const std::vector<std::string>& csv_row(const std::vector<std::vector<std::string>>& rows, const std::string& id) {
    for (const auto& r : rows)
        if (!r.empty() && r[0] == id) return r;
    FAIL("no row for " << id);
    throw;
}

// LibreOffice writes a percent-formatted cell as "92.5%" (full precision, not as shown).
// Columns K (target), L (basis), M (stretch), N..Q (milestones) of the Targets sheet.
void check_recalculated(const Summary& summary, const std::vector<std::vector<std::string>>& rows,
                        int expected_targets, Lang lang = Lang::en) {
    int checked = 0;
    for (const auto& k : summary.kpis) {
        if (!k.target) continue;
        const auto& r = csv_row(rows, std::string(k.info->id));
        INFO(k.info->id);
        REQUIRE(r.size() >= 17);
        CHECK(csv_number(r[10]) == Approx(k.target->value).epsilon(1e-12).margin(1e-12));
        CHECK(r[11] == tr("basis." + k.target->basis, lang));
        CHECK(r[12] == tr(k.target->stretch ? "yes" : "no", lang));
        for (int q = 0; q < 4; ++q)
            CHECK(csv_number(r[13 + q]) == Approx(k.target->milestones[q]).epsilon(1e-12).margin(1e-12));
        ++checked;
    }
    CHECK(checked == expected_targets);
}

}  // namespace

TEST_CASE("LibreOffice recalculates the Targets formulas to the policy's values", "[workbook][libreoffice]") {
    const auto soffice = soffice_for_checks();
    if (!soffice) return;
    TempDir dir;
    const fs::path in = dir.path() / "in", out = dir.path() / "out", profile = dir.path() / "profile";
    fs::create_directories(in);
    write_profile(profile);

    Summary standard = sample_summary();
    apply_target_policy(standard, *target_config());
    Summary faster = sample_summary();
    apply_target_policy(faster, *target_config("0.8"));
    write_year_end_workbook(standard, {in / "standard.xlsx", "en"});
    write_year_end_workbook(faster, {in / "faster.xlsx", "en"});
    write_year_end_workbook(standard, {in / "zeroed.xlsx", "en"});
    zero_cached_targets(in / "zeroed.xlsx", dir.path());
    // And the real thing: the workbook of the committed samples, through the whole pipeline.
    const auto samples_dir = source_dir() / "samples";
    Summary samples = run_pipeline({samples_dir / "tickets.csv", samples_dir / "surveys.csv",
                                    samples_dir / "agents.csv", samples_dir / "calls.csv"});
    apply_target_policy(samples, *target_config());
    write_year_end_workbook(samples, {in / "samples.xlsx", "zh-CN"});

    // One LibreOffice start for all four; sheet 4 is Targets.
    export_sheet_csv(*soffice, profile, 4, out,
                     {in / "standard.xlsx", in / "faster.xlsx", in / "zeroed.xlsx", in / "samples.xlsx"});
    const auto csv = [&](const std::string& stem) { return exported_csv(out, stem); };

    // Sections would start LibreOffice once each; plain blocks keep it to one start.
    {
        INFO("default policy: recalculated values equal the cached ones");
        const auto rows = csv("standard");
        check_recalculated(standard, rows, 20);
        // 0.70 + 0.5 × (0.90 − 0.70) = 0.80
        CHECK(csv_number(csv_row(rows, "fcr.rate")[10]) == Approx(0.80));
    }
    {
        INFO("gap_closure 0.8 from the configuration");
        const auto rows = csv("faster");
        check_recalculated(faster, rows, 20);
        // 0.70 + 0.8 × (0.90 − 0.70) = 0.86; ASA 40 + 0.8 × (28 − 40) = 30.4
        CHECK(csv_number(csv_row(rows, "fcr.rate")[10]) == Approx(0.86));
        CHECK(csv_number(csv_row(rows, "calls.asa_sec")[10]) == Approx(30.4));
    }
    {
        INFO("cached results zeroed: only recalculation restores them");
        check_recalculated(standard, csv("zeroed"), 20);
    }
    {
        INFO("the samples' workbook (zh-CN) recalculates to its cached targets");
        // Every KPI with a direction and a value has a target: 22 of the 29 on the samples.
        check_recalculated(samples, csv("samples"), 22, Lang::zh_cn);
    }
}
