#include "deliver/mailer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailStream.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/MultipartWriter.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/QuotedPrintableEncoder.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/Timestamp.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace cskpi {

namespace fs = std::filesystem;
using Poco::Net::MailMessage;
using Poco::Net::MailRecipient;
using Poco::Net::SMTPClientSession;

namespace {

// Settings and addresses: surrounding blanks and line breaks do not count.
std::string trimmed(std::string_view s) { return std::string(trim(s, line_blanks)); }

std::string real_name(const std::string& entry) {
    const auto lt = entry.find('<');
    if (lt == std::string::npos) return {};
    std::string name = trimmed(entry.substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    return name;
}

}  // namespace

std::string mail_address(const std::string& entry) {
    const auto lt = entry.find('<');
    const auto gt = entry.rfind('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) return trimmed(entry.substr(lt + 1, gt - lt - 1));
    return trimmed(entry);
}

std::vector<std::string> parse_address_list(const std::string& list, const std::string& key) {
    std::vector<std::string> entries;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        item = trimmed(item);
        if (item.empty()) continue;
        const std::string address = mail_address(item);
        const auto at = address.find('@');
        if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
            address.find_first_of(" \t<>") != std::string::npos)
            throw UsageError(key + ": '" + item + "' is not a mail address");
        entries.push_back(item);
    }
    return entries;
}

std::uint16_t MailSettings::effective_port() const {
    if (port != 0) return port;
    switch (tls) {
        case MailTls::none: return 25;
        case MailTls::starttls: return 587;
        default: return 465;
    }
}

MailSettings MailSettings::from_config(const Poco::Util::AbstractConfiguration& config) {
    MailSettings s;
    s.host = trimmed(config.getString("mail.host", ""));

    const std::string port = trimmed(config.getString("mail.port", ""));
    if (!port.empty()) {
        char* end = nullptr;
        const long value = std::strtol(port.c_str(), &end, 10);
        if (*end != '\0' || value < 1 || value > 65535)
            throw UsageError("mail.port: '" + port + "' is not a port number (1-65535)");
        s.port = static_cast<std::uint16_t>(value);
    }

    const std::string tls = trimmed(config.getString("mail.tls", "starttls"));
    if (tls == "none") s.tls = MailTls::none;
    else if (tls == "starttls") s.tls = MailTls::starttls;
    else if (tls == "smtps") s.tls = MailTls::smtps;
    else throw UsageError("mail.tls: '" + tls + "' is not one of none, starttls, smtps");

    const std::string auth = trimmed(config.getString("mail.auth", "plain"));
    if (auth == "plain") s.auth = MailAuth::plain;
    else if (auth == "login") s.auth = MailAuth::login;
    else throw UsageError("mail.auth: '" + auth + "' is not one of plain, login");

    s.user = trimmed(config.getString("mail.user", ""));
    s.password_env = trimmed(config.getString("mail.password_env", ""));
    if (!s.user.empty() && s.password_env.empty())
        throw UsageError("mail.password_env: required with mail.user (the name of the variable holding the password)");

    s.from = trimmed(config.getString("mail.from", ""));
    if (s.from.empty()) throw UsageError("mail.from: missing");
    if (parse_address_list(s.from, "mail.from").size() != 1) throw UsageError("mail.from: expected one address");
    s.to = parse_address_list(config.getString("mail.to", ""), "mail.to");
    if (s.to.empty()) throw UsageError("mail.to: missing (comma-separated addresses)");
    s.cc = parse_address_list(config.getString("mail.cc", ""), "mail.cc");

    s.ca_file = trimmed(config.getString("mail.ca_file", ""));
    try {
        s.verify_tls = config.getBool("mail.verify_tls", true);
        s.timeout_sec = config.getInt("mail.timeout_sec", 30);
    } catch (const Poco::SyntaxException& e) {
        throw UsageError("mail.verify_tls / mail.timeout_sec: " + e.displayText());
    }
    if (s.timeout_sec < 1) throw UsageError("mail.timeout_sec: must be at least 1");
    return s;
}

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw OutputError("cannot read the attachment " + path.string());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) throw OutputError("cannot read the attachment " + path.string());
    return bytes.str();
}

std::string crlf(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
        out += text[i];
    }
    return out;
}

