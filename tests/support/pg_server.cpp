#include "support/pg_server.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

namespace cskpi::test {

namespace fs = std::filesystem;

namespace {

// The newest server version the postgresql package installed.
fs::path server_bin_dir() {
    fs::path best;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto bin = entry.path() / "bin";
        if (!fs::exists(bin / "initdb") || !fs::exists(bin / "postgres")) continue;
        if (best.empty() || std::stoi(entry.path().filename().string()) >
                                std::stoi(best.parent_path().filename().string()))
            best = bin;
    }
    if (best.empty())
        throw std::runtime_error("no PostgreSQL server under /usr/lib/postgresql (scripts/install-deps.sh --test installs it)");
    return best;
}

}  // namespace

std::string PgServer::run_as_server_user(const std::string& command) const {
    if (::geteuid() != 0) return command;
    // From /, which nobody can enter whatever the build folder's permissions.
    return "cd / && runuser -u nobody -- " + command;
}

PgServer::PgServer() : bin_(server_bin_dir()) {
    std::random_device rd;
    port_ = 20000 + int(rd() % 20000);  // names the socket file only: no TCP listener
    // As root the server runs as nobody, which must own its folder.
    ::chmod(dir_.path().c_str(), 0755);
    const auto data = dir_ / "data";
    const auto pwfile = dir_.write("pwfile", password_ + "\n");
    if (::geteuid() == 0) {
        if (::chown(dir_.path().c_str(), 65534, 65534) != 0 || ::chown(pwfile.c_str(), 65534, 65534) != 0)
            throw std::runtime_error("cannot hand " + dir_.path().string() + " to nobody");
    }
    auto init = run_command(run_as_server_user(quote(bin_ / "initdb") + " -D " + quote(data) + " -U " + kUser +
                                               " --auth=scram-sha-256 --pwfile=" + quote(pwfile) +
                                               " -E UTF8 --locale=C.UTF-8 --no-sync"));
    if (init.exit_code != 0) throw std::runtime_error("initdb failed: " + init.out + init.err);
    const std::string options = "-k " + dir_.path().string() + " -p " + std::to_string(port_) +
                                " -c listen_addresses= -c fsync=off -c max_connections=20";
    auto start = run_command(run_as_server_user(quote(bin_ / "pg_ctl") + " -D " + quote(data) + " -l " +
                                                quote(dir_ / "server.log") + " -w -t 60 -o " + quote(options) +
                                                " start"));
    if (start.exit_code != 0)
        throw std::runtime_error("the PostgreSQL server did not start: " + start.out + start.err +
                                 read_file(dir_ / "server.log"));
    started_ = true;
}

PgServer::~PgServer() {
    if (started_)
        run_command(run_as_server_user(quote(bin_ / "pg_ctl") + " -D " + quote(dir_ / "data") + " -m immediate -w stop"));
}

std::string PgServer::uri() const {
    return "postgresql://" + std::string(kUser) + "@:" + std::to_string(port_) + "/postgres?host=" + dir_.path().string();
}

std::string PgServer::password_assignment() const { return std::string(kPasswordEnv) + "=" + quote(password_) + " "; }

CommandResult PgServer::psql(const std::string& script) const {
    TempDir scratch("cskpi-psql");
    const auto file = scratch.write("script.sql", script);
    return run_command("PGPASSWORD=" + quote(password_) + " " + quote(bin_ / "psql") + " -X -q -t -A -v ON_ERROR_STOP=1 -h " +
                       quote(dir_.path()) + " -p " + std::to_string(port_) + " -U " + kUser + " -d postgres -f " +
                       quote(file));
}

}  // namespace cskpi::test
