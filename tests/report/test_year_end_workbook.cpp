#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "report/year_end_workbook.hpp"
#include "sample_summary.hpp"
#include "targets/target_policy.hpp"
#include "xlsx_reader.hpp"

using namespace cskpi;
using namespace cskpi::test;

namespace {

// The row number ("5") whose cell in `column` holds `text`.
std::string row_of(const Sheet& sheet, const std::string& column, const std::string& text) {
    for (const auto& [ref, cell] : sheet.cells)
        if (ref.rfind(column, 0) == 0 && std::isdigit(static_cast<unsigned char>(ref[column.size()])) &&
            cell.value == text)
            return ref.substr(column.size());
    throw std::out_of_range("no '" + text + "' in column " + column + " of " + sheet.name);
}

Summary planned_summary(const char* gap_closure = nullptr) {
    Summary s = sample_summary();
    apply_target_policy(s, *target_config(gap_closure));
    return s;
}

Approx cached(double value) {
    return Approx(value).epsilon(1e-14).margin(1e-15);
}

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("the year-end workbook reads back with its sheets, values and target formulas", "[workbook]") {
    TempDir dir;
    const Summary summary = planned_summary();
    const auto path = dir.path() / "kpi-2026.xlsx";
    write_year_end_workbook(summary, {path, "en"});
    const XlsxFile book = read_xlsx(path);

    std::vector<std::string> names;
    for (const auto& s : book.sheets) names.push_back(s.name);
    CHECK(names == std::vector<std::string>{"Overview", "Summary", "Monthly", "Targets 2027", "Breakdown", "Data quality",
                                            "Definitions"});

    SECTION("summary values, n/a with reasons and the better/worse marker") {
        const Sheet& sheet = book.sheet("Summary");
        CHECK(sheet.at("B2").value == "KPI");
        // Financial first, headline tickets.volume leads it.
        CHECK(sheet.at("C3").value == "tickets.volume");
        CHECK(sheet.at("E3").number() == 10000);
        CHECK(sheet.at("F3").number() == 12000);
        const std::string fcr = row_of(sheet, "C", "fcr.rate");
        CHECK(sheet.at("F" + fcr).number() == 0.70);
        CHECK(sheet.at("I" + fcr).value == "better");
        // Target links to the Targets sheet and caches 0.70 + 0.5 × (0.90 − 0.70) = 0.80.
        CHECK(sheet.at("J" + fcr).has_formula);
        CHECK(sheet.at("J" + fcr).formula.find("'Targets 2027'!K") == 0);
        CHECK(sheet.at("J" + fcr).number() == Approx(0.80));
        CHECK(sheet.at("K" + fcr).value == "gap closure");
        const std::string repeat = row_of(sheet, "C", "repeat.rate");
        CHECK(sheet.at("I" + repeat).value == "worse");  // 0.22 → 0.25 on a down KPI
        const std::string core = row_of(sheet, "C", "staff.core_attrition_rate");
        CHECK(sheet.at("F" + core).value == "n/a");
        CHECK(sheet.at("M" + core).value.find("no core column") != std::string::npos);
        const std::string volume_note = sheet.at("M3").value;
        CHECK(volume_note == "no target: the KPI has no direction");
        CHECK(book.parts.at("xl/worksheets/sheet2.xml").find("conditionalFormatting") != std::string::npos);
    }

    SECTION("target cells are formulas whose cached values are the policy's results") {
        const Sheet& sheet = book.sheet("Targets 2027");
        int checked = 0;
        for (const auto& k : summary.kpis) {
            if (!k.target) continue;
            const std::string row = row_of(sheet, "A", std::string(k.info->id));
            INFO(k.info->id);
            const Cell& target = sheet.at("K" + row);
            REQUIRE(target.has_formula);
            // libxlsxwriter writes 16 significant digits: equal up to the last bit or two.
            CHECK(target.number() == cached(k.target->value));
            CHECK(sheet.at("L" + row).has_formula);
            CHECK(sheet.at("M" + row).has_formula);
            const std::array<std::string, 4> q = {"N", "O", "P", "Q"};
            for (int i = 0; i < 4; ++i) {
                REQUIRE(sheet.at(q[i] + row).has_formula);
                CHECK(sheet.at(q[i] + row).number() == cached(k.target->milestones[i]));
            }
            ++checked;
        }
        // 22 KPIs have a direction; staff.core_attrition_rate and calls.aht_min are null.
        CHECK(checked == 20);

        const std::string fcr = row_of(sheet, "A", "fcr.rate");
        CHECK(sheet.at("G" + fcr).number() == 0.90);
        CHECK(sheet.at("H" + fcr).number() == 0.5);
        CHECK(sheet.at("J" + fcr).value == "linear");
        CHECK(sheet.at("L" + fcr).value == "gap closure");
        CHECK(sheet.at("N" + fcr).number() == Approx(0.725));
        CHECK(sheet.at("Q" + fcr).number() == Approx(0.80));
        CHECK(sheet.at("R" + fcr).number() == 0.70);  // warning line

        // CSAT mandated 0.95 from 0.80 asks 0.15; best YoY is each month's 12 × 0.002 = 0.024
        // (the annual change is 0.02; every month has ≥ 30 survey responses): 0.15 > 0.024, a stretch.
        const std::string csat = row_of(sheet, "A", "csat.rate");
        CHECK(sheet.at("F" + csat).number() == Approx(0.024));
        CHECK(sheet.at("I" + csat).number() == 0.95);
        CHECK(sheet.at("K" + csat).number() == 0.95);
        CHECK(sheet.at("L" + csat).value == "mandated");
        CHECK(sheet.at("M" + csat).value == "yes");

        // ASA is a down KPI: 40 + 0.5 × (28 − 40) = 34 s.
        const std::string asa = row_of(sheet, "A", "calls.asa_sec");
        CHECK(sheet.at("K" + asa).number() == Approx(34.0));
        CHECK(sheet.at("K" + asa).formula.find(asa + "<=G" + asa) != std::string::npos);

        // Inputs are unlocked on a protected sheet.
        const std::string& xml = book.parts.at("xl/worksheets/sheet4.xml");
        CHECK(xml.find("<sheetProtection") != std::string::npos);
        CHECK(xml.find("dataValidation") != std::string::npos);
        CHECK(book.parts.at("xl/styles.xml").find("locked=\"0\"") != std::string::npos);
    }

    SECTION("export text that looks like a formula stays text") {
        const Sheet& sheet = book.sheet("Breakdown");
        const std::string team = row_of(sheet, "B", "=1+1");
        CHECK(sheet.at("B" + team).type == "s");
        CHECK_FALSE(sheet.at("B" + team).has_formula);
        const std::string sum = row_of(sheet, "B", "@SUM(A1)");
        CHECK(sheet.at("B" + sum).type == "s");
        CHECK(sheet.at("A" + team).value == "Team");
        CHECK(sheet.at("F" + team).value == "n/a");
        CHECK(sheet.at("E" + team).value == "%");  // the unit column
        const Sheet& quality = book.sheet("Data quality");
        const std::string sample = row_of(quality, "D", "=HYPERLINK(\"x\") seen on line 12");
        CHECK(quality.at("D" + sample).type == "s");
        CHECK(quality.at("B" + sample).number() == 40);
        CHECK(quality.at("C3").number() == 123456);
        CHECK(quality.at("G3").number() == 50);
    }

    SECTION("monthly series, charts, definitions and document properties") {
        const Sheet& monthly = book.sheet("Monthly");
        CHECK(monthly.at("D2").value == "2025");
        CHECK(monthly.at("E2").value == "2026");
        const std::string fcr = row_of(monthly, "A", "fcr.rate");  // January comes first
        CHECK(monthly.at("C" + fcr).value == "Jan");
        CHECK(monthly.at("D" + fcr).number() == Approx(0.662));  // 0.66 + 0.002 × 1
        CHECK(monthly.at("E" + fcr).number() == Approx(0.686));  // 0.66 + 0.002 × 13
        int charts = 0;
        for (const auto& [name, text] : book.parts)
            if (name.rfind("xl/charts/chart", 0) == 0 && text.find("<c:lineChart>") != std::string::npos) ++charts;
        // Six on Monthly, and one small chart per Overview row with months: the sample has
        // series for volume, FRT mean, FCR, CSAT, NPS and attrition.
        CHECK(charts == 12);

        const Sheet& definitions = book.sheet("Definitions");
        const std::string fcr_def = row_of(definitions, "A", "fcr.rate");
        CHECK(definitions.at("D" + fcr_def).value == "higher is better");
        CHECK(definitions.at("E" + fcr_def).value == "Customer");
        CHECK(row_of(definitions, "A", "timezone") != "");

        CHECK(book.parts.at("docProps/core.xml").find("Customer service KPIs 2026") != std::string::npos);
        CHECK(book.parts.at("docProps/custom.xml").find("2027-01-02T06:00:03+08:00") != std::string::npos);
    }
}

TEST_CASE("lang zh-CN translates sheet names, headers and labels", "[workbook]") {
    TempDir dir;
    const auto path = dir.path() / "kpi-2026-zh.xlsx";
    write_year_end_workbook(planned_summary(), {path, "zh-CN"});
    const XlsxFile book = read_xlsx(path);
    std::vector<std::string> names;
    for (const auto& s : book.sheets) names.push_back(s.name);
    CHECK(names == std::vector<std::string>{"总览", "汇总", "月度", "2027年目标", "细分", "数据质量", "定义"});
    const Sheet& summary = book.sheet("汇总");
    CHECK(summary.at("B2").value == "指标");
    CHECK(summary.at("A3").value == "财务");
    CHECK(summary.at("B3").value == "工单量");
    const Sheet& targets = book.sheet("2027年目标");
    const std::string fcr = row_of(targets, "A", "fcr.rate");
    CHECK(targets.at("B" + fcr).value == "首次解决率");
    CHECK(targets.at("L" + fcr).value == "缩小差距");
    CHECK(targets.at("L" + fcr).formula.find("缩小差距") != std::string::npos);
    CHECK(targets.at("J" + fcr).value == "均匀");
    CHECK(book.sheet("月度").at("C" + row_of(book.sheet("月度"), "A", "fcr.rate")).value == "1月");

    CHECK_THROWS_AS(write_year_end_workbook(planned_summary(), {dir.path() / "x.xlsx", "fr"}), UsageError);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "x.xlsx"));
}