std::string quoted_printable(const std::string& text) {
    std::ostringstream out;
    Poco::Net::QuotedPrintableEncoder encoder(out);
    encoder << crlf(text);
    encoder.close();
    return out.str();
}

// Poco's MailMessage has one level of parts; the text/HTML alternative is written here as
// a nested multipart so clients show one body and the workbook as an attachment.
Poco::Net::PartSource* alternative_body(const std::string& text, const std::string& html) {
    const std::string boundary = Poco::Net::MultipartWriter::createBoundary();
    std::string body;
    for (const auto& [type, content] : {std::pair{"text/plain", &text}, std::pair{"text/html", &html}}) {
        body += "--" + boundary + "\r\n";
        body += std::string("Content-Type: ") + type + "; charset=UTF-8\r\n";
        body += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
        body += quoted_printable(*content) + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return new Poco::Net::StringPartSource(body, "multipart/alternative; boundary=\"" + boundary + "\"");
}

std::string new_message_id(const std::string& from) {
    const std::string address = mail_address(from);
    const auto at = address.find('@');
    const std::string domain = at == std::string::npos ? "cskpi.localhost" : address.substr(at + 1);
    std::random_device rd;
    std::ostringstream id;
    id << '<' << Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y%m%d%H%M%S") << '.' << std::hex << rd()
       << rd() << ".cskpi@" << domain << '>';
    return id.str();
}

// A fresh message per attempt: part sources are streams and are used up by a send.
std::unique_ptr<MailMessage> build_message(const MailSettings& settings, const MailContent& content,
                                           const std::string& attachment_bytes, const std::string& message_id) {
    auto message = std::make_unique<MailMessage>();
    message->setSender(settings.from);
    for (const auto& to : settings.to)
        message->addRecipient(MailRecipient(MailRecipient::PRIMARY_RECIPIENT, mail_address(to), real_name(to)));
    for (const auto& cc : settings.cc)
        message->addRecipient(MailRecipient(MailRecipient::CC_RECIPIENT, mail_address(cc), real_name(cc)));
    message->setSubject(is_ascii(content.subject) ? content.subject : MailMessage::encodeWord(content.subject));
    message->set("Message-ID", message_id);
    message->setContentType("multipart/mixed");
    message->addContent(alternative_body(content.text_body, content.html_body), MailMessage::ENCODING_7BIT);
    if (!content.attachment.empty()) {
        const std::string name =
            content.attachment_name.empty() ? content.attachment.filename().string() : content.attachment_name;
        const std::string header_name = is_ascii(name) ? name : MailMessage::encodeWord(name);
        message->addAttachment(header_name,
                               new Poco::Net::StringPartSource(attachment_bytes, xlsx_media_type, header_name));
    }
    return message;
}

void initialize_ssl_once() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

Poco::Net::Context::Ptr tls_context(const MailSettings& s) {
    initialize_ssl_once();
    using Poco::Net::Context;
    // With no certificate handler installed, a certificate that fails verification ends
    // the handshake: there is no prompt to accept it. STRICT, because RELAXED skips the
    // host-name check for loopback addresses (a local relay is still checked).
    return new Context(Context::TLS_CLIENT_USE, s.ca_file, s.verify_tls ? Context::VERIFY_STRICT : Context::VERIFY_NONE,
                       9, s.ca_file.empty());
}

// An error that another attempt cannot fix.
struct PermanentMailError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string smtp_error_text(const Poco::Net::SMTPException& e) {
    std::string text = e.displayText();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

// SecureSMTPClientSession::startTLS attaches TLS without a host name, so the certificate
// would be checked against the peer's IP address; this does the upgrade with the name.
class SmtpSession : public SMTPClientSession {
public:
    using SMTPClientSession::SMTPClientSession;
    // EHLO, returning the server's extension lines.
    std::string ehlo() {
        open();
        std::string response;
        SMTPClientSession::login(Poco::Environment::nodeName(), response);
        return response;
    }
    void upgrade_to_tls(const std::string& host, Poco::Net::Context::Ptr context) {
        socket() = Poco::Net::SecureStreamSocket::attach(socket(), host, context);
    }
    // sendMessage() in steps, so a caller can tell a failure before the final "." (the
    // server has not taken the message) from one after it (it may have): data_sent turns
    // true once the terminator has been handed to the connection.
    void send_message(const MailMessage& message, const std::string& from, const Recipients& recipients,
                      bool& data_sent) {
        sendAddresses(from, recipients);
        sendData();
        Poco::Net::SocketOutputStream socket_stream(socket());
        Poco::Net::MailOutputStream mail_stream(socket_stream);
        message.write(mail_stream);
        mail_stream.close();
        socket_stream.flush();
        data_sent = true;
        std::string response;
        const int status = socket().receiveStatusMessage(response);
        if (!isPositiveCompletion(status)) throw Poco::Net::SMTPException("The server rejected the message", response, status);
    }
};

std::string base64(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << text;
    encoder.close();
    return out.str();
}

// Poco's AUTH LOGIN only answers challenges spelled "Username:"/"Password:" and otherwise
// goes on unauthenticated; servers word them differently ("User Name"). The LOGIN
// mechanism is defined by its order: the first 334 asks for the user, the second for the
// password.
void login_with_auth_login(SMTPClientSession& session, const std::string& user, const std::string& password) {
    session.login();  // EHLO
    std::string response;
    int status = session.sendCommand("AUTH LOGIN", response);
    if (status != 334) throw Poco::Net::SMTPException("AUTH LOGIN not accepted", response, status);
    status = session.sendCommand(base64(user), response);
    if (status != 334) throw Poco::Net::SMTPException("AUTH LOGIN user name not accepted", response, status);
    status = session.sendCommand(base64(password), response);
    if (status != 235) throw Poco::Net::SMTPException("AUTH LOGIN failed", response, status);
}

// One connection. data_sent tells the caller whether a failure came after the message's
// final "." was sent.
void send_once(const MailSettings& s, const MailMessage& message, const std::string& password, bool& data_sent) {
    const Poco::Net::SocketAddress address(s.host, s.effective_port());
    const Poco::Timespan timeout(s.timeout_sec, 0);

    Poco::Net::StreamSocket socket;
    if (s.tls == MailTls::smtps) {
        Poco::Net::SecureStreamSocket secure(tls_context(s));
        secure.setPeerHostName(s.host);  // SNI and the name the certificate must carry
        secure.connect(address, timeout);
        socket = secure;
    } else {
        socket.connect(address, timeout);
    }

    SmtpSession session(socket);
    session.setTimeout(timeout);
    try {
        if (s.tls == MailTls::starttls) {
            std::string extensions = session.ehlo();
            std::transform(extensions.begin(), extensions.end(), extensions.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            if (extensions.find("STARTTLS") == std::string::npos)
                throw PermanentMailError("the server does not accept STARTTLS; set mail.tls = none only for a "
                                         "trusted relay");
            std::string response;
            const int status = session.sendCommand("STARTTLS", response);
            if (status / 100 == 5) throw PermanentMailError("STARTTLS refused: " + trimmed(response));
            // 454 and other 4xx replies: the server may offer TLS again later.
            if (status != 220) throw Poco::Net::SMTPException("STARTTLS refused", response, status);
            session.upgrade_to_tls(s.host, tls_context(s));
        }
        if (s.user.empty()) {
            session.login();
        } else if (s.auth == MailAuth::login) {
            login_with_auth_login(session, s.user, password);
        } else {
            session.login(SMTPClientSession::AUTH_PLAIN, s.user, password);
        }
        SMTPClientSession::Recipients recipients;
        for (const auto& r : message.recipients()) recipients.push_back(r.getAddress());
        session.send_message(message, mail_address(s.from), recipients, data_sent);
        try {
            session.close();
        } catch (const Poco::Exception&) {
            // The server took the message (250); a failed QUIT changes nothing.
        }
    } catch (...) {
        try {
            session.close();
        } catch (const Poco::Exception&) {
            // The connection is already unusable; the original error is what matters.
        }
        throw;
    }
}

}  // namespace

std::string send_mail(const MailSettings& settings, const MailContent& content, const RetryPolicy& retry) {
    if (settings.host.empty()) throw UsageError("mail.host: missing, needed to send mail");
    if (settings.to.empty()) throw UsageError("mail.to: missing, needed to send mail");

    std::string password;
    if (!settings.user.empty()) {
        const char* value = settings.password_env.empty() ? nullptr : std::getenv(settings.password_env.c_str());
        if (!value || !*value)
            throw DeliveryError("mail: the password variable " +
                                (settings.password_env.empty() ? std::string("(mail.password_env)")
                                                               : settings.password_env) +
                                " named for user " + settings.user + " is not set");
        password = value;
    }

    const std::string attachment_bytes = content.attachment.empty() ? std::string() : read_file(content.attachment);
    const std::string message_id = new_message_id(settings.from);
    const std::string server = settings.host + ":" + std::to_string(settings.effective_port());
    auto& log = Poco::Logger::get("cskpi.mail");

    // Sending again after a lost reply could deliver the mail twice; the ledger keeps it
    // as unknown instead and the run says so.
    auto lost_reply = [&](const std::string& cause) {
        throw DeliveryUnknownError("mail via " + server + ": the message " + message_id +
                                       " was sent but the server's reply was lost (" + cause +
                                       "); it may have been delivered, so it is not sent again (--resend sends it)",
                                   message_id);
    };
    auto attempt = [&](int) {
        bool data_sent = false;
        try {
            const auto message = build_message(settings, content, attachment_bytes, message_id);
            send_once(settings, *message, password, data_sent);
            return;
        } catch (const PermanentMailError& e) {
            throw DeliveryError("mail via " + server + " failed: " + e.what());
        } catch (const Poco::Net::SMTPException& e) {
            // Replies of class 4 are transient by RFC 5321; 5xx (e.g. bad credentials,
            // rejected recipient) will not change on a retry.
            if (e.code() / 100 == 5)
                throw DeliveryError("mail via " + server + " was rejected: " + smtp_error_text(e));
            if (!data_sent || e.code() / 100 == 4) throw RetryableFailure(smtp_error_text(e));
            lost_reply(e.displayText());
        } catch (const Poco::Net::SSLException& e) {
            if (data_sent) lost_reply(e.displayText());
            throw DeliveryError("mail via " + server + ": TLS failed: " + e.displayText() +
                                " (check mail.ca_file or the server's certificate)");
        } catch (const Poco::IOException& e) {
            if (data_sent) lost_reply(e.displayText());
            throw RetryableFailure(e.displayText());
        } catch (const Poco::TimeoutException& e) {
            if (data_sent) lost_reply(e.displayText());
            throw RetryableFailure(e.displayText());
        }
    };
    try {
        with_retries(retry, attempt,
                     [&](int n, int attempts, const RetryableFailure& failure, std::chrono::milliseconds wait) {
                         log.warning("mail attempt %d of %d via %s failed: %s; retrying in %s ms", n, attempts, server,
                                     std::string(failure.what()), std::to_string(wait.count()));
                     });
    } catch (const RetryableFailure& failure) {
        const int attempts = std::max(1, retry.max_attempts);
        throw DeliveryError("mail via " + server + " failed after " + std::to_string(attempts) +
                            (attempts == 1 ? " attempt: " : " attempts: ") + failure.what());
    }
    log.information("mailed %s to %s via %s", content.subject,
                    std::to_string(settings.to.size() + settings.cc.size()) + " recipient(s)", server);
    return message_id;
}

fs::path write_eml(const fs::path& dir, const MailSettings& settings, const MailContent& content) {
    const std::string attachment_bytes = content.attachment.empty() ? std::string() : read_file(content.attachment);
    const auto message = build_message(settings, content, attachment_bytes, new_message_id(settings.from));
    const std::string stem = content.attachment.empty() ? std::string("message") : content.attachment.stem().string();
    AtomicFile file(dir / (stem + ".eml"));
    {
        std::ofstream out(file.temp_path(), std::ios::binary);
        if (!out) throw OutputError("cannot write " + file.target_path().string());
        try {
            message->write(out);
        } catch (const Poco::Exception& e) {
            throw OutputError("cannot compose the mail for " + file.target_path().string() + ": " + e.displayText());
        }
        out.close();
        if (!out) throw OutputError("cannot write " + file.target_path().string());
    }
    file.commit();
    return file.target_path();
}

}  // namespace cskpi
