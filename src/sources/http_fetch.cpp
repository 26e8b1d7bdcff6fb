#include "sources/http_fetch.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/NumberFormatter.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <thread>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/retry.hpp"
#include "core/text.hpp"
#include "sources/download_cache.hpp"
#include "sources/http_body.hpp"
#include "sources/proxy.hpp"

namespace cskpi {

namespace fs = std::filesystem;

namespace {

Poco::Logger& logger() { return Poco::Logger::get("cskpi.sources"); }

// Poco keeps the raw body reader protected; a thin subclass exposes it so the body's
// framing can be checked (see http_body.hpp).
template <class Session>
class RawReadableSession final : public Session {
public:
    using Session::Session;
    int read_raw(char* buffer, std::streamsize n) { return this->read(buffer, n); }
};

struct Connection {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    HttpBodyStreamBuf::RawRead read_raw;
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string now_iso8601() {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT);
}

std::string env_value(const SourceConfig& source, const std::string& variable) {
    static const std::regex valid_name("[A-Za-z_][A-Za-z0-9_]*");
    // Refuse anything that is not a variable name without repeating it: a token pasted
    // into `auth` by mistake must not end up in the error message.
    if (!std::regex_match(variable, valid_name))
        throw UsageError(source.name + ": auth must name environment variables (bearer:ENV_VAR or "
                         "basic:USER_VAR:PASS_VAR), not hold credentials");
    const char* value = std::getenv(variable.c_str());
    if (!value || !*value)
        throw InputError(source.name + ": environment variable " + variable + " (named by auth) is not set");
    return value;
}

// The Authorization header value the source's `auth` asks for, or none.
std::optional<std::string> authorization_for(const SourceConfig& source) {
    if (source.auth.empty()) return std::nullopt;
    std::vector<std::string> parts;
    std::string::size_type begin = 0;
    while (begin <= source.auth.size()) {
        const auto end = std::min(source.auth.find(':', begin), source.auth.size());
        parts.emplace_back(trim(std::string_view(source.auth).substr(begin, end - begin), line_blanks));
        begin = end + 1;
    }
    const std::string scheme = lower(parts.front());
    if (scheme == "bearer" && parts.size() == 2) return "Bearer " + env_value(source, parts[1]);
    if (scheme == "basic" && parts.size() == 3) {
        Poco::Net::HTTPRequest scratch;
        Poco::Net::HTTPBasicCredentials(env_value(source, parts[1]), env_value(source, parts[2])).authenticate(scratch);
        return scratch.get(Poco::Net::HTTPRequest::AUTHORIZATION);
    }
    throw UsageError(source.name + ": auth must be bearer:ENV_VAR or basic:USER_VAR:PASS_VAR");
}

Poco::Net::Context::Ptr tls_context(const FetchOptions& options) {
    static std::once_flag ssl_initialized;
    std::call_once(ssl_initialized, [] { Poco::Net::initializeSSL(); });
    if (!options.ca_file.empty() && !fs::is_regular_file(options.ca_file))
        throw InputError("ca_file " + options.ca_file + " does not exist");
    Poco::Net::Context::Params params;
    params.caLocation = options.ca_file;
    // A configured CA file replaces the system store (a private CA should not widen trust).
    params.loadDefaultCAs = options.ca_file.empty();
    params.verificationMode = options.verify_tls ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
    try {
        return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    } catch (const Poco::Exception& e) {
        throw InputError("cannot set up TLS" + (options.ca_file.empty() ? "" : " with ca_file " + options.ca_file) +
                         ": " + e.displayText());
    }
}

Connection open_connection(const Poco::URI& uri, const FetchOptions& options) {
    Connection connection;
    if (uri.getScheme() == "https") {
        auto session = std::make_unique<RawReadableSession<Poco::Net::HTTPSClientSession>>(
            uri.getHost(), uri.getPort(), tls_context(options));
        connection.read_raw = [raw = session.get()](char* buffer, std::streamsize n) { return raw->read_raw(buffer, n); };
        connection.session = std::move(session);
    } else {
        auto session = std::make_unique<RawReadableSession<Poco::Net::HTTPClientSession>>(uri.getHost(), uri.getPort());
        connection.read_raw = [raw = session.get()](char* buffer, std::streamsize n) { return raw->read_raw(buffer, n); };
        connection.session = std::move(session);
    }
    const Poco::Timespan read_timeout(options.read_timeout_sec, 0);
    connection.session->setTimeout(Poco::Timespan(options.connect_timeout_sec, 0), read_timeout, read_timeout);
    if (const auto proxy = proxy_for(uri.getScheme(), uri.getHost())) {
        Poco::Net::HTTPClientSession::ProxyConfig config;
        config.host = proxy->host;
        config.port = proxy->port;
        config.username = proxy->username;
        config.password = proxy->password;
        connection.session->setProxyConfig(config);
        logger().debug("using proxy " + proxy->host + ":" + std::to_string(proxy->port) + " for " + uri.getHost());
    }
    return connection;
}

// The wait a Retry-After header asks for: delta-seconds or an HTTP date.
std::optional<std::chrono::milliseconds> retry_after(const Poco::Net::HTTPResponse& response) {
    const std::string value(trim(response.get("Retry-After", ""), line_blanks));
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::chrono::seconds(value.size() > 6 ? 999999 : std::stoi(value));
    Poco::DateTime when;
    int tzd = 0;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, value, when, tzd)) return std::nullopt;
    const auto delta = (when.timestamp() - Poco::Timestamp()) / Poco::Timestamp::resolution();
    return std::chrono::seconds(std::clamp<Poco::Timestamp::TimeDiff>(delta, 0, 999999));
}

