#pragma once
// Which parts of a URL are secrets, so they can be masked for display (redact_uri in
// source.hpp) or dropped from the identity a download is cached under.
#include <string>
#include <string_view>

namespace cskpi {

// True for query parameter names that carry credentials (token, api_key, sig, ...),
// compared case-insensitively.
bool is_secret_query_name(std::string_view name);

// The URL without userinfo, fragment and secret query parameters, scheme and host in
// lower case: the same export fetched with a rotated token maps to the same cache entry.
std::string uri_without_secrets(const std::string& uri);

}  // namespace cskpi
