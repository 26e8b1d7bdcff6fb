#pragma once
// Mailing the finished workbook: SMTP with STARTTLS or implicit TLS, optional AUTH, a
// text + HTML body and the workbook attached; or the same message written as a .eml file
// for a mail setup cskpi cannot reach. The subject and body come rendered from
// report/mail_message.hpp; this file only transports them.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/retry.hpp"
#include "model/summary.hpp"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace cskpi {

enum class MailTls { none, starttls, smtps };
enum class MailAuth { plain, login };

struct MailSettings {
    std::string host;
    std::uint16_t port = 0;               // 0 = 25 (none), 587 (starttls), 465 (smtps)
    MailTls tls = MailTls::starttls;
    std::string user;                     // empty = no AUTH
    std::string password_env;             // name of the variable holding the password
    MailAuth auth = MailAuth::plain;
    std::string from;                     // "addr" or "Name <addr>"
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string ca_file;                  // empty = the system CA store
    bool verify_tls = true;
    int timeout_sec = 30;

    std::uint16_t effective_port() const;

    // Reads the `mail.` keys of a report definition: host, port, tls (none|starttls|smtps),
    // user, password_env, auth (plain|login), from, to and cc (comma-separated), ca_file,
    // verify_tls, timeout_sec. Throws UsageError naming the key for a bad or missing value
    // (from and to are required; host is checked by send_mail).
    static MailSettings from_config(const Poco::Util::AbstractConfiguration& config);
};

// "a@x, Name <b@y>" -> {"a@x", "Name <b@y>"}; UsageError for an entry without an address.
std::vector<std::string> parse_address_list(const std::string& list, const std::string& key);

// The bare address of "Name <addr>" or "addr".
std::string mail_address(const std::string& entry);

struct MailContent {
    std::string subject;                  // UTF-8
    std::string text_body;
    std::string html_body;
    std::filesystem::path attachment;     // empty = none
    std::string attachment_name;          // empty = the file's own name
};

inline constexpr const char* xlsx_media_type =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The whole message and its final "." went out, but the server's reply was lost: the mail
// may have been delivered. It is not sent again in the same run.
struct DeliveryUnknownError : DeliveryError {
    DeliveryUnknownError(const std::string& message, std::string id) : DeliveryError(message), message_id(std::move(id)) {}
    std::string message_id;
};

// Sends the message and returns its Message-ID. Connection failures and 4xx replies are
// retried with backoff (core/retry.hpp); 5xx replies, TLS verification failures and a
// missing password end at once, and so does a reply lost after the data was sent
// (DeliveryUnknownError). Throws DeliveryError (or UsageError for unusable settings); the
// password never appears in an error or log line.
std::string send_mail(const MailSettings& settings, const MailContent& content, const RetryPolicy& retry);

// Writes the message send_mail would send into dir as <attachment stem or "message">.eml,
// atomically, and returns its path. Throws OutputError.
std::filesystem::path write_eml(const std::filesystem::path& dir, const MailSettings& settings,
                                const MailContent& content);

}  // namespace cskpi
