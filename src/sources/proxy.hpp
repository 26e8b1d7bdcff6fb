#pragma once
// Proxy selection from the conventional environment variables (https_proxy, http_proxy,
// no_proxy and their upper-case spellings), as curl and most tools on the host use them.
#include <cstdint>
#include <optional>
#include <string>

namespace cskpi {

struct ProxyEndpoint {
    std::string host;
    std::uint16_t port = 0;
    std::string username;  // from userinfo in the proxy URL; never logged
    std::string password;
};

// The proxy for a request to `host` over `scheme` ("http" or "https"), or none when no
// variable is set, no_proxy matches the host, or the host is loopback. Throws InputError
// when the proxy variable is not a usable URL (without echoing its credentials).
std::optional<ProxyEndpoint> proxy_for(const std::string& scheme, const std::string& host);

// no_proxy semantics: comma-separated host names or domain suffixes (".example.com" and
// "example.com" both match "a.example.com"), optional ":port" ignored, "*" matches all.
bool no_proxy_matches(const std::string& no_proxy, const std::string& host);

}  // namespace cskpi
