// A year-end run that pulls all four exports over HTTP with a bearer token from the
// environment: the cskpi binary against a real Poco HTTPServer on 127.0.0.1.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <catch2/catch.hpp>
#include <map>
#include <mutex>

#include "../report/xlsx_reader.hpp"
#include "../support/cskpi_cli.hpp"

namespace fs = std::filesystem;
using namespace cskpi;
using Poco::Net::HTTPResponse;
using test::ScratchDir;

namespace {

const std::string kSecret = "s3cret";
const char* const kExports[] = {"tickets", "surveys", "agents", "calls"};

// Serves files by name, only to requests that carry the bearer token.
class ExportServer {
public:
    explicit ExportServer(std::map<std::string, std::string> files)
        : state_(std::make_shared<State>()),
          socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
          server_(new Factory(state_), socket_, new Poco::Net::HTTPServerParams) {
        state_->files = std::move(files);
        server_.start();
    }
    ~ExportServer() { server_.stopAll(true); }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + path;
    }
    int requests() const {
        std::lock_guard lock(state_->mutex);
        return state_->requests;
    }
    int authorized() const {
        std::lock_guard lock(state_->mutex);
        return state_->authorized;
    }

private:
    struct State {
        std::map<std::string, std::string> files;  // path -> body
        mutable std::mutex mutex;
        int requests = 0;
        int authorized = 0;
    };
    class Handler : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(std::shared_ptr<State> state) : state_(std::move(state)) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
            const bool authorized = request.get("Authorization", "") == "Bearer " + kSecret;
            {
                std::lock_guard lock(state_->mutex);
                ++state_->requests;
                state_->authorized += authorized ? 1 : 0;
            }
            if (!authorized) {
                response.setStatusAndReason(HTTPResponse::HTTP_UNAUTHORIZED);
                response.set("WWW-Authenticate", "Bearer");
                response.setContentLength(0);
                response.send();
                return;
            }
            const auto file = state_->files.find(Poco::URI(request.getURI()).getPath());
            if (file == state_->files.end()) {
                response.setStatusAndReason(HTTPResponse::HTTP_NOT_FOUND);
                response.setContentLength(0);
                response.send();
                return;
            }
            response.setContentType("text/csv; charset=utf-8");
            response.sendBuffer(file->second.data(), file->second.size());
        }

    private:
        std::shared_ptr<State> state_;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(std::shared_ptr<State> state) : state_(std::move(state)) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(state_);
        }

    private:
        std::shared_ptr<State> state_;
    };

    std::shared_ptr<State> state_;
    Poco::Net::ServerSocket socket_;
    Poco::Net::HTTPServer server_;
};

// A report definition reading the four exports from `uri_of(name)`.
template <class UriOf>
fs::path write_definition(const fs::path& path, UriOf uri_of, const std::string& auth) {
    std::string ini = "[report]\nyear = 2026\ntimezone = Asia/Shanghai\n";
    for (const char* name : kExports) {
        ini += std::string("\n[") + name + "]\nuri = " + uri_of(name) + "\n";
        if (!auth.empty()) ini += "auth = " + auth + "\n";
    }
    test::write_file(path, ini);
    return path;
}

}  // namespace

TEST_CASE("year-end over HTTP with a bearer token from the environment", "[e2e][http]") {
    ScratchDir dir("cskpi-e2e-http");
    const auto sample = test::run_cskpi(
        {"sample", "--out", (dir / "exports").string(), "--tickets", "1500", "--seed", "11", "--year", "2026"});
    REQUIRE(sample.exit_code == 0);
    std::map<std::string, std::string> files;
    for (const char* name : kExports)
        files["/" + std::string(name) + ".csv"] = test::read_file(dir / "exports" / (std::string(name) + ".csv"));
    ExportServer server(files);

    const fs::path local_ini = write_definition(
        dir / "local.ini", [&](const std::string& name) { return (dir / "exports" / (name + ".csv")).string(); }, "");
    const auto local = test::run_cskpi({"year-end", "--config", local_ini.string(), "--summary-json",
                                        (dir / "local.json").string(), "--out", (dir / "local").string()});
    INFO("local stderr: " << local.err);
    REQUIRE(local.exit_code == 0);
    const auto local_kpis = test::read_kpis(dir / "local.json");

    const fs::path http_ini = write_definition(
        dir / "http.ini", [&](const std::string& name) { return server.url("/" + name + ".csv"); },
        "bearer:CSKPI_TEST_TOKEN");
    auto run_http = [&](const std::string& name, const std::string& token, const fs::path& cache,
                        std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"year-end", "--config", http_ini.string(), "--cache-dir", cache.string(),
                                         "--summary-json", (dir / (name + ".json")).string(),
                                         "--out", (dir / name).string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return test::run_cskpi(args, {{"CSKPI_TEST_TOKEN", token}});
    };

    const auto fetched = run_http("http", kSecret, dir / "cache");
    INFO("http stderr: " << fetched.err);
    REQUIRE(fetched.exit_code == 0);
    CHECK(server.authorized() == 4);
    CHECK(test::read_kpis(dir / "http.json") == local_kpis);
    CHECK(test::read_kpis(dir / "http.json").at("tickets.volume").current.value_or(0) > 0);
    for (const char* name : kExports) {
        INFO(name);
        CHECK_THAT(test::source_entry(dir / "http.json", name),
                   Catch::Contains("\"uri\":\"" + server.url("/" + std::string(name) + ".csv") + "\""));
    }

    // The token appears in no output: JSON, stdout, stderr, the workbook's parts, the cache.
    CHECK(test::read_file(dir / "http.json").find(kSecret) == std::string::npos);
    CHECK(fetched.out.find(kSecret) == std::string::npos);
    CHECK(fetched.err.find(kSecret) == std::string::npos);
    const auto workbook = test::read_xlsx(dir / "http" / "cskpi-2026.xlsx");
    REQUIRE(workbook.parts.size() > 3);
    for (const auto& [part, text] : workbook.parts) {
        INFO(part);
        CHECK(text.find(kSecret) == std::string::npos);
    }
    for (const auto& entry : fs::directory_iterator(dir / "cache")) {
        if (entry.path().extension() != ".json") continue;
        INFO(entry.path());
        CHECK(test::read_file(entry.path()).find(kSecret) == std::string::npos);
    }

    SECTION("a wrong token stops the run with exit 3, naming HTTP 401 but not the token") {
        const auto rejected = run_http("wrong", "n0t-the-token", dir / "cache-wrong");
        CHECK(rejected.exit_code == 3);
        CHECK_THAT(rejected.err, Catch::Contains("authentication failed (HTTP 401)"));
        CHECK_THAT(rejected.err, Catch::Contains(server.url("/tickets.csv")));
        CHECK(rejected.err.find("n0t-the-token") == std::string::npos);
        CHECK(rejected.out.find("n0t-the-token") == std::string::npos);
        CHECK_FALSE(fs::exists(dir / "wrong.json"));
    }
    SECTION("--offline reads the cache of the first run without asking the server") {
        const int requests_before = server.requests();
        const auto offline = run_http("offline", kSecret, dir / "cache", {"--offline"});
        INFO("offline stderr: " << offline.err);
        REQUIRE(offline.exit_code == 0);
        CHECK(server.requests() == requests_before);
        CHECK(test::read_kpis(dir / "offline.json") == local_kpis);
    }
}