// 0.5 s, 1 s, 2 s, ... plus up to the base delay of jitter; every wait capped.
RetryPolicy fetch_retry_policy(const FetchOptions& options) {
    RetryPolicy policy;
    policy.max_attempts = std::max(1, options.max_attempts);
    policy.first_delay = std::chrono::milliseconds(std::max(0, options.retry_base_delay_ms));
    policy.factor = 2.0;
    policy.max_jitter = policy.first_delay;
    policy.max_delay = std::chrono::seconds(std::max(0, options.max_retry_wait_sec));
    return policy;
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool same_origin(const Poco::URI& a, const Poco::URI& b) {
    return a.getScheme() == b.getScheme() && lower(a.getHost()) == lower(b.getHost()) && a.getPort() == b.getPort();
}

// Login and error pages arrive with status 200 surprisingly often; catch them here
// rather than as a CSV without the expected columns.
bool looks_like_html(std::string head) {
    if (head.rfind("\xEF\xBB\xBF", 0) == 0) head.erase(0, 3);
    head = lower(std::string(trim(head, line_blanks)));
    return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

std::string html_error(const SourceConfig& source, const std::string& display) {
    return source.name + ": the server returned an HTML page (login or error page?) instead of CSV for " + display;
}

class HttpFetch {
public:
    HttpFetch(const SourceConfig& source, const FetchOptions& options)
        : source_(source), options_(options), display_(redact_uri(source.uri)),
          cache_(options.cache_dir.empty() ? default_cache_dir() : options.cache_dir, source.name, source.uri),
          cached_(cache_.load()) {}

    LocalSource run() {
        if (options_.offline) {
            if (!cached_) throw InputError(source_.name + ": no cached copy of " + display_ + "; run once online");
            logger().information(source_.name + ": offline, using the copy of " + display_ + " fetched " +
                                 cached_->fetched_at);
            return local_source(true);
        }
        // Partial downloads of a killed run; a download in progress elsewhere is locked and stays.
        for (const auto& stale : remove_stale_staged_files(cache_.data_path().parent_path()))
            logger().information(source_.name + ": removed " + stale.string() + ", left by an interrupted download");
        authorization_ = authorization_for(source_);
        const RetryPolicy policy = fetch_retry_policy(options_);
        try {
            const bool downloaded = with_retries(
                policy, [&](int) { return attempt_fetch(); },
                [&](int attempt, int attempts, const RetryableFailure& failure, std::chrono::milliseconds wait) {
                    logger().information(source_.name + ": attempt " + std::to_string(attempt) + " of " +
                                         std::to_string(attempts) + " failed (" + failure.what() + "); retrying in " +
                                         std::to_string(wait.count()) + " ms");
                });
            return local_source(!downloaded);
        } catch (const RetryableFailure& failure) {
            const int attempts = policy.max_attempts;
            throw InputError(source_.name + ": " + failure.what() + " (gave up after " + std::to_string(attempts) +
                             (attempts == 1 ? " attempt)" : " attempts)"));
        }
    }

private:
    LocalSource local_source(bool from_cache) const {
        LocalSource local;
        local.path = cache_.data_path();
        local.display_uri = display_;
        local.from_cache = from_cache;
        local.etag = cached_->etag;
        local.last_modified = cached_->last_modified;
        local.fetched_at = cached_->fetched_at;
        return local;
    }

    Poco::URI parse(const std::string& uri) const {
        try {
            Poco::URI parsed(uri);
            if (parsed.getScheme() == "http" || parsed.getScheme() == "https") return parsed;
        } catch (const Poco::Exception&) {
            // Poco's message quotes the whole URL, secrets included.
        }
        throw InputError(source_.name + ": not a valid http(s) URL: " + redact_uri(uri));
    }

    // One request, following redirects. True when a new copy was stored, false when the
    // server confirmed the cached copy (304).
    bool attempt_fetch() {
        const Poco::URI origin = parse(source_.uri);
        std::string current = source_.uri;
        for (int redirects = 0;; ++redirects) {
            const Poco::URI uri = parse(current);
            const std::string shown = redact_uri(current);
            Connection connection = open_connection(uri, options_);
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathEtc().empty() ? "/" : uri.getPathEtc(),
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            request.set("User-Agent", std::string("cskpi/") + CSKPI_VERSION);
            request.set("Accept", "text/csv, text/plain;q=0.9, */*;q=0.5");
            request.set("Accept-Encoding", "gzip, deflate");
            // Credentials go only to the origin they were configured for, never along a
            // redirect to another host.
            if (authorization_ && same_origin(uri, origin)) request.set("Authorization", *authorization_);
            if (cached_) {
                if (!cached_->etag.empty()) request.set("If-None-Match", cached_->etag);
                if (!cached_->last_modified.empty()) request.set("If-Modified-Since", cached_->last_modified);
            }
            Poco::Net::HTTPResponse response;
            exchange(connection, request, response, uri, shown);

            const int status = response.getStatus();
            if (is_redirect(status)) {
                if (redirects >= options_.max_redirects)
                    throw InputError(source_.name + ": too many redirects (more than " +
                                     std::to_string(options_.max_redirects) + ") fetching " + display_);
                const std::string location = response.get("Location", "");
                if (location.empty())
                    throw InputError(source_.name + ": HTTP " + std::to_string(status) +
                                     " redirect without a Location header from " + shown);
                Poco::URI next(uri);
                try {
                    next.resolve(location);
                } catch (const Poco::Exception&) {
                    throw InputError(source_.name + ": unusable redirect Location from " + shown);
                }
                current = next.toString();
                logger().debug(source_.name + ": HTTP " + std::to_string(status) + " redirect to " + redact_uri(current));
                continue;
            }
            if (status == Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED && cached_) {
                logger().information(source_.name + ": " + display_ + " not modified since " + cached_->fetched_at +
                                     ", using the cached copy");
                return false;
            }
            if (status == 401 || status == 403)
                throw InputError(source_.name + ": authentication failed (HTTP " + std::to_string(status) + ") for " +
                                 shown + (authorization_ ? "" : " (no auth configured for this source)"));
            const std::string status_text = "HTTP " + std::to_string(status) + " " + response.getReason();
            if (status == 429 || status >= 500)
                throw RetryableFailure(status_text + " from " + shown, retry_after(response));
            if (status != 200) throw InputError(source_.name + ": " + status_text + " fetching " + shown);
            download(connection, response, shown);
            return true;
        }
    }

    void exchange(Connection& connection, Poco::Net::HTTPRequest& request, Poco::Net::HTTPResponse& response,
                  const Poco::URI& uri, const std::string& shown) {
        try {
            connection.session->sendRequest(request);
            connection.session->receiveResponse(response);
        } catch (const Poco::Net::SSLException& e) {
            // Certificate problems do not heal by retrying.
            throw InputError(source_.name + ": TLS connection to " + uri.getHost() + " failed: " + e.displayText() +
                             " (for a private CA set ca_file)");
        } catch (const Poco::TimeoutException&) {
            throw RetryableFailure("timed out waiting for " + shown);
        } catch (const Poco::Exception& e) {
            throw RetryableFailure("cannot fetch " + shown + ": " + e.displayText());
        }
    }

    void download(Connection& connection, const Poco::Net::HTTPResponse& response, const std::string& shown) {
        const std::string content_type = lower(response.getContentType());
        if (content_type.rfind("text/html", 0) == 0 || content_type.rfind("application/xhtml", 0) == 0)
            throw InputError(html_error(source_, shown));

        using Framing = HttpBodyStreamBuf::Framing;
        const Framing framing = response.getChunkedTransferEncoding() ? Framing::chunked
                                : response.hasContentLength()         ? Framing::content_length
                                                                      : Framing::until_close;
        const std::int64_t expected = framing == Framing::content_length ? response.getContentLength64() : -1;
        if (expected > 0 && std::uint64_t(expected) > options_.max_download_bytes) throw too_large(shown);
        HttpBodyStreamBuf body(connection.read_raw, framing, expected);
        std::istream raw(&body);

        const std::string encoding = lower(std::string(trim(response.get("Content-Encoding", ""), line_blanks)));
        std::unique_ptr<std::istream> inflater;
        if (encoding == "gzip" || encoding == "x-gzip")
            inflater = std::make_unique<Poco::InflatingInputStream>(raw, Poco::InflatingStreamBuf::STREAM_GZIP);
        else if (encoding == "deflate")
            inflater = std::make_unique<Poco::InflatingInputStream>(raw, Poco::InflatingStreamBuf::STREAM_ZLIB);
        else if (!encoding.empty() && encoding != "identity")
            throw InputError(source_.name + ": unsupported Content-Encoding '" + encoding + "' from " + shown);
        std::istream& decoded = inflater ? *inflater : raw;
        decoded.exceptions(std::ios::badbit);  // let inflate errors surface instead of ending the data

        AtomicFile file(cache_.data_path());
        std::ofstream out(file.temp_path(), std::ios::binary);
        if (!out) throw InputError(source_.name + ": cannot write the download cache " + cache_.data_path().string());
        Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
        std::uint64_t bytes = 0;
        std::string head;
        std::string decode_error;
        std::vector<char> buffer(64 * 1024);
        try {
            while (decoded.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || decoded.gcount() > 0) {
                const auto n = static_cast<std::size_t>(decoded.gcount());
                if (head.size() < 512) head.append(buffer.data(), std::min(n, 512 - head.size()));
                bytes += n;
                // Checked before the bytes reach the disk: a small compressed body must not
                // become a huge cache file.
                if (bytes > options_.max_download_bytes) throw too_large(shown);
                if (inflater) check_inflate_ratio(bytes, body.received(), encoding, shown);
                sha256.update(buffer.data(), static_cast<unsigned>(n));
                out.write(buffer.data(), static_cast<std::streamsize>(n));
            }
            // The inflater may stop at the end of the compressed data; read on so the
            // framing check sees the whole body.
            while (raw.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || raw.gcount() > 0) {
            }
        } catch (const RunError&) {
            throw;
        } catch (const std::exception& e) {
            decode_error = e.what();
        }
        if (const auto failure = body.failure()) {
            try {
                std::rethrow_exception(failure);
            } catch (const Poco::TimeoutException&) {
                throw RetryableFailure("timed out reading " + shown + " (no data for " +
                                       std::to_string(options_.read_timeout_sec) + " s)");
            } catch (const std::exception& e) {
                throw RetryableFailure("connection lost while reading " + shown + ": " + e.what());
            }
        }
        if (body.truncated())
            throw RetryableFailure("truncated download: got " + std::to_string(body.received()) + " of " +
                                   (expected >= 0 ? std::to_string(expected) + " bytes" : "a chunked body's bytes") +
                                   " from " + shown);
        if (!decode_error.empty())
            throw InputError(source_.name + ": cannot decode the " + encoding + " body from " + shown + ": " + decode_error);
        if (looks_like_html(head)) throw InputError(html_error(source_, shown));
        out.close();
        if (!out) throw InputError(source_.name + ": cannot write the download cache " + cache_.data_path().string());
        try {
            file.commit();
        } catch (const RunError& e) {
            throw InputError(source_.name + ": " + e.what());
        }

        CacheMetadata metadata;
        metadata.url = display_;
        metadata.etag = response.get("ETag", "");
        metadata.last_modified = response.get("Last-Modified", "");
        metadata.sha256 = Poco::DigestEngine::digestToHex(sha256.digest());
        metadata.bytes = bytes;
        metadata.fetched_at = now_iso8601();
        try {
            cache_.store(metadata);
        } catch (const RunError& e) {
            throw InputError(source_.name + ": " + e.what());
        }
        cached_ = metadata;
        logger().information(source_.name + ": downloaded " + std::to_string(bytes) + " bytes from " + display_);
    }

    InputError too_large(const std::string& shown) const {
        return InputError(source_.name + ": the download from " + shown + " is larger than max_download_mb = " +
                          std::to_string(options_.max_download_bytes >> 20) +
                          " MiB; stopped (raise [fetch] max_download_mb if the export is really this big)");
    }

    // A gzip or deflate body that expands far beyond what CSV compresses to is a
    // decompression bomb. The first 64 KiB received count in full, so a tiny body is not
    // judged by its header alone.
    void check_inflate_ratio(std::uint64_t decoded, std::int64_t received, const std::string& encoding,
                             const std::string& shown) const {
        const double basis = double(std::max<std::int64_t>(received, 64 * 1024));
        if (double(decoded) <= options_.max_inflate_ratio * basis) return;
        throw InputError(source_.name + ": the " + encoding + " body from " + shown + " expands more than " +
                         "max_inflate_ratio = " + Poco::NumberFormatter::format(options_.max_inflate_ratio) + " times (" +
                         std::to_string(decoded) + " bytes from " + std::to_string(received) +
                         "); stopped as a likely decompression bomb (raise [fetch] max_inflate_ratio if it is real)");
    }

    const SourceConfig& source_;
    const FetchOptions& options_;
    std::string display_;
    CacheEntry cache_;
    std::optional<CacheMetadata> cached_;
    std::optional<std::string> authorization_;
};

}  // namespace

LocalSource fetch_http(const SourceConfig& source, const FetchOptions& options) {
    return HttpFetch(source, options).run();
}

}  // namespace cskpi
