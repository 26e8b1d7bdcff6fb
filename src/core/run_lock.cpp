#include "core/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/errors.hpp"

namespace cskpi {

namespace fs = std::filesystem;

namespace {

std::string read_holder_pid(int fd) {
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return pid.empty() ? "unknown" : pid;
}

}  // namespace

RunLock::RunLock(fs::path path) : path_(std::move(path)) {
    std::error_code ec;
    if (path_.has_parent_path()) fs::create_directories(path_.parent_path(), ec);
    if (ec) throw OutputError("cannot create the directory of the lock file " + path_.string() + ": " + ec.message());

    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw OutputError("cannot open the lock file " + path_.string() + ": " + std::strerror(errno));

    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        const std::string holder = err == EWOULDBLOCK ? read_holder_pid(fd_) : std::string();
        ::close(fd_);
        fd_ = -1;
        if (err == EWOULDBLOCK)
            throw RunError(ExitCode::locked,
                           "another cskpi run holds the lock " + path_.string() + " (pid " + holder + "); exiting");
        throw OutputError("cannot lock " + path_.string() + ": " + std::strerror(err));
    }

    // The pid is only for the message a second run prints; the flock is the lock.
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        const int err = errno;
        ::close(fd_);
        fd_ = -1;
        throw OutputError("cannot write the pid into the lock file " + path_.string() + ": " + std::strerror(err));
    }
}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        path_ = std::move(other.path_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

RunLock::~RunLock() {
    if (fd_ < 0) return;
    // Closing releases the flock. The file stays: unlinking a lock file races with a run
    // that has just opened it.
    ::close(fd_);
}

}  // namespace cskpi
