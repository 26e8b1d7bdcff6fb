// Fetching exports over HTTP from a real Poco HTTPServer on 127.0.0.1 (ephemeral port):
// auth, retries, truncation, timeouts, redirects, gzip, HTML pages, the cache, proxies.
#include <Poco/DeflatingStream.h>
#include <Poco/Event.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>

#include "support/process.hpp"
#include "core/errors.hpp"
#include "sources/download_cache.hpp"
#include "sources/proxy.hpp"
#include "sources/source.hpp"

namespace fs = std::filesystem;
using namespace cskpi;
using Poco::Net::HTTPResponse;

namespace {

using cskpi::test::TempDir;

const std::string kCsv = "ticket_id,created_at\n1,2026-01-01 10:00\n2,2026-01-02 11:30\n";
const std::string kToken = "s3cret-token-123";

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct ServerState {
    std::mutex mutex;
    std::map<std::string, int> hits;           // path -> requests seen
    std::map<std::string, std::string> last;   // header name -> value of the last request
    std::string last_request_uri;
    Poco::Event stopping{Poco::Event::EVENT_MANUALRESET};

    int hit(const std::string& path, const Poco::Net::HTTPServerRequest& request) {
        std::lock_guard lock(mutex);
        last_request_uri = request.getURI();
        for (const char* name : {"Authorization", "If-None-Match", "If-Modified-Since", "Accept-Encoding"})
            last[name] = request.get(name, "");
        return ++hits[path];
    }
    int hits_of(const std::string& path) {
        std::lock_guard lock(mutex);
        return hits[path];
    }
    std::string last_header(const std::string& name) {
        std::lock_guard lock(mutex);
        return last[name];
    }
};

std::string gzip(const std::string& text) {
    std::ostringstream compressed;
    Poco::DeflatingOutputStream deflater(compressed, Poco::DeflatingStreamBuf::STREAM_GZIP);
    deflater << text;
    deflater.close();
    return compressed.str();
}

void send_csv(Poco::Net::HTTPServerResponse& response, const std::string& body = kCsv) {
    response.setContentType("text/csv; charset=utf-8");
    response.sendBuffer(body.data(), body.size());
}

void send_status(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status) {
    response.setStatusAndReason(status);
    response.setContentLength(0);
    response.send();
}

// Sends the header of a 1000-byte body, 100 bytes of it, then cuts the connection.
void send_then_cut(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, bool chunked) {
    if (chunked)
        response.setChunkedTransferEncoding(true);
    else
        response.setContentLength(1000);
    std::ostream& body = response.send();
    body << std::string(100, 'x');
    body.flush();
    static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().shutdown();
}

class ExportHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ExportHandler(std::shared_ptr<ServerState> state) : state_(std::move(state)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        const Poco::URI uri(request.getURI());
        if (uri.getHost() == "exports.invalid") {  // absolute URI: we are being used as a proxy
            state_->hit("proxied", request);
            return send_csv(response);
        }
        const std::string path = uri.getPath();
        const int hits = state_->hit(path, request);
        if (path == "/tickets.csv" || path == "/chunked.csv") {
            response.set("ETag", "\"v1\"");
            response.set("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT");
            if (request.get("If-None-Match", "") == "\"v1\"") return send_status(response, HTTPResponse::HTTP_NOT_MODIFIED);
            if (path == "/chunked.csv") {
                response.setChunkedTransferEncoding(true);
                response.setContentType("text/csv");
                response.send() << kCsv;
                return;
            }
            return send_csv(response);
        }
        if (path == "/bearer.csv") {
            if (request.get("Authorization", "") == "Bearer " + kToken) return send_csv(response);
            return send_status(response, HTTPResponse::HTTP_UNAUTHORIZED);
        }
        if (path == "/basic.csv") {
            if (request.hasCredentials()) {
                const Poco::Net::HTTPBasicCredentials credentials(request);
                if (credentials.getUsername() == "reporter" && credentials.getPassword() == "pa:ss")
                    return send_csv(response);
            }
            return send_status(response, HTTPResponse::HTTP_UNAUTHORIZED);
        }
        if (path == "/forbidden.csv") return send_status(response, HTTPResponse::HTTP_FORBIDDEN);
        if (path == "/flaky-503.csv" && hits == 1) {
            response.set("Retry-After", "1");
            return send_status(response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
        }
        if (path == "/flaky-429.csv" && hits == 1) return send_status(response, HTTPResponse::HTTP_TOO_MANY_REQUESTS);
        if (path == "/flaky-503.csv" || path == "/flaky-429.csv") return send_csv(response);
        if (path == "/always-503.csv") return send_status(response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
        if (path == "/cut.csv") return send_then_cut(request, response, false);
        if (path == "/chunked-cut.csv") return send_then_cut(request, response, true);
        if (path == "/short.csv") {
            response.setContentLength(1000);
            response.setKeepAlive(false);
            response.send() << std::string(100, 'x');
            return;
        }
        if (path == "/slow.csv") {
            state_->stopping.tryWait(3000);
            return send_csv(response);
        }
        if (path == "/loop-a") {
            response.redirect("/loop-b", HTTPResponse::HTTP_FOUND);
            return;
        }
        if (path == "/loop-b") {
            response.redirect("/loop-a", HTTPResponse::HTTP_FOUND);
            return;
        }
        if (path == "/elsewhere") {  // redirects to the URL given in ?to=
            response.redirect(uri.getQueryParameters().at(0).second, HTTPResponse::HTTP_TEMPORARY_REDIRECT);
            return;
        }
        if (path == "/moved.csv") {
            response.redirect("/tickets.csv", HTTPResponse::HTTP_MOVED_PERMANENTLY);
            return;
        }
        if (path == "/gzip.csv") {
            const std::string compressed = gzip(kCsv);
            response.set("Content-Encoding", "gzip");
            return send_csv(response, compressed);
        }
        if (path == "/bomb.csv") {  // 1 GiB of zeros, gzip-compressed on the fly (about 1 MB on the wire)
            response.set("Content-Encoding", "gzip");
            response.setContentType("text/csv");
            response.setChunkedTransferEncoding(true);
            try {
                Poco::DeflatingOutputStream deflater(response.send(), Poco::DeflatingStreamBuf::STREAM_GZIP, 9);
                const std::string block(1 << 20, '0');
                for (int i = 0; i < 1024 && deflater; ++i) deflater.write(block.data(), std::streamsize(block.size()));
                deflater.close();
            } catch (const Poco::Exception&) {
                // The client hung up, as it should.
            }
            return;
        }
        if (path == "/big.csv") return send_csv(response, "ticket_id\n" + std::string(3 << 20, '7') + "\n");
        if (path == "/login.html") {
            response.setContentType("text/html");
            const std::string page = "<html><body>Please sign in</body></html>";
            response.sendBuffer(page.data(), page.size());
            return;
        }
        if (path == "/sniffed.csv") return send_csv(response, "\n  <!DOCTYPE html>\n<html><body>Error</body></html>");
        send_status(response, HTTPResponse::HTTP_NOT_FOUND);
    }

private:
    std::shared_ptr<ServerState> state_;
};

class ExportHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ExportHandlerFactory(std::shared_ptr<ServerState> state) : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ExportHandler(state_);
    }

private:
    std::shared_ptr<ServerState> state_;
};

