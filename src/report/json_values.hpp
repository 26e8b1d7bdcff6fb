#pragma once
// Small helpers shared by the writers of the summary JSON's blocks: key order kept, nulls
// for what is unavailable.
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace cskpi::json {

inline Poco::JSON::Object::Ptr ordered() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

template <class T>
Poco::Dynamic::Var or_null(const std::optional<T>& v) {
    return v ? Poco::Dynamic::Var(*v) : Poco::Dynamic::Var();
}

inline Poco::Dynamic::Var string_or_null(const std::string& s) {
    return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s);
}

}  // namespace cskpi::json
