#pragma once
// Where an export comes from and how to read it: the per-source section of a report
// definition. resolve_source() turns a location (path, file://, http(s)://) into a local
// file the ingest can stream, with the provenance the reports show.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "sources/byte_reader.hpp"

namespace cskpi {

struct SourceConfig {
    std::string name;                 // tickets | surveys | agents | calls
    std::string uri;                  // path, file://, http(s)://, postgresql:// (docs/warehouse.md)
    std::string auth;                 // "" | "bearer:ENV_VAR" | "basic:USER_VAR:PASS_VAR"
    std::string preset = "generic";   // generic | zendesk | freshdesk
    std::string encoding = "utf-8";   // utf-8 | gbk | gb18030 | utf-16
    char delimiter = ',';             // ',' ';' '\t'; 0 = sniff from the header line
    // Hand mapping from the report definition: canonical column -> header in the export
    // (`column.created_at = 创建时间`) and per-field value spellings
    // (`value.priority.紧急 = urgent`).
    std::map<std::string, std::string> column_map;
    std::map<std::string, std::map<std::string, std::string>> value_map;
    // A postgresql:// source reads one of these; the password is in the environment
    // variable password_env names, never in the definition.
    std::string table;
    std::string query;
    std::string password_env;
};

struct FetchOptions {
    std::filesystem::path cache_dir;  // empty = $XDG_CACHE_HOME/cskpi or ~/.cache/cskpi
    bool offline = false;             // read only the cache
    std::string ca_file;              // empty = system CA bundle
    bool verify_tls = true;
    int connect_timeout_sec = 10;
    int read_timeout_sec = 60;
    int max_attempts = 4;
    int max_redirects = 5;
    // Backoff before retry n (1-based) is base * 2^(n-1) plus up to base of jitter; a
    // server's Retry-After replaces it. Either wait is capped at max_retry_wait_sec.
    int retry_base_delay_ms = 500;
    int max_retry_wait_sec = 60;
    // Limits on one download (exit 3 when passed): the bytes written to the cache, and for a
    // gzip/deflate body the decoded bytes per byte received, checked while inflating.
    std::uint64_t max_download_bytes = std::uint64_t(2048) << 20;
    double max_inflate_ratio = 200;
};

struct LocalSource {
    std::filesystem::path path;   // a local file the ingest reads
    std::string display_uri;      // credentials and query secrets stripped
    bool from_cache = false;
    std::string etag;
    std::string last_modified;
    std::string fetched_at;       // ISO 8601, empty for local files
    // Or a stream the ingest reads instead of `path` (a warehouse's COPY): CSV, UTF-8,
    // comma-delimited.
    std::shared_ptr<ByteReader> reader;
};

// Throws InputError with a message naming the source and the cause. A postgresql:// source
// is connected and its COPY started here (sources/warehouse_pull.hpp).
LocalSource resolve_source(const SourceConfig& source, const FetchOptions& options);

// Removes userinfo and secret-looking query parameters from a URI for display.
std::string redact_uri(const std::string& uri);

}  // namespace cskpi
