#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <Poco/AutoPtr.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Util/MapConfiguration.h>

#include "core/errors.hpp"
#include "deliver/mailer.hpp"
#include "smtp_sink.hpp"

using namespace cskpi;
using namespace cskpi::mailtest;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

// Every byte value, so an encoding slip (CRLF, 8-bit, dot-stuffing) changes the bytes.
fs::path write_workbook(const fs::path& dir) {
    const fs::path path = dir / "cskpi-monthly-2026-10.xlsx";
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 20000; ++i) out.put(static_cast<char>((i * 7 + i / 256) % 256));
    out << "\r\n.\r\n\n.\n";
    return path;
}

MailSettings plain_settings(std::uint16_t port) {
    MailSettings s;
    s.host = "127.0.0.1";
    s.port = port;
    s.tls = MailTls::none;
    s.from = "cskpi <reports@example.com>";
    s.to = {"head@example.com", "Ops Team <ops@example.com>"};
    s.cc = {"audit@example.com"};
    return s;
}

// deliver/ sends what report/mail_message.hpp rendered; a fixed body with wide columns,
// Chinese text, a lone dot line and HTML shows it arrives byte for byte.
MailContent content_for(const fs::path& workbook, const std::string& subject) {
    const std::string text = "cskpi monthly report 2026-10\n\nFirst contact resolution    70.0 %    -7.9 pp\n"
                             "首次解决率    70.0 %\n.\nTickets    10,234\n";
    const std::string html = "<html><body><table><tr><td>First contact resolution</td><td>70.0 %</td></tr>"
                             "<tr><td>首次解决率</td><td style=\"background:#FFC7CE;\">预警</td></tr></table></body></html>\n";
    return {subject, text, html, workbook, ""};
}

RetryPolicy quick_retry(int attempts, int first_delay_ms) {
    return {attempts, std::chrono::milliseconds(first_delay_ms), 2.0};
}

}  // namespace

TEST_CASE("a mail reaches To and Cc with its subject, bodies and workbook intact", "[mail]") {
    SmtpSink sink;
    TempDir files;
    const fs::path workbook = write_workbook(files.path);
    const std::string subject = "客服月报 2026年10月：首次解决率告警 (FCR alert)";

    const std::string message_id =
        send_mail(plain_settings(sink.port()), content_for(workbook, subject), quick_retry(1, 10));

    const auto m = sink.message(0);
    CHECK(m->getValue<std::string>("subject") == subject);
    CHECK(m->getValue<std::string>("message_id") == message_id);
    CHECK(strings(m, "from") == std::vector<std::string>{"reports@example.com"});
    CHECK(strings(m, "to") == std::vector<std::string>{"head@example.com", "ops@example.com"});
    CHECK(strings(m, "cc") == std::vector<std::string>{"audit@example.com"});
    CHECK(m->getValue<std::string>("envelope_from") == "reports@example.com");
    CHECK(strings(m, "envelope_to") ==
          std::vector<std::string>{"head@example.com", "ops@example.com", "audit@example.com"});
    CHECK(m->getValue<std::string>("content_type") == "multipart/mixed");

    // The bodies arrive as rendered, the lone dot line included (dot-stuffing undone).
    const std::string text = m->getValue<std::string>("text");
    CHECK_THAT(text, Contains("First contact resolution    70.0 %    -7.9 pp"));
    CHECK_THAT(text, Contains("首次解决率    70.0 %"));
    CHECK_THAT(text, Contains("\n.\r\n"));  // the lone dot line, un-stuffed (CRLF on the wire)
    CHECK_THAT(text, Contains("Tickets    10,234"));
    const std::string html = m->getValue<std::string>("html");
    CHECK_THAT(html, Contains("<tr><td>首次解决率</td><td style=\"background:#FFC7CE;\">预警</td></tr>"));

    const auto attachments = m->getArray("attachments");
    REQUIRE(attachments->size() == 1);
    const auto a = attachments->getObject(0);
    CHECK(a->getValue<std::string>("filename") == "cskpi-monthly-2026-10.xlsx");
    CHECK(a->getValue<std::string>("content_type") == xlsx_media_type);
    CHECK(sink.attachment(0, 0) == read_file(workbook));
}

