#pragma once
// Reads a written .xlsx back for assertions: sheet names in order and, per sheet, each
// cell's type, value (shared strings resolved) and formula.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cskpi::test {

struct Cell {
    std::string type;     // "s" shared string, "str" formula string, "n" number, "b" boolean
    std::string value;    // resolved text or the number as written
    std::string formula;  // without the leading '='; empty for constants
    bool has_formula = false;
    double number() const { return std::stod(value); }
};

struct Sheet {
    std::string name;
    std::map<std::string, Cell> cells;  // "A1" -> cell
    const Cell& at(const std::string& ref) const;
};

struct XlsxFile {
    std::vector<Sheet> sheets;  // workbook order
    std::map<std::string, std::string> parts;  // every zip entry's text
    const Sheet& sheet(const std::string& name) const;
};

XlsxFile read_xlsx(const std::filesystem::path& path);

}  // namespace cskpi::test
