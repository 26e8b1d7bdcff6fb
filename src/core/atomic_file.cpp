#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <random>

#include "core/errors.hpp"

namespace cskpi {

namespace fs = std::filesystem;

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
    std::random_device rd;
    const auto dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw OutputError("cannot create directory " + dir.string() + ": " + ec.message());
    // Leading dot keeps the temp file out of globs that pick up finished reports.
    temp_ = dir / ("." + target_.filename().string() + ".tmp" + std::to_string(rd()));
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        std::error_code ec;
        fs::remove(temp_, ec);
    }
}

void AtomicFile::commit() {
    int fd = ::open(temp_.c_str(), O_RDONLY);
    if (fd < 0) throw OutputError("cannot open " + temp_.string() + " to commit it");
    ::fsync(fd);
    ::close(fd);
    std::error_code ec;
    fs::rename(temp_, target_, ec);
    if (ec) throw OutputError("cannot move " + temp_.string() + " to " + target_.string() + ": " + ec.message());
    committed_ = true;
}

}  // namespace cskpi