TEST_CASE("the SMTP password comes from the variable mail.password_env names", "[mail]") {
    SmtpSink sink({"--auth", "reports:s3cret-Pa55"});
    TempDir files;
    const fs::path workbook = write_workbook(files.path);
    MailSettings s = plain_settings(sink.port());
    s.user = "reports";
    s.password_env = "CSKPI_TEST_SMTP_PASSWORD";
    ::setenv("CSKPI_TEST_SMTP_PASSWORD", "s3cret-Pa55", 1);

    SECTION("AUTH PLAIN") {
        s.auth = MailAuth::plain;
        send_mail(s, content_for(workbook, "plain"), quick_retry(1, 10));
        CHECK(sink.message(0)->getValue<std::string>("login") == "reports via PLAIN");
    }
    SECTION("AUTH LOGIN") {
        s.auth = MailAuth::login;
        send_mail(s, content_for(workbook, "login"), quick_retry(1, 10));
        CHECK(sink.message(0)->getValue<std::string>("login") == "reports via LOGIN");
    }
    SECTION("a wrong password is rejected at once, without retries and without echoing it") {
        ::setenv("CSKPI_TEST_SMTP_PASSWORD", "wrong-Pa55", 1);
        const auto start = std::chrono::steady_clock::now();
        try {
            send_mail(s, content_for(workbook, "wrong"), quick_retry(3, 2000));
            FAIL("send_mail accepted a wrong password");
        } catch (const DeliveryError& e) {
            CHECK(e.code() == ExitCode::delivery);
            CHECK_THAT(e.what(), Contains("rejected") && Contains("535"));
            CHECK_THAT(e.what(), !Contains("wrong-Pa55"));
        }
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2000));
        CHECK_FALSE(sink.has_message(0));
    }
    SECTION("an unset variable is named in the error") {
        ::unsetenv("CSKPI_TEST_SMTP_PASSWORD");
        CHECK_THROWS_AS(send_mail(s, content_for(workbook, "unset"), quick_retry(1, 10)), DeliveryError);
        CHECK_THROWS_WITH(send_mail(s, content_for(workbook, "unset"), quick_retry(1, 10)),
                          Contains("CSKPI_TEST_SMTP_PASSWORD") && Contains("not set"));
    }
    SECTION("without credentials the server refuses the mail") {
        s.user.clear();
        CHECK_THROWS_AS(send_mail(s, content_for(workbook, "anonymous"), quick_retry(2, 10)), DeliveryError);
        CHECK_FALSE(sink.has_message(0));
    }
    ::unsetenv("CSKPI_TEST_SMTP_PASSWORD");
}

TEST_CASE("a 451 reply is retried until the server takes the mail", "[mail]") {
    SmtpSink sink({"--fail-first", "2"});
    TempDir files;
    const fs::path workbook = write_workbook(files.path);
    const auto start = std::chrono::steady_clock::now();
    send_mail(plain_settings(sink.port()), content_for(workbook, "retry"), quick_retry(3, 100));
    // Waits of 100 ms then 200 ms before the third attempt.
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
    CHECK(sink.data_commands() == 3);
    CHECK(sink.has_message(0));
    CHECK_FALSE(sink.has_message(1));
    CHECK(sink.attachment(0, 0) == read_file(workbook));
}

TEST_CASE("a reply lost after the final dot is not retried: the delivery is unknown", "[mail]") {
    SmtpSink sink({"--drop-after-data", "1"});
    TempDir files;
    const fs::path workbook = write_workbook(files.path);
    try {
        send_mail(plain_settings(sink.port()), content_for(workbook, "lost reply"), quick_retry(3, 10));
        FAIL("send_mail reported success without the server's reply");
    } catch (const DeliveryUnknownError& e) {
        CHECK(e.code() == ExitCode::delivery);
        CHECK_THAT(e.what(), Contains("was sent but the server's reply was lost") && Contains("not sent again"));
        REQUIRE(sink.has_message(0));
        CHECK(sink.message(0)->getValue<std::string>("message_id") == e.message_id);
    }
    // One DATA: 1.0 sent the same mail three times here.
    CHECK(sink.data_commands() == 1);
    CHECK_FALSE(sink.has_message(1));
}

