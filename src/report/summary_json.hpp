#pragma once
// The summary JSON of docs/contract/summary-json.md, for scripts, dashboards and tests.
#include <filesystem>
#include <string>

#include "model/summary.hpp"

namespace cskpi {

std::string summary_to_json(const Summary& summary);
// Written atomically: a failed run leaves the previous file in place. Throws OutputError
// naming `path`. With `staged_file` (the caller stages its outputs as a set) the text goes
// there and the caller commits it.
void write_summary_json(const Summary& summary, const std::filesystem::path& path,
                        const std::filesystem::path& staged_file = {});

}  // namespace cskpi
