#include "support/libreoffice.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cskpi::test {

namespace fs = std::filesystem;

std::optional<fs::path> find_soffice() {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (fs::exists(fs::path(dir) / "soffice")) return fs::path(dir) / "soffice";
    return std::nullopt;
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

}  // namespace cskpi::test
