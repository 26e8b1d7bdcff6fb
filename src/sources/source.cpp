#include "sources/source.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "core/text.hpp"
#include "core/errors.hpp"
#include "sources/http_fetch.hpp"
#include "sources/pg_connection.hpp"
#include "sources/warehouse_pull.hpp"

namespace cskpi {

namespace fs = std::filesystem;

namespace {

// file:///srv/exports/tickets.csv (or file://localhost/...) names a local path; the path
// part may be percent-encoded.
std::string path_of_file_uri(const SourceConfig& source) {
    try {
        const Poco::URI uri(source.uri);
        if (!uri.getHost().empty() && uri.getHost() != "localhost")
            throw InputError(source.name + ": file:// URLs must name a local path, not host " + uri.getHost());
        return uri.getPath();
    } catch (const Poco::Exception&) {
        throw InputError(source.name + ": not a valid file:// URL: " + redact_uri(source.uri));
    }
}

}  // namespace

LocalSource resolve_source(const SourceConfig& source, const FetchOptions& options) {
    if (istarts_with(source.uri, "http://") || istarts_with(source.uri, "https://"))
        return fetch_http(source, options);
    if (is_warehouse_uri(source.uri)) return open_warehouse_pull(source, options);
    const std::string path = istarts_with(source.uri, "file://") ? path_of_file_uri(source) : source.uri;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw InputError(source.name + ": cannot read " + path + ": no such file");
    LocalSource local;
    local.path = path;
    local.display_uri = redact_uri(source.uri);
    return local;
}

}  // namespace cskpi