class TestServer {
public:
    TestServer() : TestServer(Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0))) {}
    explicit TestServer(const Poco::Net::ServerSocket& socket)
        : state_(std::make_shared<ServerState>()), socket_(socket),
          server_(new ExportHandlerFactory(state_), socket_, new Poco::Net::HTTPServerParams) {
        server_.start();
    }
    ~TestServer() {
        state_->stopping.set();  // releases the slow handler
        server_.stopAll(true);
    }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + path;
    }
    std::uint16_t port() const { return socket_.address().port(); }
    ServerState& state() { return *state_; }

private:
    std::shared_ptr<ServerState> state_;
    Poco::Net::ServerSocket socket_;
    Poco::Net::HTTPServer server_;
};


// Sets (or unsets, with nullptr) an environment variable for one test.
class ScopedEnv {
public:
    ScopedEnv(std::string name, const char* value) : name_(std::move(name)) {
        if (const char* old = std::getenv(name_.c_str())) old_ = old;
        if (value)
            ::setenv(name_.c_str(), value, 1);
        else
            ::unsetenv(name_.c_str());
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_.c_str(), old_->c_str(), 1);
        else
            ::unsetenv(name_.c_str());
    }

private:
    std::string name_;
    std::optional<std::string> old_;
};

struct Fixture {
    TestServer server;
    TempDir cache;
    FetchOptions options;
    ScopedEnv no_http_proxy{"http_proxy", nullptr};
    ScopedEnv no_http_proxy_upper{"HTTP_PROXY", nullptr};

