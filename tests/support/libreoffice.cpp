#include "support/libreoffice.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cskpi::test {

namespace fs = std::filesystem;

namespace {

std::optional<fs::path> find_on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (fs::exists(fs::path(dir) / program)) return fs::path(dir) / program;
    return std::nullopt;
}

}  // namespace

std::optional<fs::path> soffice_for_checks() {
    if (!spreadsheet_tools_present({"soffice"})) return std::nullopt;
    return find_on_path("soffice");
}

bool spreadsheet_tools_present(const std::vector<std::string>& programs) {
    std::string missing;
    for (const auto& program : programs)
        if (!find_on_path(program)) missing += (missing.empty() ? "" : ", ") + program;
    if (missing.empty()) return true;
    const char* skip = std::getenv("CSKPI_SKIP_SPREADSHEET_CHECKS");
    if (skip && std::string(skip) == "1") {
        WARN("not on PATH: " << missing << "; skipped (CSKPI_SKIP_SPREADSHEET_CHECKS=1)");
        return false;
    }
    FAIL("not on PATH: " << missing
                         << " (scripts/install-deps.sh --test installs LibreOffice and poppler-utils; "
                            "CSKPI_SKIP_SPREADSHEET_CHECKS=1 skips these checks on purpose)");
    return false;
}

void write_profile(const fs::path& profile) {
    fs::create_directories(profile / "user");
    std::ofstream(profile / "user" / "registrymodifications.xcu")
        << R"(<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
)";
}

std::vector<std::vector<std::string>> read_csv(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    char c;
    while (in.get(c)) {
        if (quoted) {
            if (c == '"' && in.peek() == '"') field += static_cast<char>(in.get());
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(field), field.clear();
        } else if (c == '\n') {
            row.push_back(field), field.clear();
            rows.push_back(row), row.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) row.push_back(field), rows.push_back(row);
    return rows;
}

double csv_number(const std::string& field) {
    if (!field.empty() && field.back() == '%') return std::stod(field.substr(0, field.size() - 1)) / 100;
    return std::stod(field);
}

std::size_t sheet_index(const XlsxFile& book, const std::string& name) {
    for (std::size_t i = 0; i < book.sheets.size(); ++i)
        if (book.sheets[i].name == name) return i;
    FAIL("no sheet " << name);
    throw;
}

void export_sheet_csv(const fs::path& soffice, const fs::path& profile, std::size_t sheet_number, const fs::path& out,
                      const std::vector<fs::path>& workbooks) {
    // The 12th token of the CSV filter options picks the sheet.
    Poco::Process::Args args = {"-env:UserInstallation=file://" + profile.string(), "--headless", "--norestore",
                                "--nologo", "--convert-to",
                                "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false," +
                                    std::to_string(sheet_number),
                                "--outdir", out.string()};
    for (const auto& w : workbooks) args.push_back(w.string());
    Poco::Pipe output;
    auto handle = Poco::Process::launch(soffice.string(), args, nullptr, &output, &output);
    Poco::PipeInputStream stream(output);
    std::string log;
    Poco::StreamCopier::copyToString(stream, log);
    INFO(log);
    REQUIRE(handle.wait() == 0);
}

std::vector<std::vector<std::string>> exported_csv(const fs::path& out, const std::string& stem) {
    for (const auto& entry : fs::directory_iterator(out))
        if (entry.path().extension() == ".csv" && entry.path().stem().string().rfind(stem, 0) == 0)
            return read_csv(entry.path());
    FAIL("LibreOffice wrote no CSV for " << stem);
    throw;
}

}  // namespace cskpi::test
