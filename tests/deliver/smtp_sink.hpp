#pragma once
// The loopback SMTP server of smtp_sink.py for tests that mail: started on a free port,
// stopped and cleaned up on destruction, each received message readable as JSON.
#include "support/process.hpp"
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>

namespace cskpi::mailtest {

namespace fs = std::filesystem;

inline const fs::path sink_script = fs::path(CSKPI_SOURCE_DIR) / "tests" / "deliver" / "smtp_sink.py";

// The interpreter that has Debian's python3-aiosmtpd, even when another python3 is first
// on PATH.
inline std::string python() { return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("cskpi-mail-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

using cskpi::test::read_file;

inline Poco::JSON::Object::Ptr read_json(const fs::path& p) {
    REQUIRE(fs::exists(p));
    return Poco::JSON::Parser().parse(read_file(p)).extract<Poco::JSON::Object::Ptr>();
}

inline std::vector<std::string> strings(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    std::vector<std::string> out;
    for (const auto& v : *o->getArray(key)) out.push_back(v.convert<std::string>());
    return out;
}

// The loopback SMTP server of smtp_sink.py, stopped and cleaned up on destruction.
class SmtpSink {
public:
    explicit SmtpSink(std::vector<std::string> options = {}) {
        std::vector<std::string> args = {python(), sink_script.string(), "serve", dir_.path.string()};
        args.insert(args.end(), options.begin(), options.end());
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execvp(argv[0], argv.data());
            ::_exit(127);
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!fs::exists(dir_.path / "port")) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                FAIL("the SMTP sink exited before listening (is python3-aiosmtpd installed?)");
            }
            if (std::chrono::steady_clock::now() > deadline) FAIL("the SMTP sink did not start within 20 s");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        port_ = static_cast<std::uint16_t>(std::stoi(read_file(dir_.path / "port")));
    }
    ~SmtpSink() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    std::uint16_t port() const { return port_; }
    const fs::path& dir() const { return dir_.path; }
    int data_commands() const {
        return fs::exists(dir_.path / "data_commands") ? std::stoi(read_file(dir_.path / "data_commands")) : 0;
    }
    bool has_message(int n) const { return fs::exists(dir_.path / (std::to_string(n) + ".json")); }
    Poco::JSON::Object::Ptr message(int n) const { return read_json(dir_.path / (std::to_string(n) + ".json")); }
    std::string attachment(int n, int k) const {
        return read_file(dir_.path / (std::to_string(n) + ".attachment-" + std::to_string(k)));
    }

private:
    TempDir dir_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

inline std::uint16_t unused_port() {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto port = probe.address().port();
    probe.close();
    return port;
}


}  // namespace cskpi::mailtest