    Fixture() {
        options.cache_dir = cache.path();
        options.retry_base_delay_ms = 5;
        options.connect_timeout_sec = 2;
        options.read_timeout_sec = 5;
    }
    LocalSource fetch(const std::string& path, const std::string& auth = "") {
        SourceConfig source;
        source.name = "tickets";
        source.uri = server.url(path);
        source.auth = auth;
        return resolve_source(source, options);
    }
    std::string error_of(const std::string& path, const std::string& auth = "") {
        try {
            fetch(path, auth);
        } catch (const InputError& e) {
            return e.what();
        }
        FAIL("expected an InputError fetching " << path);
        return {};
    }
    std::size_t cached_files() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(cache.path()), fs::directory_iterator()));
    }
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

TEST_CASE_METHOD(Fixture, "plain download lands in the cache with metadata", "[http]") {
    const auto local = fetch("/tickets.csv");
    CHECK(read_file(local.path) == kCsv);
    CHECK(local.path.parent_path() == cache.path());
    CHECK_FALSE(local.from_cache);
    CHECK(local.etag == "\"v1\"");
    CHECK(local.last_modified == "Thu, 01 Jan 2026 00:00:00 GMT");
    CHECK(local.fetched_at.size() == 20);  // 2026-01-01T10:00:00Z
    CHECK(local.display_uri == server.url("/tickets.csv"));
    CHECK(server.state().last_header("Accept-Encoding") == "gzip, deflate");
    CHECK(server.state().last_header("If-None-Match").empty());

    const auto metadata = CacheEntry(cache.path(), "tickets", server.url("/tickets.csv")).load();
    REQUIRE(metadata);
    CHECK(metadata->bytes == kCsv.size());
    CHECK(metadata->sha256 == sha256_of_file(local.path));
    CHECK(metadata->etag == "\"v1\"");
    CHECK(cached_files() == 2);  // data + metadata, no temp files left
}

TEST_CASE_METHOD(Fixture, "a warm cache is revalidated with If-None-Match and reused on 304", "[http]") {
    const auto first = fetch("/tickets.csv");
    const auto second = fetch("/tickets.csv");
    CHECK(server.state().hits_of("/tickets.csv") == 2);
    CHECK(server.state().last_header("If-None-Match") == "\"v1\"");
    CHECK(server.state().last_header("If-Modified-Since") == "Thu, 01 Jan 2026 00:00:00 GMT");
    CHECK(second.from_cache);
    CHECK(second.path == first.path);
    CHECK(second.fetched_at == first.fetched_at);
    CHECK(read_file(second.path) == kCsv);
}

TEST_CASE_METHOD(Fixture, "offline reads only the cache", "[http]") {
    options.offline = true;
    CHECK(error_of("/tickets.csv") ==
          "tickets: no cached copy of " + server.url("/tickets.csv") + "; run once online");
    CHECK(server.state().hits_of("/tickets.csv") == 0);

    options.offline = false;
    fetch("/tickets.csv");
    options.offline = true;
    const auto local = fetch("/tickets.csv");
    CHECK(local.from_cache);
    CHECK(read_file(local.path) == kCsv);
    CHECK(server.state().hits_of("/tickets.csv") == 1);
}

TEST_CASE_METHOD(Fixture, "a damaged cached copy does not count as cached", "[http]") {
    const auto local = fetch("/tickets.csv");
    std::ofstream(local.path, std::ios::app) << "3,2026-01-03 09:00\n";
    options.offline = true;
    CHECK_THAT(error_of("/tickets.csv"), Catch::Contains("no cached copy of"));
}

TEST_CASE_METHOD(Fixture, "bearer auth reads the token from the environment", "[http]") {
    ScopedEnv token("CSKPI_TEST_TOKEN", kToken.c_str());
    CHECK(read_file(fetch("/bearer.csv", "bearer:CSKPI_TEST_TOKEN").path) == kCsv);
    CHECK(server.state().last_header("Authorization") == "Bearer " + kToken);
}

