#pragma once
// Runs the built cskpi binary (or another command) the way cron would: a shell command
// line, with its exit code and captured output.
#include <filesystem>
#include <string>

namespace cskpi::test {

struct CommandResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs `command` through /bin/sh with stdout and stderr captured to files.
CommandResult run_command(const std::string& command);

// `CSKPI_BINARY args`.
CommandResult run_cskpi(const std::string& args);

// A fresh, empty directory under the system temp dir, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
std::filesystem::path source_dir();  // the repository root
std::string quote(const std::filesystem::path& p);  // single-quoted for /bin/sh

}  // namespace cskpi::test
