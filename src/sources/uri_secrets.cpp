#include "sources/uri_secrets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "sources/source.hpp"

namespace cskpi {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A URL split at the places that matter for secrets; every part keeps its original
// spelling so that redaction changes nothing but the secrets.
struct UriParts {
    std::string scheme;     // "https" (without "://")
    std::string userinfo;   // before '@', empty when absent
    bool has_userinfo = false;
    std::string host_port;  // authority without userinfo
    std::string path;
    std::string query;      // without '?'
    bool has_query = false;
    std::string fragment;   // with '#'
};

bool split_uri(const std::string& uri, UriParts& parts) {
    const auto scheme_end = uri.find("://");
    if (scheme_end == std::string::npos || scheme_end == 0) return false;
    parts.scheme = uri.substr(0, scheme_end);
    const auto authority_begin = scheme_end + 3;
    const auto authority_end = std::min(uri.find_first_of("/?#", authority_begin), uri.size());
    const std::string authority = uri.substr(authority_begin, authority_end - authority_begin);
    // The last '@' ends the userinfo: a password may itself contain '@'.
    const auto at = authority.rfind('@');
    if (at != std::string::npos) {
        parts.has_userinfo = true;
        parts.userinfo = authority.substr(0, at);
        parts.host_port = authority.substr(at + 1);
    } else {
        parts.host_port = authority;
    }
    std::string rest = uri.substr(authority_end);
    const auto hash = rest.find('#');
    if (hash != std::string::npos) {
        parts.fragment = rest.substr(hash);
        rest.resize(hash);
    }
    const auto question = rest.find('?');
    if (question != std::string::npos) {
        parts.has_query = true;
        parts.query = rest.substr(question + 1);
        rest.resize(question);
    }
    parts.path = rest;
    return true;
}

std::vector<std::string> split_query(const std::string& query) {
    std::vector<std::string> params;
    std::string::size_type begin = 0;
    while (begin <= query.size()) {
        const auto end = std::min(query.find('&', begin), query.size());
        params.push_back(query.substr(begin, end - begin));
        begin = end + 1;
    }
    return params;
}

std::string param_name(const std::string& param) { return param.substr(0, param.find('=')); }

}  // namespace

bool is_secret_query_name(std::string_view name) {
    static constexpr std::array<std::string_view, 10> exact = {
        "token", "access_token", "key", "api_key", "apikey", "secret", "password", "sig", "signature", "auth"};
    // Suffixes catch vendor spellings such as refresh_token, X-Amz-Signature, client_secret.
    static constexpr std::array<std::string_view, 9> suffixes = {
        "_token", "-token", "_key", "-key", "apikey", "secret", "password", "signature", "credential"};
    const std::string lowered = lower(name);
    if (std::find(exact.begin(), exact.end(), lowered) != exact.end()) return true;
    return std::any_of(suffixes.begin(), suffixes.end(), [&](std::string_view s) { return ends_with(lowered, s); });
}

std::string redact_uri(const std::string& uri) {
    UriParts parts;
    if (!split_uri(uri, parts)) return uri;  // a plain path has nothing to hide
    std::string out = parts.scheme + "://";
    if (parts.has_userinfo) out += "***@";
    out += parts.host_port + parts.path;
    if (parts.has_query) {
        out += '?';
        bool first = true;
        for (const auto& param : split_query(parts.query)) {
            if (!first) out += '&';
            first = false;
            const auto name = param_name(param);
            out += is_secret_query_name(name) ? name + "=***" : param;
        }
    }
    return out + parts.fragment;
}

std::string uri_without_secrets(const std::string& uri) {
    UriParts parts;
    if (!split_uri(uri, parts)) return uri;
    std::string out = lower(parts.scheme) + "://" + lower(parts.host_port) + parts.path;
    std::string query;
    if (parts.has_query) {
        for (const auto& param : split_query(parts.query)) {
            if (param.empty() || is_secret_query_name(param_name(param))) continue;
            query += (query.empty() ? "" : "&") + param;
        }
    }
    return query.empty() ? out : out + "?" + query;
}

}  // namespace cskpi
