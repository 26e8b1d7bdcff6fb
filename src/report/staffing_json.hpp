#pragma once
// The summary JSON's `staffing` block (docs/contract/summary-json.md).
#include <Poco/JSON/Object.h>

#include "model/staffing_plan.hpp"

namespace cskpi {

Poco::JSON::Object::Ptr staffing_json(const StaffingPlan& plan);

}  // namespace cskpi
