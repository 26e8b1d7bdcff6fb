#pragma once
// The keys a report definition sets under one section, for the code that reads or checks
// patterned keys ("fcr.rate.benchmark", "role.phone.csat.rate", "value.channel.*").
#include <Poco/Util/AbstractConfiguration.h>

#include <string>
#include <vector>

namespace cskpi {

// Every key with a value under `section`, relative to it ("fcr.rate.benchmark" for
// [targets] fcr.rate.benchmark). A key that is both a value and a prefix is listed too.
std::vector<std::string> keys_under(const Poco::Util::AbstractConfiguration& config, const std::string& section);

}  // namespace cskpi
