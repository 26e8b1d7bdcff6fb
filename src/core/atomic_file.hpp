#pragma once
// A staged file beside the target that only commit() renames into place, so a failed run
// never leaves a partial file at the target path (and keeps the previous one).
//
// The staged file is created exclusively (mkstemp: O_EXCL, mode 0600) as
// ".<target name>.cskpi-staged-XXXXXX" and stays flock()ed while its owner lives, so the
// next run can tell a file left by a killed run (unlocked: removed) from one a concurrent
// run is still writing (locked: kept). See remove_stale_staged_files().
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cskpi {

class AtomicFile {
public:
    // Creates the staged file (and the target's folder). Throws OutputError.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();  // removes the staged file unless committed or detached
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::filesystem::path& temp_path() const { return temp_; }
    const std::filesystem::path& target_path() const { return target_; }

    // Flushes the staged file's bytes to disk. Throws OutputError naming the target.
    void sync();
    // sync(), rename into place, sync the folder, close. Throws OutputError naming the target.
    void commit();
    // Leaves the staged file on disk when this object goes away (a commit journal names
    // it and the next run completes the commit); the lock still holds until then.
    void detach() { detached_ = true; }

private:
    void release() noexcept;

    std::filesystem::path target_;
    std::filesystem::path temp_;
    int fd_ = -1;
    bool synced_ = false;
    bool committed_ = false;
    bool detached_ = false;
};

// True for the names AtomicFile stages under (and the ".<name>.tmp<digits>" of cskpi 1.0).
bool is_staged_file_name(std::string_view file_name);

// Removes the staged files in `dir` that no running process holds: what a killed run left
// behind. Files a commit journal in `dir` names are kept (OutputSet completes them).
// Other files are never touched. Returns the paths removed; errors are ignored (best effort).
std::vector<std::filesystem::path> remove_stale_staged_files(const std::filesystem::path& dir);

// fsync of a folder, so a rename in it survives a crash. Throws OutputError naming `what`.
void sync_directory(const std::filesystem::path& dir, const std::string& what);

}  // namespace cskpi
