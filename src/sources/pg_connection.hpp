#pragma once
// A connection to a PostgreSQL-protocol warehouse through libpq, and its results, as small
// owning types. The URI is libpq's (postgresql://[user@]host[:port]/db[?sslmode=...]); the
// password comes only from the environment variable the source names (password_env).
#include <libpq-fe.h>

#include <memory>
#include <string>

#include "sources/source.hpp"

namespace cskpi {

struct PgResultFree {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

class PgConnection {
public:
    // Connects for the export `source` (its uri and password_env); throws InputError naming
    // the source and libpq's reason (unreachable host, wrong credentials, TLS refused, ...).
    PgConnection(const SourceConfig& source, const FetchOptions& options);
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    PGconn* get() const { return conn_.get(); }
    const std::string& label() const { return label_; }  // "tickets (postgresql://host/db)"
    const std::string& display_uri() const { return display_; }

    // Runs `sql` and returns its result; throws InputError with the server's message
    // (prefixed by `what`) unless the status is `expected`.
    PgResult exec(const std::string& sql, ExecStatusType expected, const std::string& what) const;
    // The connection's last error message on one line.
    std::string error() const;
    // A quoted SQL identifier; table_identifier quotes each part of a dotted name.
    std::string identifier(const std::string& name) const;
    std::string table_identifier(const std::string& name) const;
    std::string literal(const std::string& text) const;

private:
    struct Finish {
        void operator()(PGconn* c) const { PQfinish(c); }
    };
    std::unique_ptr<PGconn, Finish> conn_;
    std::string display_;
    std::string label_;
};

// True for postgresql:// and postgres:// URIs.
bool is_warehouse_uri(const std::string& uri);

// The relation a source reads, as SQL usable after FROM: `( <query> ) AS cskpi_src` or the
// quoted table. Throws UsageError when neither or both of table and query are given.
std::string source_relation(const PgConnection& conn, const SourceConfig& source);

}  // namespace cskpi
