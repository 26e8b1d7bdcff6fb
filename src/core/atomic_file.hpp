#pragma once
// A temporary file beside the target that only commit() renames into place, so a failed
// run never leaves a partial file at the target path (and keeps the previous one).
#include <filesystem>
#include <string>

namespace cskpi {

class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();  // removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::filesystem::path& temp_path() const { return temp_; }
    const std::filesystem::path& target_path() const { return target_; }
    void commit();  // fsync + rename; throws OutputError

private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    bool committed_ = false;
};

}  // namespace cskpi
