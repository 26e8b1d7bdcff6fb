// The Scorecards sheet: its layout and cell types as written, and LibreOffice recalculating
// its formulas (always-recalculate profile) to the cached scores, ranks and bands, and, after
// a weight cell is changed, to what docs/contract/scorecards.md gives for the new weights.
#include <Poco/AutoPtr.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Zip/ZipManipulator.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "../report/xlsx_reader.hpp"
#include "report/i18n.hpp"
#include "report/scorecard_sheet.hpp"
#include "report/year_end_workbook.hpp"
#include "scorecard_run.hpp"
#include "scorecards/scorecards.hpp"
#include "support/process.hpp"
#include "targets/target_policy.hpp"
#include "support/libreoffice.hpp"

using namespace cskpi;
using namespace cskpi::test;
namespace fs = std::filesystem;

namespace {

Summary fixture_with_targets(const std::map<std::string, std::string>& settings) {
    Summary s = scorecard_fixture_summary(settings);
    Poco::AutoPtr<Poco::Util::MapConfiguration> none = new Poco::Util::MapConfiguration;
    apply_target_policy(s, *none);
    return s;
}

// The sheet row (0-based) of each role's weights row, as the writer lays them out.
std::map<std::string, xlsx::Row> weight_rows(const Scorecards& sc) {
    std::map<std::string, xlsx::Row> rows;
    xlsx::Row row = kScorecardHeaderRow + 1;
    for (const auto& r : sc.roles) {
        rows[r.role] = row;
        row += xlsx::Row(1 + r.agents.size());
    }
    return rows;
}

// Replaces cells' cached or constant values inside one sheet part of the workbook.
void edit_sheet(const fs::path& workbook, const fs::path& scratch, std::size_t index,
                const std::vector<std::pair<std::string, std::string>>& cell_values, bool zero_cached) {
    const XlsxFile book = read_xlsx(workbook);
    const std::string part = "xl/worksheets/sheet" + std::to_string(index + 1) + ".xml";
    std::string xml = book.parts.at(part);
    for (const auto& [cell, value] : cell_values) {
        const std::string before = xml;
        xml = std::regex_replace(xml, std::regex("(<c r=\"" + cell + "\"[^>]*><v>)[^<]*(</v>)"), "$01" + value + "$2");
        REQUIRE(xml != before);
    }
    if (zero_cached) xml = std::regex_replace(xml, std::regex("(</f><v>)[^<]*(</v>)"), "$010$2");
    const fs::path local = scratch / ("sheet" + std::to_string(index + 1) + ".xml");
    std::ofstream(local, std::ios::binary) << xml;
    Poco::Zip::ZipManipulator zip(workbook.string(), false);
    zip.replaceFile(part, local.string());
    zip.commit();
}

// Score, rank and band of every agent on the recalculated sheet against the scorecards.
void check_sheet(const Scorecards& expected, const std::vector<std::vector<std::string>>& rows, Lang lang) {
    int agents = 0;
    for (const auto& role : expected.roles)
        for (const auto& a : role.agents) {
            INFO(role.role << " " << a.agent_id);
            const std::vector<std::string>* found = nullptr;
            for (const auto& r : rows)
                if (r.size() > scorecard_col::band && r[scorecard_col::agent] == a.agent_id) found = &r;
            REQUIRE(found);
            const auto& r = *found;
            if (a.score) CHECK(std::stod(r[scorecard_col::score]) == Approx(*a.score).epsilon(1e-12).margin(1e-9));
            else CHECK(r[scorecard_col::score].empty());
            if (a.rank) CHECK(r[scorecard_col::rank] == std::to_string(*a.rank));
            else CHECK(r[scorecard_col::rank].empty());
            CHECK(r[scorecard_col::band] == (a.band.empty() ? std::string() : tr("band." + a.band, lang)));
            ++agents;
        }
    CHECK(agents == 11);
}

}  // namespace

