// What a killed or failing run leaves behind, end to end with the binary: stale staged
// files are cleaned up by the next run, an interrupted commit of the outputs is finished
// by the next run, and a history store that cannot be written keeps the previous outputs.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/output_set.hpp"
#include "support/process.hpp"

using namespace cskpi;
using namespace cskpi::test;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

const fs::path fixtures = source_dir() / "tests" / "fixtures" / "monthly";

fs::path write_definition(const fs::path& dir) {
    const fs::path ini = dir / "monthly.ini";
    write_file(ini, "[report]\nname = kpi\ntimezone = UTC\nout = out\nthreads = 1\n"
                                                   "summary_json = json/summary.json\nlock_file = lock/run.lock\n"
                                                   "[tickets]\nuri = " + (fixtures / "tickets.csv").string() + "\n"
                                                   "[surveys]\nuri = " + (fixtures / "surveys.csv").string() + "\n"
                                                   "[history]\npath = store/history.sqlite\n");
    return ini;
}

std::size_t files_in(const fs::path& dir) {
    return std::size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// Starts the binary and kills it with SIGKILL after `delay`.
void run_and_kill(const std::vector<std::string>& args, std::chrono::milliseconds delay) {
    std::vector<std::string> argv_text = {CSKPI_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(::posix_spawn(&pid, CSKPI_BINARY, nullptr, nullptr, argv.data(), environ) == 0);
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

std::size_t leftovers_in(const fs::path& dir) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (is_staged_file_name(name) || name.find("cskpi-outputs") != std::string::npos) ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("staged files a killed run left are removed by the next run, nothing else is", "[staging][e2e]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path());
    fs::create_directories(dir / "out");
    fs::create_directories(dir / "json");
    // What kill -9 during the writing leaves: staged files nobody holds any more.
    const fs::path stale_workbook = dir / "out" / ".kpi-2026-05.xlsx.cskpi-staged-Q1w2E3";
    const fs::path stale_json = dir / "json" / ".summary.json.cskpi-staged-r4T5y6";
    const fs::path legacy = dir / "out" / ".kpi-2026-04.xlsx.tmp3735928559";  // cskpi 1.0's name
    // Not cskpi's: a person's file and a look-alike with the wrong suffix.
    const fs::path own_file = dir / "out" / ".kpi-2026-05.xlsx.bak";
    const fs::path look_alike = dir / "out" / ".kpi.xlsx.cskpi-staged-toolong1";
    // A staged file a concurrent run is writing: locked, so it stays.
    const fs::path live = dir / "out" / ".other-2026-06.xlsx.cskpi-staged-Zz9Yy8";
    for (const auto& p : {stale_workbook, stale_json, legacy, own_file, look_alike, live}) write_file(p, "partial");
    const int live_fd = ::open(live.c_str(), O_RDONLY);
    REQUIRE(live_fd >= 0);
    REQUIRE(::flock(live_fd, LOCK_EX | LOCK_NB) == 0);

    const CommandResult r = run_cskpi("monthly --config " + quote(ini) + " --month 2026-06");
    ::close(live_fd);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(fs::exists(stale_workbook));
    CHECK_FALSE(fs::exists(stale_json));
    CHECK_FALSE(fs::exists(legacy));
    CHECK(fs::exists(own_file));
    CHECK(fs::exists(look_alike));
    CHECK(fs::exists(live));
    CHECK(fs::exists(dir / "out" / "kpi-2026-06.xlsx"));
    CHECK(fs::exists(dir / "json" / "summary.json"));
    // The run's own staged files are gone too, and its outputs are private to their owner
    // until renamed (0600 from mkstemp).
    CHECK(files_in(dir / "out") == 4);  // the workbook, own_file, look_alike, live
    CHECK(files_in(dir / "json") == 1);
}

TEST_CASE("a kill between the renames of a commit is finished by the next run", "[staging][e2e]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path());
    fs::create_directories(dir / "out");
    fs::create_directories(dir / "json");
    // The state right after the workbook of May was renamed and before its JSON was: the
    // journal names both, the staged JSON is complete and still waiting.
    const fs::path workbook = fs::absolute(dir / "out" / "kpi-2026-05.xlsx");
    const fs::path json = fs::absolute(dir / "json" / "summary.json");
    const fs::path staged_workbook = fs::absolute(dir / "out" / ".kpi-2026-05.xlsx.cskpi-staged-AAAAAA");
    const fs::path staged_json = fs::absolute(dir / "json" / ".summary.json.cskpi-staged-BBBBBB");
    write_file(workbook, "May workbook (new)");
    write_file(json, "April JSON (old)");
    write_file(staged_json, "May JSON (new)");
    write_file(output_journal_path(dir / "out", "kpi"), "cskpi output set 1\n" + staged_workbook.string() + "\t" +
                                                            workbook.string() + "\n" + staged_json.string() + "\t" +
                                                            json.string() + "\n");
    SECTION("the library completes the set") {
        const auto completed = OutputSet::complete_interrupted(output_journal_path(dir / "out", "kpi"));
        REQUIRE(completed.size() == 1);
        CHECK(completed[0] == json);
    }
    SECTION("the next run completes it before anything else, then writes its own") {
        // A run of another month without JSON: the May set must be whole afterwards.
        const CommandResult r = run_cskpi("monthly --config " + quote(ini) + " --month 2026-06 --log-level notice");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.err, Contains("an output of an interrupted run"));
        CHECK(read_file(workbook) == "May workbook (new)");
        CHECK(fs::exists(dir / "out" / "kpi-2026-06.xlsx"));
    }
    CHECK_FALSE(fs::exists(output_journal_path(dir / "out", "kpi")));
    CHECK_FALSE(fs::exists(staged_json));
}

TEST_CASE("a history store that cannot be written: exit 4 and the previous outputs are kept", "[history][e2e]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path());
    const std::string args = "monthly --config " + quote(ini) + " --month 2026-06";
    REQUIRE(run_cskpi(args).exit_code == 0);
    const fs::path workbook = dir / "out" / "kpi-2026-06.xlsx";
    const fs::path json = dir / "json" / "summary.json";
    write_file(workbook, "the previous workbook");
    write_file(json, "the previous JSON");

    // The store and its folder read-only. root ignores file modes, so as root the run is
    // started as nobody, with every other folder open to it.
    fs::permissions(dir / "store" / "history.sqlite", fs::perms(0444));
    fs::permissions(dir / "store", fs::perms(0555));
    for (const char* open_dir : {"", "out", "json", "lock"}) fs::permissions(dir / open_dir, fs::perms(0777));
    fs::permissions(dir / "lock" / "run.lock", fs::perms(0666));
    const std::string as_nobody = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
    const CommandResult r = run_command(as_nobody + quote(CSKPI_BINARY) + " " + args);
    fs::permissions(dir / "store", fs::perms(0755));
    INFO(r.err);
    CHECK(r.exit_code == 4);
    // The store opens read-only; the failure comes when the run is recorded, after the
    // outputs were written (1.0 had already replaced them at that point).
    CHECK_THAT(r.err, Contains("history store") && Contains("history.sqlite") &&
                          Contains("cannot record the monthly run for 2026-06"));
    CHECK(read_file(workbook) == "the previous workbook");
    CHECK(read_file(json) == "the previous JSON");
    CHECK(files_in(dir / "out") == 1);   // no staged file left
    CHECK(files_in(dir / "json") == 1);
}

TEST_CASE("kill -9 at any moment: the next run leaves no staged file and a whole set", "[staging][e2e]") {
    TempDir dir;
    const fs::path ini = write_definition(dir.path());
    const std::vector<std::string> args = {"monthly", "--config", ini.string(), "--month", "2026-06"};
    // A run on this fixture takes about 0.25 s; the kills land all over it.
    for (int delay_ms = 10; delay_ms <= 260; delay_ms += 15) {
        INFO("killed after " << delay_ms << " ms");
        run_and_kill(args, std::chrono::milliseconds(delay_ms));
        const CommandResult r = run_cskpi("monthly --config " + quote(ini) + " --month 2026-06");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(leftovers_in(dir / "out") == 0);
        CHECK(leftovers_in(dir / "json") == 0);
        CHECK(fs::exists(dir / "out" / "kpi-2026-06.xlsx"));
        CHECK_THAT(read_file(dir / "json" / "summary.json"), Contains("\"period\": \"2026-06\""));
    }
}
