#pragma once
// Fetching an export over HTTP(S) into the download cache: auth from the environment,
// timeouts, retries with backoff, bounded redirects, gzip/deflate, completeness checks,
// conditional requests (ETag / Last-Modified) and offline reads of the cache.
#include "sources/source.hpp"

namespace cskpi {

// `source.uri` must be an http:// or https:// URL. Returns the cached file; throws
// InputError (fetch failed, no cached copy offline) or UsageError (malformed auth).
LocalSource fetch_http(const SourceConfig& source, const FetchOptions& options);

}  // namespace cskpi