TEST_CASE_METHOD(Fixture, "a rejected token fails at once without echoing the token", "[http]") {
    ScopedEnv token("CSKPI_TEST_TOKEN", "wrong-token-456");
    const auto message = error_of("/bearer.csv", "bearer:CSKPI_TEST_TOKEN");
    CHECK(message == "tickets: authentication failed (HTTP 401) for " + server.url("/bearer.csv"));
    CHECK(message.find("wrong-token-456") == std::string::npos);
    CHECK(server.state().hits_of("/bearer.csv") == 1);  // no retry
    CHECK(cached_files() == 0);
}

TEST_CASE_METHOD(Fixture, "403 is an authentication failure too", "[http]") {
    CHECK(error_of("/forbidden.csv") == "tickets: authentication failed (HTTP 403) for " +
                                            server.url("/forbidden.csv") + " (no auth configured for this source)");
}

TEST_CASE_METHOD(Fixture, "a missing token variable is named, never valued", "[http]") {
    ScopedEnv unset("CSKPI_TEST_MISSING", nullptr);
    CHECK(error_of("/bearer.csv", "bearer:CSKPI_TEST_MISSING") ==
          "tickets: environment variable CSKPI_TEST_MISSING (named by auth) is not set");
    CHECK(server.state().hits_of("/bearer.csv") == 0);
}

TEST_CASE_METHOD(Fixture, "auth that is not a variable name is a usage error", "[http]") {
    SourceConfig source;
    source.name = "tickets";
    source.uri = server.url("/bearer.csv");
    source.auth = "bearer:abc.def-ghi";
    try {
        resolve_source(source, options);
        FAIL("expected a UsageError");
    } catch (const UsageError& e) {
        CHECK(std::string(e.what()).find("abc.def-ghi") == std::string::npos);
    }
}

TEST_CASE_METHOD(Fixture, "basic auth reads user and password variables", "[http]") {
    ScopedEnv user("CSKPI_TEST_USER", "reporter");
    ScopedEnv password("CSKPI_TEST_PASS", "pa:ss");
    CHECK(read_file(fetch("/basic.csv", "basic:CSKPI_TEST_USER:CSKPI_TEST_PASS").path) == kCsv);
    // base64("reporter:pa:ss")
    CHECK(server.state().last_header("Authorization") == "Basic cmVwb3J0ZXI6cGE6c3M=");
}

TEST_CASE_METHOD(Fixture, "503 with Retry-After is retried after the server's delay", "[http]") {
    const auto start = Clock::now();
    CHECK(read_file(fetch("/flaky-503.csv").path) == kCsv);
    CHECK(server.state().hits_of("/flaky-503.csv") == 2);
    CHECK(seconds_since(start) >= 1.0);  // Retry-After: 1 beats the 5 ms base delay
}

TEST_CASE_METHOD(Fixture, "Retry-After is capped by max_retry_wait_sec", "[http]") {
    options.max_retry_wait_sec = 0;
    const auto start = Clock::now();
    CHECK(read_file(fetch("/flaky-503.csv").path) == kCsv);
    CHECK(server.state().hits_of("/flaky-503.csv") == 2);
    CHECK(seconds_since(start) < 0.9);
}

TEST_CASE_METHOD(Fixture, "a refused connection is retried, then reported", "[http]") {
    std::uint16_t closed_port = 0;
    {
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        closed_port = probe.address().port();
    }
    options.max_attempts = 2;
    SourceConfig source;
    source.name = "calls";
    source.uri = "http://127.0.0.1:" + std::to_string(closed_port) + "/calls.csv";
    CHECK_THROWS_WITH(resolve_source(source, options),
                      Catch::StartsWith("calls: cannot fetch " + source.uri + ": ") &&
                          Catch::Contains("refused") && Catch::EndsWith("(gave up after 2 attempts)"));
}

TEST_CASE_METHOD(Fixture, "429 is retried with backoff", "[http]") {
    CHECK(read_file(fetch("/flaky-429.csv").path) == kCsv);
    CHECK(server.state().hits_of("/flaky-429.csv") == 2);
}

TEST_CASE_METHOD(Fixture, "persistent 5xx gives up after max_attempts", "[http]") {
    options.max_attempts = 3;
    CHECK(error_of("/always-503.csv") == "tickets: HTTP 503 Service Unavailable from " +
                                             server.url("/always-503.csv") + " (gave up after 3 attempts)");
    CHECK(server.state().hits_of("/always-503.csv") == 3);
}

