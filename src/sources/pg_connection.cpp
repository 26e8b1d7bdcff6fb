#include "sources/pg_connection.hpp"

#include <cstdlib>
#include <vector>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace cskpi {

namespace {

// A password written into the URI (user:secret@host or ?password=) would sit in the report
// definition and in process listings: refused, it belongs in the variable password_env names.
bool uri_has_password(const std::string& uri) {
    const auto scheme_end = uri.find("://");
    if (scheme_end == std::string::npos) return false;
    const auto authority_end = uri.find_first_of("/?", scheme_end + 3);
    const std::string authority = uri.substr(scheme_end + 3, authority_end == std::string::npos
                                                                 ? std::string::npos
                                                                 : authority_end - scheme_end - 3);
    const auto at = authority.rfind('@');
    if (at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos) return true;
    const auto query = uri.find('?');
    if (query == std::string::npos) return false;
    for (std::size_t pos = query + 1; pos < uri.size();) {
        const auto end = std::min(uri.find('&', pos), uri.size());
        std::string name = uri.substr(pos, std::min(uri.find('=', pos), end) - pos);
        for (auto& ch : name) ch = char(std::tolower(static_cast<unsigned char>(ch)));
        if (name == "password" || name == "passfile") return true;
        pos = end + 1;
    }
    return false;
}

std::string one_line(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (auto& ch : text)
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    return text;
}

}  // namespace

bool is_warehouse_uri(const std::string& uri) {
    return istarts_with(uri, "postgresql://") || istarts_with(uri, "postgres://");
}

PgConnection::PgConnection(const SourceConfig& source, const FetchOptions& options)
    : display_(redact_uri(source.uri)), label_(source.name + " (" + display_ + ")") {
    if (uri_has_password(source.uri))
        throw UsageError(label_ + ": the URI must not hold a password; name the environment variable that holds it "
                                  "with password_env");
    std::string password;
    if (!source.password_env.empty()) {
        const char* value = std::getenv(source.password_env.c_str());
        if (!value || !*value)
            throw InputError(label_ + ": the environment variable " + source.password_env +
                             " (password_env) is not set");
        password = value;
    }
    const std::string timeout = std::to_string(std::max(1, options.connect_timeout_sec));
    std::vector<const char*> keys = {"dbname", "connect_timeout", "client_encoding", "application_name"};
    std::vector<const char*> values = {source.uri.c_str(), timeout.c_str(), "UTF8", "cskpi"};
    if (!source.password_env.empty()) {
        keys.push_back("password");
        values.push_back(password.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_.reset(PQconnectdbParams(keys.data(), values.data(), 1));
    if (!conn_) throw InputError(label_ + ": cannot connect: out of memory");
    if (PQstatus(conn_.get()) != CONNECTION_OK)
        throw InputError(label_ + ": cannot connect: " + error());
}

std::string PgConnection::error() const { return one_line(PQerrorMessage(conn_.get())); }

PgResult PgConnection::exec(const std::string& sql, ExecStatusType expected, const std::string& what) const {
    PgResult result(PQexec(conn_.get(), sql.c_str()));
    if (!result) throw InputError(label_ + ": " + what + ": " + error());
    if (PQresultStatus(result.get()) != expected) {
        std::string message = one_line(PQresultErrorMessage(result.get()));
        if (message.empty()) message = error();
        if (PQstatus(conn_.get()) == CONNECTION_BAD) message += " (connection lost)";
        throw InputError(label_ + ": " + what + ": " + message);
    }
    return result;
}

std::string PgConnection::identifier(const std::string& name) const {
    char* quoted = PQescapeIdentifier(conn_.get(), name.data(), name.size());
    if (!quoted) throw InputError(label_ + ": column name: " + error());
    std::string out = quoted;
    PQfreemem(quoted);
    return out;
}

std::string PgConnection::table_identifier(const std::string& name) const {
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        const auto dot = name.find('.', pos);
        const std::string part(trim(std::string_view(name).substr(pos, dot == std::string::npos ? std::string::npos : dot - pos)));
        char* quoted = PQescapeIdentifier(conn_.get(), part.data(), part.size());
        if (!quoted) throw UsageError(label_ + ": table name '" + name + "': " + error());
        out += quoted;
        PQfreemem(quoted);
        if (dot == std::string::npos) break;
        out += '.';
        pos = dot + 1;
    }
    return out;
}

std::string PgConnection::literal(const std::string& text) const {
    char* quoted = PQescapeLiteral(conn_.get(), text.data(), text.size());
    if (!quoted) throw InputError(label_ + ": " + error());
    std::string out = quoted;
    PQfreemem(quoted);
    return out;
}

std::string source_relation(const PgConnection& conn, const SourceConfig& source) {
    const bool has_table = !trim(source.table).empty(), has_query = !trim(source.query).empty();
    if (has_table == has_query)
        throw UsageError(conn.label() + ": a warehouse source needs exactly one of table = <name> or query = <SELECT ...>");
    if (has_table) return conn.table_identifier(std::string(trim(source.table)));
    std::string query(trim(source.query));
    while (!query.empty() && (query.back() == ';' || std::isspace(static_cast<unsigned char>(query.back()))))
        query.pop_back();
    return "(" + query + "\n) AS cskpi_src";
}

}  // namespace cskpi
