// Opens year-end workbooks in LibreOffice with "always recalculate" and checks that every
// formula of the staffing sheet recalculates to the value cached in the file, which is the
// plan's number (docs/contract/staffing.md section 6).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Zip/ZipManipulator.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <optional>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/process.hpp"
#include "xlsx_reader.hpp"
#include "support/libreoffice.hpp"

using namespace cskpi::test;
namespace fs = std::filesystem;

namespace {

// "AB12" -> (11, 27)
std::pair<std::size_t, std::size_t> position(const std::string& ref) {
    std::size_t col = 0, i = 0;
    for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i) col = col * 26 + std::size_t(ref[i] - 'A' + 1);
    return {std::stoul(ref.substr(i)) - 1, col - 1};
}

// Every cached formula result of the named sheet becomes 0.
void zero_cached(const fs::path& workbook, const std::string& sheet, const fs::path& scratch) {
    const XlsxFile book = read_xlsx(workbook);
    const std::string part = "xl/worksheets/sheet" + std::to_string(sheet_index(book, sheet) + 1) + ".xml";
    const std::string zeroed = std::regex_replace(book.parts.at(part), std::regex("(</f><v>)[^<]*(</v>)"), "$010$2");
    REQUIRE(zeroed != book.parts.at(part));
    const fs::path local = scratch / "zeroed.xml";
    std::ofstream(local, std::ios::binary) << zeroed;
    Poco::Zip::ZipManipulator zip(workbook.string(), false);
    zip.replaceFile(part, local.string());
    zip.commit();
}

// Each numeric formula cell of `sheet` in `cached` against LibreOffice's recalculated CSV.
int check_formulas(const XlsxFile& cached, const std::string& sheet, const std::vector<std::vector<std::string>>& rows) {
    int checked = 0;
    for (const auto& [ref, cell] : cached.sheet(sheet).cells) {
        if (!cell.has_formula) continue;
        INFO(sheet << "!" << ref << " =" << cell.formula);
        const auto [r, c] = position(ref);
        REQUIRE(r < rows.size());
        const std::string got = c < rows[r].size() ? rows[r][c] : std::string();
        if (cell.type == "str") {
            CHECK(got == cell.value);
        } else {
            REQUIRE(!got.empty());
            CHECK(csv_number(got) == Approx(cell.number()).epsilon(1e-12).margin(1e-9));
        }
        ++checked;
    }
    return checked;
}

}  // namespace

TEST_CASE("LibreOffice recalculates the staffing sheet to the plan's values", "[workbook][libreoffice][staffing]") {
    const auto soffice = soffice_for_checks();
    if (!soffice) return;
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out", profile = dir / "profile";
    fs::create_directories(in);
    write_profile(profile);
    const auto hand = source_dir() / "tests/fixtures/staffing/hand";
    const auto samples = source_dir() / "samples";
    const auto year_end = [&](const std::string& name, const std::string& args) {
        const auto run = run_cskpi("year-end --year 2026 --timezone Asia/Shanghai --max-reject-rate 1 --out " +
                                   quote(dir / name) + " --history " + quote(dir / (name + ".sqlite")) +
                                   " --summary-json " + quote(dir / (name + ".json")) + " " + args);
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        fs::copy_file(dir / name / "cskpi-2026.xlsx", in / (name + "-2026.xlsx"));
        return in / (name + "-2026.xlsx");
    };
    const std::string hand_files = " --tickets " + quote(hand / "tickets.csv") + " --agents " + quote(hand / "agents.csv");
    const auto hand_book = year_end("hand", "--config " + quote(hand / "staffing.ini") + hand_files + " --calls " +
                                                quote(hand / "calls.csv"));
    const auto nocalls_book = year_end("nocalls", "--config " + quote(hand / "staffing.ini") + hand_files);
    const auto zh_book = year_end("samples", "--lang zh-CN --config " +
                                                 quote(source_dir() / "tests/fixtures/staffing/crosscheck.ini") +
                                                 " --tickets " + quote(samples / "tickets.csv") + " --agents " +
                                                 quote(samples / "agents.csv") + " --calls " + quote(samples / "calls.csv"));
    const auto defaults_book = year_end("defaults", "--tickets " + quote(samples / "tickets.csv") + " --calls " +
                                                        quote(samples / "calls.csv"));
    const XlsxFile hand_cached = read_xlsx(hand_book);
    fs::copy_file(hand_book, in / "zeroed-2026.xlsx");
    zero_cached(in / "zeroed-2026.xlsx", "Staffing 2027", dir.path());

    // Every sheet to its own CSV (filter token 12 = -1): <stem>-<sheet>.csv.
    const auto run = run_command(quote(*soffice) + " -env:UserInstallation=file://" + profile.string() +
                                 " --headless --norestore --nologo --convert-to " +
                                 quote("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1") +
                                 " --outdir " + quote(out) + " " + quote(hand_book) + " " + quote(nocalls_book) + " " +
                                 quote(zh_book) + " " + quote(defaults_book) + " " + quote(in / "zeroed-2026.xlsx"));
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    const auto csv = [&](const std::string& stem, const std::string& sheet) {
        const fs::path p = out / (stem + "-2026-" + sheet + ".csv");
        INFO(p);
        REQUIRE(fs::exists(p));
        return read_csv(p);
    };

    {
        INFO("hand fixture: recalculated values equal the cached ones");
        const auto rows = csv("hand", "Staffing 2027");
        CHECK(check_formulas(hand_cached, "Staffing 2027", rows) > 150);
        // Monthly table: header on row 25 (0-based), January on row 26. Required FTE (M) =
        // 8.28125 / 6.2 and the headcount (P) after January's hires equals it
        // (tests/staffing/test_staffing_hand.cpp).
        CHECK(rows[26][0] == "2027-01");
        CHECK(csv_number(rows[26][12]) == Approx(8.28125 / 6.2).epsilon(1e-12));
        CHECK(csv_number(rows[26][15]) == Approx(8.28125 / 6.2).epsilon(1e-12));
        CHECK(csv_number(rows[26][16]) == Approx(1335.6854838709677).epsilon(1e-12));
    }
    {
        INFO("cached results zeroed: only recalculation restores them");
        CHECK(check_formulas(hand_cached, "Staffing 2027", csv("zeroed", "Staffing 2027")) > 150);
    }
    {
        INFO("without a calls export: phone columns n/a, the rest recalculates");
        const auto rows = csv("nocalls", "Staffing 2027");
        CHECK(check_formulas(read_xlsx(nocalls_book), "Staffing 2027", rows) > 100);
        CHECK(rows[26][5] == "n/a");
    }
    {
        INFO("samples in zh-CN with every setting given");
        CHECK(check_formulas(read_xlsx(zh_book), "2027年人力规划", csv("samples", "2027年人力规划")) > 150);
    }
    {
        INFO("defaults without a roster: headcount n/a");
        const auto rows = csv("defaults", "Staffing 2027");
        CHECK(check_formulas(read_xlsx(defaults_book), "Staffing 2027", rows) > 80);
        CHECK(rows[26][15] == "n/a");
    }
}
