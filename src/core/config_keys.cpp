#include "core/config_keys.hpp"

namespace cskpi {

namespace {

void collect(const Poco::Util::AbstractConfiguration& config, const std::string& full, const std::string& relative,
             std::vector<std::string>& out) {
    Poco::Util::AbstractConfiguration::Keys children;
    config.keys(full, children);
    if (children.empty() || config.hasOption(full)) out.push_back(relative);
    for (const auto& child : children) collect(config, full + "." + child, relative + "." + child, out);
}

}  // namespace

std::vector<std::string> keys_under(const Poco::Util::AbstractConfiguration& config, const std::string& section) {
    std::vector<std::string> out;
    Poco::Util::AbstractConfiguration::Keys top;
    config.keys(section, top);
    for (const auto& child : top) collect(config, section + "." + child, child, out);
    return out;
}

}  // namespace cskpi
