#pragma once
// LibreOffice headless for the workbook tests: find it, give it a profile that recalculates
// every formula on load, and read back the CSV it exports.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/xlsx_reader.hpp"

namespace cskpi::test {

// Whether every program named is on PATH. The spreadsheet and print checks need LibreOffice
// (and poppler-utils), which `scripts/install-deps.sh --test` installs: a missing one fails
// the test, naming it, unless CSKPI_SKIP_SPREADSHEET_CHECKS=1 asks to skip these checks on
// purpose (the test then warns and returns false).
bool spreadsheet_tools_present(const std::vector<std::string>& programs);
// soffice on PATH for a recalculation check, or nothing when it is missing (the test has
// then failed or, asked to, warned: spreadsheet_tools_present) and must return.
std::optional<std::filesystem::path> soffice_for_checks();
// A user profile that makes LibreOffice recalculate every formula when it loads a file.
void write_profile(const std::filesystem::path& profile);
// The rows of a CSV file LibreOffice wrote (RFC 4180 quoting).
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path);
// A number as LibreOffice writes it in CSV ("12.5", "85%").
double csv_number(const std::string& field);
// Exports sheet `sheet_number` (1-based) of every workbook to `<out>/<stem>.csv` with one
// LibreOffice start, recalculating on load (profile from write_profile); fails the test
// when LibreOffice does not finish cleanly.
void export_sheet_csv(const std::filesystem::path& soffice, const std::filesystem::path& profile,
                      std::size_t sheet_number, const std::filesystem::path& out,
                      const std::vector<std::filesystem::path>& workbooks);
// The rows of the CSV export_sheet_csv wrote for the workbook whose name starts with `stem`.
std::vector<std::vector<std::string>> exported_csv(const std::filesystem::path& out, const std::string& stem);
// The index of the sheet with that name; fails the test when there is none.
std::size_t sheet_index(const XlsxFile& book, const std::string& name);

}  // namespace cskpi::test
