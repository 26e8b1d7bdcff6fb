#include "sources/download_cache.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "sources/uri_secrets.hpp"

namespace cskpi {

namespace fs = std::filesystem;

namespace {

std::string sha256_hex(const std::string& text) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string file_name_stem(const std::string& source_name, const std::string& uri) {
    std::string stem;
    for (unsigned char c : source_name)
        stem += (std::isalnum(c) || c == '-' || c == '_') ? static_cast<char>(std::tolower(c)) : '_';
    if (stem.empty()) stem = "export";
    // 20 hex digits (80 bits) keep names short with no realistic chance of collision.
    return stem + "-" + sha256_hex(uri_without_secrets(uri)).substr(0, 20);
}

std::string string_member(const Poco::JSON::Object::Ptr& object, const std::string& key) {
    return object->has(key) ? object->getValue<std::string>(key) : std::string();
}

}  // namespace

fs::path default_cache_dir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    // The XDG spec says relative values are invalid and must be ignored.
    if (xdg && *xdg && fs::path(xdg).is_absolute()) return fs::path(xdg) / "cskpi";
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / ".cache" / "cskpi";
    throw InputError("cannot choose a download cache directory: neither XDG_CACHE_HOME nor HOME is set "
                     "(set cache_dir in the [fetch] section)");
}

CacheEntry::CacheEntry(const fs::path& cache_dir, const std::string& source_name, const std::string& uri) {
    const auto stem = file_name_stem(source_name, uri);
    data_ = cache_dir / (stem + ".csv");
    metadata_ = cache_dir / (stem + ".json");
}

std::optional<CacheMetadata> CacheEntry::load() const {
    std::error_code ec;
    if (!fs::is_regular_file(data_, ec) || !fs::is_regular_file(metadata_, ec)) return std::nullopt;
    CacheMetadata metadata;
    try {
        std::ifstream in(metadata_);
        Poco::JSON::Parser parser;
        const auto object = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
        metadata.url = string_member(object, "url");
        metadata.etag = string_member(object, "etag");
        metadata.last_modified = string_member(object, "last_modified");
        metadata.sha256 = string_member(object, "sha256");
        metadata.bytes = object->has("bytes") ? object->getValue<std::uint64_t>("bytes") : 0;
        metadata.fetched_at = string_member(object, "fetched_at");
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
    if (metadata.sha256.empty() || sha256_of_file(data_) != metadata.sha256) return std::nullopt;
    return metadata;
}

void CacheEntry::store(const CacheMetadata& metadata) const {
    Poco::JSON::Object object;
    object.set("url", metadata.url);
    object.set("etag", metadata.etag);
    object.set("last_modified", metadata.last_modified);
    object.set("sha256", metadata.sha256);
    object.set("bytes", metadata.bytes);
    object.set("fetched_at", metadata.fetched_at);
    AtomicFile file(metadata_);
    {
        std::ofstream out(file.temp_path());
        object.stringify(out, 2);
        out << "\n";
        out.close();
        if (!out) throw OutputError("cannot write " + metadata_.string());
    }
    file.commit();
}

std::string sha256_of_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read " + path.string());
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) engine.update(buffer, static_cast<unsigned>(in.gcount()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace cskpi
