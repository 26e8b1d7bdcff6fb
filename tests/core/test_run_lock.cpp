#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/errors.hpp"
#include "core/run_lock.hpp"

using namespace cskpi;
namespace fs = std::filesystem;

namespace {

// Tries the lock in a forked child; returns the child's exit status: 0 when it got the
// lock, the RunError's exit code otherwise.
int lock_in_child(const fs::path& path) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int code = 0;
        try {
            RunLock lock(path);
        } catch (const RunError& e) {
            code = static_cast<int>(e.code());
        } catch (...) {
            code = 1;
        }
        ::_exit(code);  // no atexit handlers or Catch2 teardown in the child
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("a second run is refused while the lock is held, and admitted after", "[lock]") {
    const fs::path dir = fs::temp_directory_path() / ("cskpi-lock-" + std::to_string(std::random_device{}()));
    const fs::path path = dir / "run" / "cskpi.lock";
    {
        RunLock held(path);
        CHECK(lock_in_child(path) == static_cast<int>(ExitCode::locked));

        // The holder's pid is in the file for the refusal message.
        std::ifstream in(path);
        long pid = 0;
        in >> pid;
        CHECK(pid == ::getpid());
    }
    CHECK(lock_in_child(path) == 0);
    fs::remove_all(dir);
}

TEST_CASE("the refusal names the lock file and the holder", "[lock]") {
    const fs::path path = fs::temp_directory_path() / ("cskpi-lock-" + std::to_string(std::random_device{}()));
    const pid_t parent = ::getpid();
    RunLock held(path);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // flock locks belong to the open file description, so a new open in the child
        // conflicts with the parent's lock.
        try {
            RunLock second(path);
            ::_exit(0);
        } catch (const RunError& e) {
            const std::string expected = "another cskpi run holds the lock " + path.string() + " (pid " +
                                         std::to_string(parent) + "); exiting";
            ::_exit(e.what() == expected ? 10 : 11);
        }
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WEXITSTATUS(status) == 10);
    fs::remove(path);
}