TEST_CASE_METHOD(Fixture, "a connection cut mid-body is a truncated download, retried then failed", "[http]") {
    options.max_attempts = 2;
    const auto message = error_of("/cut.csv");
    CHECK_THAT(message, Catch::StartsWith("tickets: truncated download: got 100 of 1000 bytes from " +
                                          server.url("/cut.csv")));
    CHECK_THAT(message, Catch::EndsWith("(gave up after 2 attempts)"));
    CHECK(server.state().hits_of("/cut.csv") == 2);
    CHECK(cached_files() == 0);
}

TEST_CASE_METHOD(Fixture, "a body shorter than its Content-Length is truncated", "[http]") {
    options.max_attempts = 1;
    CHECK(error_of("/short.csv") == "tickets: truncated download: got 100 of 1000 bytes from " +
                                        server.url("/short.csv") + " (gave up after 1 attempt)");
}

TEST_CASE_METHOD(Fixture, "a chunked body must reach its last chunk", "[http]") {
    options.max_attempts = 1;
    CHECK_THAT(error_of("/chunked-cut.csv"),
               Catch::StartsWith("tickets: truncated download: got 100 of a chunked body's bytes"));
    CHECK(read_file(fetch("/chunked.csv").path) == kCsv);
}

TEST_CASE_METHOD(Fixture, "a server slower than the read timeout times out", "[http]") {
    options.read_timeout_sec = 1;
    options.max_attempts = 1;
    const auto start = Clock::now();
    CHECK_THAT(error_of("/slow.csv"), Catch::StartsWith("tickets: timed out waiting for " + server.url("/slow.csv")));
    CHECK(seconds_since(start) < 2.5);  // the server would answer only after 3 s
}

TEST_CASE_METHOD(Fixture, "redirects are followed, loops are bounded", "[http]") {
    CHECK(read_file(fetch("/moved.csv").path) == kCsv);
    CHECK(server.state().hits_of("/tickets.csv") == 1);

    options.max_redirects = 5;
    CHECK(error_of("/loop-a") == "tickets: too many redirects (more than 5) fetching " + server.url("/loop-a"));
    // 1 first request + 5 followed redirects = 6 requests: a, b, a, b, a, b
    CHECK(server.state().hits_of("/loop-a") + server.state().hits_of("/loop-b") == 6);
}

TEST_CASE_METHOD(Fixture, "credentials do not follow a redirect to another host", "[http]") {
    TestServer other;
    ScopedEnv token("CSKPI_TEST_TOKEN", kToken.c_str());
    const auto message = error_of("/elsewhere?to=" + other.url("/bearer.csv"), "bearer:CSKPI_TEST_TOKEN");
    CHECK(message == "tickets: authentication failed (HTTP 401) for " + other.url("/bearer.csv"));
    CHECK(server.state().last_header("Authorization") == "Bearer " + kToken);
    CHECK(other.state().hits_of("/bearer.csv") == 1);
    CHECK(other.state().last_header("Authorization").empty());
}

TEST_CASE_METHOD(Fixture, "a gzip body is decoded to the exact bytes", "[http]") {
    const auto local = fetch("/gzip.csv");
    CHECK(read_file(local.path) == kCsv);
}

TEST_CASE_METHOD(Fixture, "a gzip bomb is stopped while it inflates, not after", "[http][limits]") {
    const std::string error = error_of("/bomb.csv");
    CHECK_THAT(error, Catch::Matchers::Contains("expands more than max_inflate_ratio = 200 times"));
    // Stopped within the first few MiB of the 1 GiB it would have become.
    const auto decoded = std::stoull(error.substr(error.find(" times (") + 8));
    CHECK(decoded < 64ull << 20);
    CHECK(cached_files() == 0);  // no partial cache file left behind
}

TEST_CASE_METHOD(Fixture, "a download above max_download_mb is refused", "[http][limits]") {
    options.max_download_bytes = 1 << 20;
    SECTION("plain body with a Content-Length") {
        CHECK_THAT(error_of("/big.csv"), Catch::Matchers::Contains("is larger than max_download_mb = 1 MiB"));
    }
    SECTION("compressed body, counted as decoded bytes") {
        options.max_inflate_ratio = 1e6;
        CHECK_THAT(error_of("/bomb.csv"), Catch::Matchers::Contains("is larger than max_download_mb = 1 MiB"));
    }
    CHECK(cached_files() == 0);
    options.max_download_bytes = 4 << 20;
    CHECK(fs::file_size(fetch("/big.csv").path) == (3u << 20) + 11);
}

