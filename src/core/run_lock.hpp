#pragma once
// One cskpi run at a time per lock file: cron may start a monthly run while the previous
// one is still mailing. The kernel drops a flock when the holder dies, so a crashed run
// never leaves a stale lock behind.
#include <filesystem>

namespace cskpi {

class RunLock {
public:
    // Takes the lock or throws RunError(ExitCode::locked) naming the holder's pid;
    // OutputError when the lock file cannot be created.
    explicit RunLock(std::filesystem::path path);
    ~RunLock();
    RunLock(RunLock&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) { other.fd_ = -1; }
    RunLock& operator=(RunLock&& other) noexcept;
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    int fd_ = -1;
};

}  // namespace cskpi