TEST_CASE("with no server listening, send_mail retries with backoff and gives up", "[mail]") {
    TempDir files;
    const fs::path workbook = write_workbook(files.path);
    const auto start = std::chrono::steady_clock::now();
    try {
        send_mail(plain_settings(unused_port()), content_for(workbook, "nobody"), quick_retry(3, 100));
        FAIL("send_mail succeeded without a server");
    } catch (const DeliveryError& e) {
        CHECK(e.code() == ExitCode::delivery);
        CHECK_THAT(e.what(), Contains("127.0.0.1:") && Contains("failed after 3 attempts"));
    }
    // 100 ms + 200 ms of backoff between the three attempts.
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
}

TEST_CASE("write_eml writes the message that would be sent", "[mail]") {
    TempDir files;
    const fs::path workbook = write_workbook(files.path);
    const fs::path out_dir = files.path / "outbox";
    const std::string subject = "客服年报 2026";

    const fs::path eml = write_eml(out_dir, plain_settings(25), content_for(workbook, subject));
    CHECK(eml == out_dir / "cskpi-monthly-2026-10.eml");
    CHECK(std::distance(fs::directory_iterator(out_dir), fs::directory_iterator()) == 1);  // no temp file left

    const std::string command =
        python() + " " + sink_script.string() + " parse " + eml.string() + " " + (files.path / "parsed").string();
    REQUIRE(std::system(command.c_str()) == 0);
    const auto m = read_json(files.path / "parsed.json");
    CHECK(m->getValue<std::string>("subject") == subject);
    CHECK(strings(m, "to") == std::vector<std::string>{"head@example.com", "ops@example.com"});
    CHECK(strings(m, "cc") == std::vector<std::string>{"audit@example.com"});
    CHECK_THAT(m->getValue<std::string>("text"), Contains("cskpi monthly report 2026-10"));
    CHECK(read_file(files.path / "parsed.attachment-0") == read_file(workbook));
}

namespace {

// A self-signed certificate for one host name, which is then its own CA.
struct SelfSignedCert {
    TempDir dir;
    fs::path cert = dir.path / "cert.pem";
    fs::path key = dir.path / "key.pem";
    explicit SelfSignedCert(const std::string& host) {
        const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + host +
                                    " -addext subjectAltName=DNS:" + host + " -keyout " + key.string() +
                                    " -out " + cert.string() + " 2>/dev/null";
        REQUIRE(std::system(command.c_str()) == 0);
    }
};

}  // namespace

TEST_CASE("TLS: the server certificate is verified against the configured host", "[mail]") {
    const bool starttls = GENERATE(true, false);
    const bool cert_names_host = GENERATE(true, false);
    // Only "localhost" resolves to the sink's address, so the mismatch case presents a
    // certificate for another name rather than connecting under another name.
    SelfSignedCert tls(cert_names_host ? "localhost" : "mail.cskpi.invalid");
    TempDir files;
    const fs::path workbook = write_workbook(files.path);
    SmtpSink sink({starttls ? "--starttls" : "--smtps", tls.cert.string(), tls.key.string()});
    MailSettings s = plain_settings(sink.port());
    s.host = "localhost";
    s.tls = starttls ? MailTls::starttls : MailTls::smtps;
    s.timeout_sec = 5;
    INFO((starttls ? "STARTTLS" : "SMTPS") << (cert_names_host ? "" : ", certificate for another name"));

    SECTION("an unknown issuer ends the delivery at once") {
        const auto start = std::chrono::steady_clock::now();
        CHECK_THROWS_AS(send_mail(s, content_for(workbook, "untrusted"), quick_retry(3, 2000)), DeliveryError);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2000));
        CHECK_FALSE(sink.has_message(0));
    }
    SECTION("with the certificate as mail.ca_file, only a certificate naming the host passes") {
        s.ca_file = tls.cert.string();
        if (cert_names_host) {
            send_mail(s, content_for(workbook, "trusted"), quick_retry(1, 10));
            CHECK(sink.message(0)->getValue<std::string>("subject") == "trusted");
            CHECK(sink.attachment(0, 0) == read_file(workbook));
        } else {
            CHECK_THROWS_AS(send_mail(s, content_for(workbook, "wrong name"), quick_retry(1, 10)), DeliveryError);
            CHECK_FALSE(sink.has_message(0));
        }
    }
}