TEST_CASE_METHOD(Fixture, "partial downloads of a killed run are removed by the next fetch", "[http][staging]") {
    // What a kill -9 during a download leaves: an unlocked staged file beside the entry.
    const auto partial = cache.path() / ".tickets-0123456789abcdef0123.csv.cskpi-staged-Ab12Cd";
    const auto legacy = cache.path() / ".tickets-0123456789abcdef0123.csv.tmp1234567";
    const auto unrelated = cache.path() / "notes.csv.tmp1";
    for (const auto& p : {partial, legacy, unrelated}) std::ofstream(p) << "half a download";
    fetch("/tickets.csv");
    CHECK_FALSE(fs::exists(partial));
    CHECK_FALSE(fs::exists(legacy));
    CHECK(fs::exists(unrelated));  // not cskpi's staging pattern: never touched
    CHECK(cached_files() == 3);    // data, metadata, the unrelated file
}

TEST_CASE_METHOD(Fixture, "an HTML page instead of CSV is an error", "[http]") {
    CHECK(error_of("/login.html") == "tickets: the server returned an HTML page (login or error page?) instead of CSV for " +
                                         server.url("/login.html"));
    CHECK_THAT(error_of("/sniffed.csv"), Catch::Contains("returned an HTML page (login or error page?)"));
    CHECK(cached_files() == 0);
}

TEST_CASE_METHOD(Fixture, "404 names the status", "[http]") {
    CHECK(error_of("/missing.csv") == "tickets: HTTP 404 Not Found fetching " + server.url("/missing.csv"));
    CHECK(server.state().hits_of("/missing.csv") == 1);
}

TEST_CASE_METHOD(Fixture, "secrets in the URL stay out of messages", "[http]") {
    options.max_attempts = 1;
    const std::string path = "/missing.csv?token=tok-789&a=1";
    const auto message = error_of(path);
    CHECK(message == "tickets: HTTP 404 Not Found fetching " + server.url("/missing.csv?token=***&a=1"));
}

TEST_CASE_METHOD(Fixture, "http_proxy routes requests through the proxy", "[http]") {
    ScopedEnv proxy("http_proxy", ("http://127.0.0.1:" + std::to_string(server.port())).c_str());
    ScopedEnv no_proxy("no_proxy", nullptr);
    SourceConfig source;
    source.name = "tickets";
    source.uri = "http://exports.invalid/tickets.csv";
    CHECK(read_file(resolve_source(source, options).path) == kCsv);
    CHECK(server.state().hits_of("proxied") == 1);
    CHECK(server.state().last_request_uri == "http://exports.invalid:80/tickets.csv");
}

TEST_CASE("no_proxy matching", "[http]") {
    CHECK(no_proxy_matches("example.com", "example.com"));
    CHECK(no_proxy_matches("example.com", "exports.example.com"));
    CHECK(no_proxy_matches(" .example.com ,other", "a.example.com"));
    CHECK(no_proxy_matches("internal:8080", "internal"));
    CHECK(no_proxy_matches("*", "anything.org"));
    CHECK_FALSE(no_proxy_matches("example.com", "badexample.com"));
    CHECK_FALSE(no_proxy_matches("", "example.com"));
}

TEST_CASE("proxy_for reads the scheme's variable and honours no_proxy", "[http]") {
    ScopedEnv https_proxy("https_proxy", "http://user:pw@proxy.corp:3128");
    ScopedEnv http_proxy("http_proxy", nullptr);
    ScopedEnv http_proxy_upper("HTTP_PROXY", nullptr);
    ScopedEnv no_proxy("no_proxy", "intranet.corp");
    const auto proxy = proxy_for("https", "exports.example.com");
    REQUIRE(proxy);
    CHECK(proxy->host == "proxy.corp");
    CHECK(proxy->port == 3128);
    CHECK(proxy->username == "user");
    CHECK(proxy->password == "pw");
    CHECK_FALSE(proxy_for("http", "exports.example.com"));
    CHECK_FALSE(proxy_for("https", "files.intranet.corp"));
    CHECK_FALSE(proxy_for("https", "127.0.0.1"));
}

