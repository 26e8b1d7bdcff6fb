#pragma once
// LibreOffice headless for the workbook tests: find it, give it a profile that recalculates
// every formula on load, and read back the CSV it exports.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/xlsx_reader.hpp"

namespace cskpi::test {

// soffice on PATH, or nothing (the test then fails with a clear message).
std::optional<std::filesystem::path> find_soffice();
// A user profile that makes LibreOffice recalculate every formula when it loads a file.
void write_profile(const std::filesystem::path& profile);
// The rows of a CSV file LibreOffice wrote (RFC 4180 quoting).
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path);
// A number as LibreOffice writes it in CSV ("12.5", "85%").
double csv_number(const std::string& field);
// The index of the sheet with that name; fails the test when there is none.
std::size_t sheet_index(const XlsxFile& book, const std::string& name);

}  // namespace cskpi::test