TEST_CASE("the Scorecards sheet: weights as inputs, live formulas, export text as text", "[scorecards][workbook]") {
    TempDir dir;
    const Summary s = fixture_with_targets(fixture_settings());
    write_year_end_workbook(s, {dir / "book.xlsx", "zh-CN"});
    const XlsxFile book = read_xlsx(dir / "book.xlsx");
    const Sheet& sheet = book.sheet("岗位考核");
    const auto rows = weight_rows(*s.scorecards);
    const xlsx::Row phone = rows.at("phone");
    // phone weights row: frt.mean_min weight 40 under the attainment columns (index 1).
    const auto& w = sheet.at(xlsx::cell_ref(phone, scorecard_col::attainment + 1));
    CHECK(w.type == "n");
    CHECK(w.number() == 40);
    CHECK(sheet.at(xlsx::cell_ref(phone, scorecard_col::role)).value == "电话客服");
    // P2 (rank 1) on the next row: text id, a formula score with its cached value.
    const auto& id = sheet.at(xlsx::cell_ref(phone + 1, scorecard_col::agent));
    CHECK(id.type == "s");
    CHECK(id.value == "P2");
    const auto& score = sheet.at(xlsx::cell_ref(phone + 1, scorecard_col::score));
    CHECK(score.has_formula);
    CHECK(score.number() == Approx(134.25));
    CHECK(score.formula.find("SUMPRODUCT") != std::string::npos);
    CHECK(sheet.at(xlsx::cell_ref(phone + 1, scorecard_col::band)).value == "服务之星");
    const std::string xml = book.parts.at("xl/worksheets/sheet" + std::to_string(sheet_index(book, "岗位考核") + 1) + ".xml");
    CHECK(xml.find("<pane") != std::string::npos);          // frozen header
    CHECK(xml.find("<autoFilter") != std::string::npos);
    CHECK(xml.find("<dataValidation") != std::string::npos); // the weight inputs are validated
    CHECK(xml.find("<conditionalFormatting") != std::string::npos);  // band colours
    CHECK(xml.find("<sheetProtection") != std::string::npos);
}

TEST_CASE("LibreOffice recalculates the Scorecards sheet, and a changed weight re-scores the role", "[scorecards][workbook][libreoffice]") {
    const auto soffice = soffice_for_checks();
    if (!soffice) return;
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out", profile = dir / "profile";
    fs::create_directories(in);
    write_profile(profile);

    const Summary standard = fixture_with_targets(fixture_settings());
    write_year_end_workbook(standard, {in / "standard.xlsx", "en"});
    write_year_end_workbook(standard, {in / "changed.xlsx", "en"});
    const std::size_t index = sheet_index(read_xlsx(in / "standard.xlsx"), "Scorecards");
    // phone: frt.mean_min 40 -> 0 (attainment column 1); social: csat.rate 50 -> 51 (column 7).
    const auto rows = weight_rows(*standard.scorecards);
    edit_sheet(in / "changed.xlsx", dir.path(), index,
               {{xlsx::cell_ref(rows.at("phone"), scorecard_col::attainment + 1), "0"},
                {xlsx::cell_ref(rows.at("social"), scorecard_col::attainment + 7), "51"}},
               true);
    // What the spec gives for those weights, from the scoring itself.
    auto changed_settings = fixture_settings();
    changed_settings["role.phone.frt.mean_min"] = "0";
    changed_settings["role.phone.csat.rate"] = "30";
    changed_settings["role.phone.fcr.rate"] = "15";
    changed_settings["role.phone.aht.mean_min"] = "15";
    changed_settings["role.social.csat.rate"] = "51";
    const Summary changed = scorecard_fixture_summary(changed_settings);

    export_sheet_csv(*soffice, profile, index + 1, out, {in / "standard.xlsx", in / "changed.xlsx"});
    const auto csv = [&](const std::string& stem) { return exported_csv(out, stem); };
    {
        INFO("as written: recalculation gives the cached values");
        check_sheet(*standard.scorecards, csv("standard"), Lang::en);
    }
    {
        INFO("phone frt weight 0, social csat weight 51, cached results zeroed");
        const auto sheet = csv("changed");
        check_sheet(*changed.scorecards, sheet, Lang::en);
        const auto value = [&](const std::string& agent, xlsx::Col c) {
            for (const auto& r : sheet)
                if (r.size() > c && r[scorecard_col::agent] == agent) return r[c];
            return std::string("?");
        };
        // P1: 100*(30*10/9 + 15*0.625 + 15*2/3)/60 = 100*52.708333../60 = 87.847222.. -> improvement plan
        CHECK(std::stod(value("P1", scorecard_col::score)) == Approx(100 * (100.0 / 3 + 9.375 + 10) / 60));
        CHECK(value("P1", scorecard_col::band) == "Improvement plan");
        // P2: 100*(30*1.5 + 15*1.25 + 15*1.5)/60 = 143.75, rank 1
        CHECK(std::stod(value("P2", scorecard_col::score)) == Approx(143.75));
        CHECK(value("P2", scorecard_col::rank) == "1");
        // M1: csat null carries 51 of 101: less than half now -> no score, no rank, no band
        CHECK(value("M1", scorecard_col::score).empty());
        CHECK(value("M1", scorecard_col::rank).empty());
        // M3: 100*(51*1 + 25*1 + 25*1.5)/101 = 11350/101 = 112.376..
        CHECK(std::stod(value("M3", scorecard_col::score)) == Approx(11350.0 / 101));
        CHECK(value("M3", scorecard_col::rank) == "1");
    }
}
