#include "support/process.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace cskpi::test {

namespace fs = std::filesystem;

std::string quote(const fs::path& p) {
    std::string s = "'";
    for (char c : p.string()) s += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return s + "'";
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

fs::path source_dir() { return CSKPI_SOURCE_DIR; }

CommandResult run_command(const std::string& command) {
    TempDir capture;
    const auto out = capture / "stdout";
    const auto err = capture / "stderr";
    const std::string line = command + " >" + quote(out) + " 2>" + quote(err) + " </dev/null";
    const int status = std::system(line.c_str());
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
}

const fs::path& private_xdg_home() {
    static const TempDir home("cskpi-xdg");
    return home.path();
}

CommandResult run_cskpi(const std::string& args) {
    const auto& home = private_xdg_home();
    return run_command("XDG_DATA_HOME=" + quote(home / "data") + " XDG_CACHE_HOME=" + quote(home / "cache") + " " +
                       quote(CSKPI_BINARY) + " " + args);
}

TempDir::TempDir(const std::string& prefix) {
    std::random_device rd;
    path_ = fs::temp_directory_path() / (prefix + "-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
}

fs::path TempDir::write(const std::string& file_name, const std::string& text) const {
    const auto p = path_ / file_name;
    write_file(p, text);
    return p;
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

}  // namespace cskpi::test
