#pragma once
// Log setup for cron runs: one line per event, with timestamp, level and source.
#include <string>

namespace cskpi {

// level: none|fatal|critical|error|warning (warn)|notice|information (info)|debug|trace.
// file_path_or_empty: append to that file, or "" for stderr.
// Throws UsageError for an unknown level, OutputError when the file cannot be opened.
void setup_logging(const std::string& level, const std::string& file_path_or_empty);

// Whether stderr is a terminal, i.e. a person is watching and a progress display helps.
bool stderr_is_terminal();

}  // namespace cskpi
