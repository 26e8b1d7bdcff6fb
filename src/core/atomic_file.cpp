#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <vector>

#include "core/errors.hpp"
#include "core/output_set.hpp"

namespace cskpi {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view staged_marker = ".cskpi-staged-";

std::string errno_text(int err) { return std::strerror(err); }

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
    const auto dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw OutputError("cannot create directory " + dir.string() + ": " + ec.message());
    // Leading dot keeps the staged file out of globs that pick up finished reports.
    std::string file_name(".");
    file_name.append(target_.filename().string()).append(staged_marker).append("XXXXXX");
    std::string name = (dir / file_name).string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);  // O_EXCL, mode 0600
    if (fd_ < 0) throw OutputError("cannot create a staging file for " + target_.string() + " in " + dir.string() + ": " + errno_text(errno));
    temp_ = name;
    // Held until this object goes away: a locked staged file belongs to a live run.
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        release();
        throw OutputError("cannot lock the staging file for " + target_.string() + ": " + errno_text(err));
    }
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)), temp_(std::move(other.temp_)), fd_(other.fd_), synced_(other.synced_),
      committed_(other.committed_), detached_(other.detached_) {
    other.fd_ = -1;
    other.committed_ = true;  // the moved-from object owns nothing
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
    if (this != &other) {
        release();
        target_ = std::move(other.target_);
        temp_ = std::move(other.temp_);
        fd_ = other.fd_;
        synced_ = other.synced_;
        committed_ = other.committed_;
        detached_ = other.detached_;
        other.fd_ = -1;
        other.committed_ = true;
    }
    return *this;
}

AtomicFile::~AtomicFile() { release(); }

void AtomicFile::release() noexcept {
    if (!committed_ && !detached_ && !temp_.empty()) {
        std::error_code ec;
        fs::remove(temp_, ec);
    }
    if (fd_ >= 0) ::close(fd_);  // an error path or a commit that failed earlier: nothing to report
    fd_ = -1;
}

void AtomicFile::sync() {
    if (synced_) return;
    if (fd_ < 0) throw OutputError("cannot write " + target_.string() + ": its staging file is closed");
    if (::fsync(fd_) != 0) throw OutputError("cannot write " + target_.string() + ": fsync failed: " + errno_text(errno));
    synced_ = true;
}

namespace {

// The process umask, read without changing it (umask() would, for every thread).
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("Umask:", 0) == 0) return mode_t(std::strtoul(line.c_str() + 6, nullptr, 8));
    return 022;
}

}  // namespace

void AtomicFile::commit() {
    sync();
    // Staged files are private (0600); the committed file gets the mode of the file it
    // replaces, or what a plainly created file would get.
    struct stat existing {};
    const mode_t mode = ::stat(target_.c_str(), &existing) == 0 ? existing.st_mode & 07777 : 0666 & ~current_umask();
    if (::fchmod(fd_, mode) != 0)
        throw OutputError("cannot write " + target_.string() + ": cannot set its permissions: " + errno_text(errno));
    std::error_code ec;
    fs::rename(temp_, target_, ec);
    if (ec) throw OutputError("cannot put " + target_.string() + " in place: " + ec.message());
    committed_ = true;
    sync_directory(target_.has_parent_path() ? target_.parent_path() : fs::path("."), target_.string());
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw OutputError("cannot write " + target_.string() + ": close failed: " + errno_text(errno));
}

void sync_directory(const fs::path& dir, const std::string& what) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw OutputError("cannot write " + what + ": cannot open its folder: " + errno_text(errno));
    // Some file systems cannot sync a folder (EINVAL); the rename itself has happened.
    const bool synced = ::fsync(fd) == 0 || errno == EINVAL || errno == ENOTSUP;
    const int sync_error = errno;
    const bool closed = ::close(fd) == 0;
    if (!synced) throw OutputError("cannot write " + what + ": fsync of its folder failed: " + errno_text(sync_error));
    if (!closed) throw OutputError("cannot write " + what + ": closing its folder failed: " + errno_text(errno));
}

bool is_staged_file_name(std::string_view name) {
    if (name.size() < 2 || name.front() != '.') return false;
    const auto marker = name.rfind(staged_marker);
    if (marker != std::string_view::npos && marker > 1 && name.size() == marker + staged_marker.size() + 6) {
        for (char c : name.substr(marker + staged_marker.size()))
            if (!is_alnum(c)) return false;
        return true;
    }
    // cskpi 1.0: ".<name>.{xlsx,json,csv,eml}.tmp<random digits>".
    const auto tmp = name.rfind(".tmp");
    if (tmp == std::string_view::npos || tmp + 4 == name.size() || name.size() - tmp - 4 > 10) return false;
    for (char c : name.substr(tmp + 4))
        if (c < '0' || c > '9') return false;
    const std::string_view stem = name.substr(0, tmp);
    for (std::string_view ext : {".xlsx", ".json", ".csv", ".eml"})
        if (stem.size() > ext.size() + 1 && stem.substr(stem.size() - ext.size()) == ext) return true;
    return false;
}

std::vector<fs::path> remove_stale_staged_files(const fs::path& dir) {
    std::vector<fs::path> removed;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return removed;
    const std::set<fs::path> pending = staged_files_named_by_journals(dir);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path path = it->path();
        if (!is_staged_file_name(path.filename().string()) || pending.count(path)) continue;
        std::error_code type_ec;
        if (!fs::is_regular_file(fs::symlink_status(path, type_ec))) continue;
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0) continue;
        // A live run holds its staged files locked; only an unlocked one is left over.
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            std::error_code remove_ec;
            if (fs::remove(path, remove_ec)) removed.push_back(path);
        }
        ::close(fd);
    }
    return removed;
}

}  // namespace cskpi