TEST_CASE("a failed write leaves no file and keeps the previous workbook", "[workbook]") {
    TempDir dir;
    const Summary summary = planned_summary();

    SECTION("the target's folder is a regular file") {
        std::ofstream(dir.path() / "not-a-dir") << "x";
        CHECK_THROWS_AS(write_year_end_workbook(summary, {dir.path() / "not-a-dir" / "kpi.xlsx", "en"}),
                        OutputError);
    }

    SECTION("an unwritable cell aborts the run and the previous workbook survives") {
        const auto path = dir.path() / "kpi.xlsx";
        write_year_end_workbook(summary, {path, "en"});
        const std::string before = file_bytes(path);
        Summary broken = summary;
        broken.sources[0].name = std::string(40000, 'x');  // over Excel's 32767 characters per cell
        CHECK_THROWS_WITH(write_year_end_workbook(broken, {path, "en"}),
                          Catch::Contains("Data quality!A3") && Catch::Contains(path.string()));
        CHECK(file_bytes(path) == before);
    }

    SECTION("the target path is a directory") {
        const auto path = dir.path() / "kpi.xlsx";
        std::filesystem::create_directories(path / "keep");
        CHECK_THROWS_AS(write_year_end_workbook(summary, {path, "en"}), OutputError);
        CHECK(std::filesystem::is_directory(path / "keep"));
    }

    // No temporary file is left behind either.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("the Overview leads the workbook: status colours, points, risks, one printed page", "[workbook][overview]") {
    TempDir dir;
    const Summary summary = planned_summary();
    const auto path = dir.path() / "kpi-2026.xlsx";
    write_year_end_workbook(summary, {path, "en"});
    const XlsxFile book = read_xlsx(path);
    const Sheet& sheet = book.sheets.front();
    REQUIRE(sheet.name == "Overview");
    CHECK(sheet.at("A1").value == "Year-end KPIs 2026: what to read first");
    // 4 alerts: CSAT 0.80 and key-account CSAT 0.82 below 0.85, attrition 0.30 (rate and
    // annualized) above 0.15.
    CHECK(sheet.at("A2").value.find("4 KPI(s) past their warning line.") != std::string::npos);
    CHECK(sheet.at("D4").value == "Year 2025");
    CHECK(sheet.at("E4").value == "Year 2026");
    // The KPI rows follow the header on row 4; the risks below name KPIs again.
    const auto kpi_row = [&](const std::string& name) {
        for (int r = 5; r <= 14; ++r)
            if (const auto c = sheet.cells.find("B" + std::to_string(r)); c != sheet.cells.end() && c->second.value == name)
                return std::to_string(r);
        return std::string("none");
    };
    const std::string csat = kpi_row("Customer satisfaction (CSAT)");
    CHECK(sheet.at("E" + csat).number() == 0.80);
    CHECK(sheet.at("F" + csat).number() == Approx(2.0));  // 0.80 − 0.78 = 2.0 points
    CHECK(sheet.at("G" + csat).number() == 0.95);          // mandated
    CHECK(sheet.at("H" + csat).number() == 0.85);          // warning line
    CHECK(sheet.at("I" + csat).value == "alert");
    const std::string fcr = kpi_row("First contact resolution");
    CHECK(sheet.at("I" + fcr).value == "watch");  // 0.70 sits on its 0.70 line
    const std::string volume = kpi_row("Ticket volume");
    CHECK(sheet.cells.count("I" + volume) == 0);  // no direction, no status
    const std::string& xml = book.parts.at("xl/worksheets/sheet1.xml");
    CHECK(book.parts.at("xl/styles.xml").find("+0.0&quot; pp&quot;;-0.0&quot; pp&quot;") != std::string::npos);
    // Risks: attrition farthest past its line comes first.
    const std::string risks = row_of(sheet, "A", "Top risks");
    const std::string first_risk = std::to_string(std::stoi(risks) + 1);
    CHECK(sheet.at("B" + first_risk).value == "Agent attrition");
    CHECK(sheet.at("C" + first_risk).value == "past its warning line: 30.0 % against the line 15.0 %");

    // Print setup: the Overview on one page (fit 1 × 1), every other sheet one page wide
    // with its header rows repeated; every sheet landscape with the footer.
    CHECK(xml.find("<pageSetUpPr fitToPage=\"1\"/>") != std::string::npos);
    CHECK(xml.find("fitToHeight=\"0\"") == std::string::npos);
    CHECK(book.parts.at("xl/worksheets/sheet2.xml").find("fitToHeight=\"0\"") != std::string::npos);
    const std::string& workbook_xml = book.parts.at("xl/workbook.xml");
    for (std::size_t i = 0; i < book.sheets.size(); ++i) {
        const std::string& part = book.parts.at("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml");
        INFO(book.sheets[i].name);
        CHECK(part.find("orientation=\"landscape\"") != std::string::npos);
        CHECK(part.find("<oddFooter>&amp;LCustomer service KPIs 2026&amp;RPage &amp;P of &amp;N</oddFooter>") !=
              std::string::npos);
        CHECK(workbook_xml.find("name=\"_xlnm.Print_Titles\" localSheetId=\"" + std::to_string(i) + "\"") !=
              std::string::npos);
    }
}

