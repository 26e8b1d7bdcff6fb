#pragma once
// `cskpi inspect`: how each given export binds, with samples, unknown values and a
// ready-to-paste report-definition section (docs/presets.md).
#include <iosfwd>

#include "app/run_config.hpp"

namespace cskpi {

// Exit 0 when every inspected export would be read, 3 when a required column does not bind.
int run_inspect(const RunConfig& config, std::ostream& out);

}  // namespace cskpi
