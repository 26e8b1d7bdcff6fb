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

// `CSKPI_BINARY args`. Every run of one test process shares a private XDG data and cache
// home, so the default history store, lock file and download cache of parallel tests
// never meet (and never touch the user's own).
CommandResult run_cskpi(const std::string& args);
const std::filesystem::path& private_xdg_home();

// A fresh, empty directory under the system temp dir, removed by the destructor.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "cskpi-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    // Writes `text` to a file in this directory and returns its path.
    std::filesystem::path write(const std::string& file_name, const std::string& text) const;

private:
    std::filesystem::path path_;
};

using ScratchDir = TempDir;

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);
std::filesystem::path source_dir();  // the repository root
std::string quote(const std::filesystem::path& p);  // single-quoted for /bin/sh

}  // namespace cskpi::test
