// `cskpi inspect`: the binding of every preset, samples, unbound columns, unknown values
// and the report-definition section, from files and over HTTP.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "../support/cskpi_cli.hpp"

namespace fs = std::filesystem;
using namespace cskpi;
using test::ScratchDir;

namespace {

const fs::path kFixtures = fs::path(CSKPI_SOURCE_DIR) / "tests" / "fixtures" / "tickets";

// The line of `text` that starts with `prefix` (after the indentation), "" when none.
std::string line_of(const std::string& text, const std::string& prefix) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(pos, end - pos);
        const std::size_t first = line.find_first_not_of(' ');
        if (first != std::string::npos && line.compare(first, prefix.size(), prefix) == 0) return line;
        pos = end + 1;
    }
    return "";
}

// The report-definition section: the lines from "[tickets]" to the next blank line.
std::string section_of(const std::string& text) {
    const std::size_t start = text.find("\n[tickets]\n");
    if (start == std::string::npos) return "";
    const std::size_t end = text.find("\n\n", start + 1);
    return text.substr(start + 1, end - start);
}

// Serves one export body at /export.csv to requests with the bearer token.
class OneFileServer {
public:
    explicit OneFileServer(std::string body)
        : body_(std::make_shared<std::string>(std::move(body))),
          socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
          server_(new Factory(body_), socket_, new Poco::Net::HTTPServerParams) {
        server_.start();
    }
    ~OneFileServer() { server_.stopAll(true); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/export.csv"; }

private:
    class Handler : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(std::shared_ptr<std::string> body) : body_(std::move(body)) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
            if (request.get("Authorization", "") != "Bearer t0ken") {
                response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED);
                response.setContentLength(0);
                response.send();
                return;
            }
            response.setContentType("text/csv");
            response.setContentLength(std::streamsize(body_->size()));
            response.send() << *body_;
        }

    private:
        std::shared_ptr<std::string> body_;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(std::shared_ptr<std::string> body) : body_(std::move(body)) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(body_);
        }

    private:
        std::shared_ptr<std::string> body_;
    };
    std::shared_ptr<std::string> body_;
    Poco::Net::ServerSocket socket_;
    Poco::Net::HTTPServer server_;
};

}  // namespace

TEST_CASE("inspect, generic: canonical names, samples, unknown values, a section to paste", "[inspect]") {
    ScratchDir dir("cskpi-inspect");
    const std::string csv = test::read_file(kFixtures / "generic.csv") +
                            "T90,2026-03-01 10:00,,,normal,Carrier pigeon,x,Tech Support,A1,C1,1,0,no,60\n";
    test::write_file(dir / "tickets.csv", csv);
    const auto run = test::run_cskpi({"inspect", "--tickets", (dir / "tickets.csv").string()});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK(std::regex_search(line_of(run.out, "ticket_id *"), std::regex("canonical name +'ticket_id'  \\('T01', 'T02', 'T03'\\)")));
    CHECK(std::regex_search(line_of(run.out, "channel "), std::regex("canonical name +'channel'  \\('email', 'phone'")));
    CHECK(line_of(run.out, "customer_tier").find("not bound") != std::string::npos);
    CHECK_THAT(run.out, Catch::Contains("export columns not read (0):"));
    CHECK_THAT(run.out, Catch::Contains("rows: 17 read, 16 accepted, 1 rejected; bad_enum 1"));
    CHECK_THAT(run.out, Catch::Contains("channel 'Carrier pigeon': 1 row, first line 18, rejected (bad_enum)"));
    const std::string section = section_of(run.out);
    CHECK_THAT(section, Catch::StartsWith("[tickets]\nuri = " + (dir / "tickets.csv").string() + "\n"));
    CHECK_THAT(section, Catch::Contains("; column.customer_tier = <header>\n"));
    CHECK_THAT(section, Catch::Contains("; value.channel.Carrier pigeon = phone|chat|email|social|web|other\n"));
    CHECK(section.find("preset =") == std::string::npos);
}

TEST_CASE("inspect, zendesk: preset headers, derived timestamps, the rating, unread columns", "[inspect]") {
    ScratchDir dir("cskpi-inspect");
    std::string csv = test::read_file(kFixtures / "zendesk.csv");
    csv += "1099,Customer 1,3700001,Agent 1,Billing Team,Subject,,Solved,,Hologram,Billing,2026-01-10 09:00:00 +0800,"
           "2026-01-10 15:00:00 +0800,Good,1,1,0,1,30,15,360,120\n";
    test::write_file(dir / "zendesk.csv", csv);
    const auto run =
        test::run_cskpi({"inspect", "--tickets", (dir / "zendesk.csv").string(), "--tickets-preset", "zendesk"});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK(std::regex_search(line_of(run.out, "ticket_id *"), std::regex("preset +'Id'  \\('1001', '1002', '1003'\\)")));
    CHECK(std::regex_search(line_of(run.out, "first_response_at"),
                            std::regex("derived +'First reply time in minutes'  \\('30', '3', '45'\\)  "
                                       "\\[created_at \\+ minutes\\]")));
    CHECK(std::regex_search(line_of(run.out, "satisfaction "), std::regex("preset +'Satisfaction Score'  \\('Good', 'Offered'\\)")));
    CHECK(std::regex_search(line_of(run.out, "satisfaction date"), std::regex("preset +'Updated at'")));
    CHECK_THAT(run.out, Catch::Contains("export columns not read (9): 'Requester', 'Subject', 'Tags', 'Status'"));
    CHECK_THAT(run.out, Catch::Contains("rows: 17 read, 17 accepted, 0 rejected"));
    CHECK_THAT(run.out, Catch::Contains("channel 'Hologram': 1 row, first line 18, read as other"));
    const std::string section = section_of(run.out);
    CHECK_THAT(section, Catch::Contains("preset = zendesk\n"));
    CHECK_THAT(section, Catch::Contains("\nvalue.channel.Hologram = other\n"));
}

