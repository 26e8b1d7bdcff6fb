#include "sources/source.hpp"

#include "core/errors.hpp"

namespace cskpi {

namespace fs = std::filesystem;

std::string redact_uri(const std::string& uri) { return uri; }

LocalSource resolve_source(const SourceConfig& source, const FetchOptions&) {
    std::string path = source.uri;
    if (path.rfind("file://", 0) == 0) path = path.substr(7);
    if (path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0)
        throw InputError(source.name + ": HTTP sources are not supported yet: " + redact_uri(source.uri));
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw InputError(source.name + ": cannot read " + path + ": no such file");
    LocalSource local;
    local.path = path;
    local.display_uri = redact_uri(source.uri);
    return local;
}

}  // namespace cskpi