TEST_CASE("Summary and Breakdown: changes in points, a unit column, headcount with a decimal", "[workbook]") {
    TempDir dir;
    Summary summary = planned_summary();
    const auto path = dir.path() / "kpi-2026.xlsx";
    write_year_end_workbook(summary, {path, "zh-CN"});
    const XlsxFile book = read_xlsx(path);
    const Sheet& sheet = book.sheet("汇总");
    const std::string fcr = row_of(sheet, "C", "fcr.rate");
    CHECK(sheet.at("G" + fcr).number() == Approx(2.0));  // 0.70 − 0.68 = +2.0 个百分点
    CHECK(sheet.cells.count("H" + fcr) == 0);            // no percent of a percent
    CHECK(sheet.at("L" + fcr).value == "正常");          // 0.70 is not past the 0.70 line
    CHECK(sheet.at("L" + row_of(sheet, "C", "csat.rate")).value == "预警");
    const std::string nps = row_of(sheet, "C", "nps.score");
    CHECK(sheet.at("G" + nps).number() == Approx(5.0));  // 35 − 30 points
    const std::string volume = row_of(sheet, "C", "tickets.volume");
    CHECK(sheet.at("H" + volume).number() == Approx(0.2));  // counts keep their change in percent
    const std::string& styles = book.parts.at("xl/styles.xml");
    CHECK(styles.find("+0.0&quot; 个百分点&quot;") != std::string::npos);
    CHECK(styles.find("+0.0&quot; 分&quot;") != std::string::npos);
    CHECK(styles.find("formatCode=\"#,##0.0\"") != std::string::npos);  // headcount, durations

    const Sheet& breakdown = book.sheet("细分");
    CHECK(breakdown.at("E2").value == "单位");
    const std::string phone = row_of(breakdown, "B", "电话");  // the channel value, translated
    CHECK(breakdown.at("E" + phone).value == "%");
    CHECK(breakdown.at("H" + phone).number() == Approx(2.0));  // 0.72 − 0.70
}
