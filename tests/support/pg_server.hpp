#pragma once
// A throwaway PostgreSQL server from the distribution's postgresql package: initdb into a
// temp folder, a unix socket in that folder only (no TCP), password authentication, stopped
// and removed by the destructor. As root, the server runs as the unprivileged user nobody.
#include <filesystem>
#include <string>

#include "support/process.hpp"

namespace cskpi::test {

class PgServer {
public:
    PgServer();  // throws std::runtime_error with the server's log when it cannot start
    ~PgServer();
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    static constexpr const char* kUser = "cskpi";
    static constexpr const char* kPasswordEnv = "CSKPI_TEST_PG_PASSWORD";
    const std::string& password() const { return password_; }
    // postgresql://cskpi@:PORT/postgres?host=<socket folder>: no password in it.
    std::string uri() const;
    // Runs psql with `script` (SQL and psql meta-commands such as \copy) on one connection;
    // ON_ERROR_STOP, so the first error fails the run.
    CommandResult psql(const std::string& script) const;
    // `VAR=password ` for a shell command line.
    std::string password_assignment() const;
    const std::filesystem::path& folder() const { return dir_.path(); }

private:
    std::string run_as_server_user(const std::string& command) const;
    TempDir dir_{"cskpi-pg"};
    std::filesystem::path bin_;
    std::string password_ = "s3cret-warehouse";
    int port_ = 0;
    bool started_ = false;
};

}  // namespace cskpi::test
