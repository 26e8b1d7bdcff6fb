#pragma once
// The summary JSON of docs/contract/summary-json.md, for scripts, dashboards and tests.
#include <filesystem>
#include <string>

#include "model/summary.hpp"

namespace cskpi {

std::string summary_to_json(const Summary& summary);
// Written atomically: a failed run leaves the previous file in place. Throws OutputError.
void write_summary_json(const Summary& summary, const std::filesystem::path& path);

}  // namespace cskpi