TEST_CASE("STARTTLS is required when configured", "[mail]") {
    SmtpSink sink;  // offers no STARTTLS
    TempDir files;
    MailSettings s = plain_settings(sink.port());
    s.tls = MailTls::starttls;
    CHECK_THROWS_WITH(send_mail(s, content_for(write_workbook(files.path), "x"), quick_retry(3, 2000)),
                      Contains("does not accept STARTTLS"));
    CHECK(sink.data_commands() == 0);
}

TEST_CASE("mail settings are read from the mail. keys", "[mail]") {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    config->setString("mail.host", "smtp.example.com");
    config->setString("mail.from", "cskpi <reports@example.com>");
    config->setString("mail.to", " head@example.com ,Ops Team <ops@example.com>,");
    config->setString("mail.cc", "audit@example.com");

    SECTION("defaults: STARTTLS on 587, verification on") {
        const MailSettings s = MailSettings::from_config(*config);
        CHECK(s.host == "smtp.example.com");
        CHECK(s.tls == MailTls::starttls);
        CHECK(s.effective_port() == 587);
        CHECK(s.verify_tls);
        CHECK(s.to == std::vector<std::string>{"head@example.com", "Ops Team <ops@example.com>"});
        CHECK(s.cc == std::vector<std::string>{"audit@example.com"});
        CHECK(mail_address(s.to[1]) == "ops@example.com");
        CHECK(s.user.empty());
    }
    SECTION("explicit values") {
        config->setString("mail.tls", "smtps");
        config->setString("mail.port", "2465");
        config->setString("mail.user", "reports");
        config->setString("mail.password_env", "SMTP_PASSWORD");
        config->setString("mail.auth", "login");
        const MailSettings s = MailSettings::from_config(*config);
        CHECK(s.tls == MailTls::smtps);
        CHECK(s.effective_port() == 2465);
        CHECK(s.user == "reports");
        CHECK(s.password_env == "SMTP_PASSWORD");
        CHECK(s.auth == MailAuth::login);
    }
    SECTION("bad values name their key") {
        config->setString("mail.tls", "ssl");
        CHECK_THROWS_WITH(MailSettings::from_config(*config), Contains("mail.tls: 'ssl'"));
        config->setString("mail.tls", "none");
        CHECK(MailSettings::from_config(*config).effective_port() == 25);
        config->setString("mail.port", "70000");
        CHECK_THROWS_WITH(MailSettings::from_config(*config), Contains("mail.port: '70000'"));
        config->setString("mail.port", "25");
        config->setString("mail.cc", "audit");
        CHECK_THROWS_WITH(MailSettings::from_config(*config), Contains("mail.cc: 'audit' is not a mail address"));
        config->setString("mail.cc", "");
        config->setString("mail.user", "reports");
        CHECK_THROWS_AS(MailSettings::from_config(*config), UsageError);
        CHECK_THROWS_WITH(MailSettings::from_config(*config), Contains("mail.password_env"));
        config->setString("mail.user", "");
        config->setString("mail.to", "");
        CHECK_THROWS_WITH(MailSettings::from_config(*config), Contains("mail.to: missing"));
    }
}
