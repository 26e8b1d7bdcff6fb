#pragma once
// Every key a report definition may hold, one declarative list per section, so a
// misspelled setting (`read_timout`) stops the run with exit 2 instead of being ignored.
#include <string>
#include <string_view>
#include <vector>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace cskpi {

// A section's keys. A key written with <placeholders> is a pattern: each placeholder
// stands for one or more dot-separated parts (`<kpi id>` matches `fcr.rate`).
struct SectionKeys {
    std::string_view section;
    std::vector<std::string_view> keys;
};

const std::vector<SectionKeys>& known_settings();

// Checks every key of a report definition against known_settings(). Throws UsageError
// naming the section, the key and the nearest known key for the first unknown one.
void check_known_settings(const Poco::Util::AbstractConfiguration& definition, const std::string& file);

// Levenshtein distance of two ASCII strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace cskpi