TEST_CASE("redact_uri masks userinfo and secret query parameters", "[http]") {
    CHECK(redact_uri("https://user:pw@host/x?token=abc&a=1") == "https://***@host/x?token=***&a=1");
    CHECK(redact_uri("https://host/x?Access_Token=abc") == "https://host/x?Access_Token=***");
    CHECK(redact_uri("https://host/x?API_KEY=1&apikey=2&key=3&secret=4&password=5&sig=6&Signature=7") ==
          "https://host/x?API_KEY=***&apikey=***&key=***&secret=***&password=***&sig=***&Signature=***");
    CHECK(redact_uri("https://s3.example.com/b/t.csv?X-Amz-Signature=ff&X-Amz-Credential=AK&X-Amz-Date=1") ==
          "https://s3.example.com/b/t.csv?X-Amz-Signature=***&X-Amz-Credential=***&X-Amz-Date=1");
    CHECK(redact_uri("https://p%40ss@host:8443/x#frag") == "https://***@host:8443/x#frag");
    CHECK(redact_uri("https://host/monkey?monkey=1&page=2") == "https://host/monkey?monkey=1&page=2");
    CHECK(redact_uri("/srv/exports/tickets.csv") == "/srv/exports/tickets.csv");
    CHECK(redact_uri("file:///srv/exports/tickets.csv") == "file:///srv/exports/tickets.csv");
}

TEST_CASE("local paths and file:// URLs resolve without the cache", "[http]") {
    TempDir dir;
    const auto path = dir.path() / "tickets export.csv";
    std::ofstream(path) << kCsv;
    SourceConfig source;
    source.name = "tickets";
    source.uri = path.string();
    CHECK(resolve_source(source, {}).path == path);
    source.uri = "file://" + dir.path().string() + "/tickets%20export.csv";
    const auto local = resolve_source(source, {});
    CHECK(local.path == path);
    CHECK_FALSE(local.from_cache);
    CHECK(local.fetched_at.empty());
    source.uri = (dir.path() / "absent.csv").string();
    CHECK_THROWS_WITH(resolve_source(source, {}),
                      "tickets: cannot read " + (dir.path() / "absent.csv").string() + ": no such file");
}

namespace {

// A self-signed certificate for "localhost", made fresh so that no key lives in the tree.
struct SelfSignedCertificate {
    TempDir dir;
    fs::path key = dir.path() / "key.pem";
    fs::path certificate = dir.path() / "cert.pem";
    SelfSignedCertificate() {
        const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost"
                                    " -addext subjectAltName=DNS:localhost -keyout '" +
                                    key.string() + "' -out '" + certificate.string() + "' 2>/dev/null";
        REQUIRE(std::system(command.c_str()) == 0);
    }
};

Poco::Net::SecureServerSocket tls_socket(const SelfSignedCertificate& tls) {
    Poco::Net::initializeSSL();
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, tls.key.string(),
                                                             tls.certificate.string(), "", Poco::Net::Context::VERIFY_NONE);
    return Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context);
}

}  // namespace

TEST_CASE("https verifies the server certificate unless told otherwise", "[http]") {
    SelfSignedCertificate tls;
    TestServer server(tls_socket(tls));
    TempDir cache;
    FetchOptions options;
    options.cache_dir = cache.path();
    options.max_attempts = 1;
    SourceConfig source;
    source.name = "tickets";
    source.uri = "https://localhost:" + std::to_string(server.port()) + "/tickets.csv";

    SECTION("an unknown CA is rejected by default") {
        CHECK_THROWS_WITH(resolve_source(source, options),
                          Catch::StartsWith("tickets: TLS connection to localhost failed") &&
                              Catch::Contains("certificate verify failed"));
        CHECK(server.state().hits_of("/tickets.csv") == 0);
    }
    SECTION("ca_file trusts a private CA") {
        options.ca_file = tls.certificate.string();
        CHECK(read_file(resolve_source(source, options).path) == kCsv);
    }
    SECTION("verify_tls = false skips verification") {
        options.verify_tls = false;
        CHECK(read_file(resolve_source(source, options).path) == kCsv);
    }
    SECTION("a missing ca_file is named") {
        options.ca_file = (cache.path() / "absent.pem").string();
        CHECK_THROWS_WITH(resolve_source(source, options), "ca_file " + options.ca_file + " does not exist");
    }
}
