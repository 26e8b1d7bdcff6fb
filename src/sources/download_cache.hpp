#pragma once
// The download cache: each fetched export lives in the cache directory as a data file and
// a metadata JSON beside it (redacted URL, validators, checksum), so the next run can ask
// the server "changed since?" and work offline from the last good copy.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace cskpi {

struct CacheMetadata {
    std::string url;            // redacted, for people reading the cache directory
    std::string etag;
    std::string last_modified;
    std::string sha256;         // of the data file, lower-case hex
    std::uint64_t bytes = 0;
    std::string fetched_at;     // ISO 8601 UTC
};

// $XDG_CACHE_HOME/cskpi, else $HOME/.cache/cskpi. Throws InputError when neither is set.
std::filesystem::path default_cache_dir();

class CacheEntry {
public:
    // `source_name` only makes the file name readable; the URL (without secrets) decides
    // which entry an export maps to.
    CacheEntry(const std::filesystem::path& cache_dir, const std::string& source_name, const std::string& uri);

    const std::filesystem::path& data_path() const { return data_; }
    const std::filesystem::path& metadata_path() const { return metadata_; }

    // The metadata when both files exist and the data still matches its checksum;
    // a damaged or half-written entry counts as no entry.
    std::optional<CacheMetadata> load() const;

    // Writes the metadata atomically; the data file must already be in place.
    void store(const CacheMetadata& metadata) const;

private:
    std::filesystem::path data_;
    std::filesystem::path metadata_;
};

// SHA-256 of a file's bytes, lower-case hex. Throws InputError when it cannot be read.
std::string sha256_of_file(const std::filesystem::path& path);

}  // namespace cskpi
