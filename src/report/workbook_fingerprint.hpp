#pragma once
// What the mail ledger compares: the SHA-256 of a workbook's content, every zip part in
// name order except the document properties (docProps/), which carry the generation time.
// Two runs on the same data give the same fingerprint though their files differ.
#include <filesystem>
#include <string>

namespace cskpi {

std::string workbook_fingerprint(const std::filesystem::path& xlsx);  // throws OutputError

}  // namespace cskpi