TEST_CASE("inspect, freshdesk: every preset column with the header it found", "[inspect]") {
    const auto run = test::run_cskpi(
        {"inspect", "--tickets", (kFixtures / "freshdesk.csv").string(), "--tickets-preset", "freshdesk"});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK(std::regex_search(line_of(run.out, "created_at *"), std::regex("preset +'Created time'")));
    CHECK(std::regex_search(line_of(run.out, "due_at"), std::regex("preset +'Due by Time'")));
    CHECK(std::regex_search(line_of(run.out, "contacts"), std::regex("preset +'Customer interactions'")));
    CHECK(std::regex_search(line_of(run.out, "channel"), std::regex("preset +'Source'  \\('Email', 'Phone'")));
    // Freshdesk has no rating column in the preset.
    CHECK(line_of(run.out, "satisfaction").empty());
    CHECK_THAT(run.out, Catch::Contains("unknown values: none"));
}

TEST_CASE("inspect: a required column that does not bind is shown with the fix, exit 3", "[inspect]") {
    ScratchDir dir("cskpi-inspect");
    test::write_file(dir / "t.csv", "工单号,创建时间,渠道\nT1,2026-01-01 10:00,微信\n");
    const auto run = test::run_cskpi({"inspect", "--tickets", (dir / "t.csv").string()});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 3);
    CHECK_THAT(line_of(run.out, "ticket_id *"), Catch::Contains("REQUIRED: add column.ticket_id = <header>"));
    CHECK_THAT(run.out, Catch::Contains("export columns not read (3): '工单号', '创建时间', '渠道'"));
    CHECK_THAT(run.out, Catch::Contains("rows: not read"));
    CHECK_THAT(section_of(run.out), Catch::Contains("; column.ticket_id = <header>   (required)\n"));

    SECTION("with the hand mapping it binds, and the section keeps the mapping") {
        test::write_file(dir / "map.ini",
                         "[tickets]\nuri = t.csv\ncolumn.ticket_id = 工单号\ncolumn.created_at = 创建时间\n"
                         "column.channel = 渠道\nvalue.channel.微信 = social\n");
        const auto mapped = test::run_cskpi({"inspect", "--config", (dir / "map.ini").string()});
        INFO(mapped.out << mapped.err);
        CHECK(mapped.exit_code == 0);
        CHECK(std::regex_search(line_of(mapped.out, "ticket_id *"), std::regex("hand mapping +'工单号'  \\('T1'\\)")));
        const std::string section = section_of(mapped.out);
        CHECK_THAT(section, Catch::Contains("column.ticket_id = 工单号\n"));
        CHECK_THAT(section, Catch::Contains("value.channel.微信 = social\n"));
        CHECK_THAT(mapped.out, Catch::Contains("rows: 1 read, 1 accepted, 0 rejected"));
    }
}

TEST_CASE("inspect reads over HTTP with the definition's credentials", "[inspect]") {
    ScratchDir dir("cskpi-inspect");
    OneFileServer server(test::read_file(kFixtures / "zendesk.csv"));
    test::write_file(dir / "http.ini", "[tickets]\nuri = " + server.url() +
                                           "\nauth = bearer:CSKPI_TEST_TOKEN\npreset = zendesk\n\n[fetch]\ncache_dir = " +
                                           (dir / "cache").string() + "\n");
    const auto run = test::run_cskpi({"inspect", "--config", (dir / "http.ini").string()},
                                     {{"CSKPI_TEST_TOKEN", "t0ken"}});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("rows: 16 read, 16 accepted, 0 rejected"));
    CHECK_THAT(section_of(run.out), Catch::Contains("uri = " + server.url() + "\nauth = bearer:CSKPI_TEST_TOKEN\n"));
    CHECK(run.out.find("t0ken") == std::string::npos);

    const auto refused = test::run_cskpi({"inspect", "--config", (dir / "http.ini").string(), "--cache-dir",
                                          (dir / "cache2").string()},
                                         {{"CSKPI_TEST_TOKEN", "wrong"}});
    CHECK(refused.exit_code == 3);
}
