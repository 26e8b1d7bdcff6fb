#include "sources/proxy.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/errors.hpp"

namespace cskpi {

namespace {

std::string lower_trimmed(std::string text) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
    text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// The first variable of the list that is set and not empty.
std::string first_env(std::initializer_list<const char*> names, std::string* chosen_name) {
    for (const char* name : names) {
        const char* value = std::getenv(name);
        if (value && *value) {
            *chosen_name = name;
            return value;
        }
    }
    return {};
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1" || host == "[::1]";
}

}  // namespace

bool no_proxy_matches(const std::string& no_proxy, const std::string& host) {
    const std::string target = lower_trimmed(host);
    std::string::size_type begin = 0;
    while (begin <= no_proxy.size()) {
        const auto end = std::min(no_proxy.find(',', begin), no_proxy.size());
        std::string entry = lower_trimmed(no_proxy.substr(begin, end - begin));
        begin = end + 1;
        if (entry == "*") return true;
        // "host:port" entries: the port is not part of the match (IPv6 literals aside).
        if (const auto colon = entry.rfind(':'); colon != std::string::npos && entry.find(':') == colon)
            entry.resize(colon);
        if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
        if (entry.empty()) continue;
        if (target == entry) return true;
        if (target.size() > entry.size() && target.compare(target.size() - entry.size(), entry.size(), entry) == 0 &&
            target[target.size() - entry.size() - 1] == '.')
            return true;
    }
    return false;
}

std::optional<ProxyEndpoint> proxy_for(const std::string& scheme, const std::string& host) {
    std::string variable;
    const std::string proxy_url = scheme == "https" ? first_env({"https_proxy", "HTTPS_PROXY"}, &variable)
                                                    : first_env({"http_proxy", "HTTP_PROXY"}, &variable);
    if (proxy_url.empty() || is_loopback(lower_trimmed(host))) return std::nullopt;
    std::string no_proxy_name;
    if (no_proxy_matches(first_env({"no_proxy", "NO_PROXY"}, &no_proxy_name), host)) return std::nullopt;

    // "proxy.corp:3128" without a scheme is common; treat it as http://.
    const std::string with_scheme = proxy_url.find("://") == std::string::npos ? "http://" + proxy_url : proxy_url;
    const std::string unusable =
        "environment variable " + variable + " is not a usable proxy URL (expected http://host:port)";
    Poco::URI uri;
    try {
        uri = Poco::URI(with_scheme);
    } catch (const Poco::Exception&) {
        throw InputError(unusable);  // Poco's message would repeat the URL and its password
    }
    if (uri.getScheme() != "http" || uri.getHost().empty()) throw InputError(unusable);
    ProxyEndpoint endpoint;
    endpoint.host = uri.getHost();
    endpoint.port = uri.getPort() ? uri.getPort() : 80;
    const std::string userinfo = uri.getUserInfo();
    const auto colon = userinfo.find(':');
    endpoint.username = userinfo.substr(0, colon);
    if (colon != std::string::npos) endpoint.password = userinfo.substr(colon + 1);
    return endpoint;
}

}  // namespace cskpi

