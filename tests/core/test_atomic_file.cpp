// Staged output files: private while staged, named after cskpi's own pattern, movable,
// committed with the mode a plain file would have; an OutputSet's errors name the target.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "../report/sample_summary.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/output_set.hpp"
#include "report/year_end_workbook.hpp"
#include "support/process.hpp"
#include "targets/target_policy.hpp"

using namespace cskpi;
using namespace cskpi::test;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::size_t files_in(const fs::path& dir) {
    return std::size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("a staged file is private, follows the staging pattern and goes away unless committed", "[staging]") {
    TempDir dir;
    fs::path staged;
    {
        AtomicFile file(dir / "kpi.xlsx");
        staged = file.temp_path();
        CHECK(staged.parent_path() == dir.path());
        CHECK(is_staged_file_name(staged.filename().string()));
        CHECK(mode_of(staged) == 0600);
    }
    CHECK_FALSE(fs::exists(staged));
    CHECK(files_in(dir.path()) == 0);
}

TEST_CASE("an AtomicFile moves with its staged file", "[staging]") {
    TempDir dir;
    std::vector<AtomicFile> files;
    files.emplace_back(dir / "a.json");
    files.emplace_back(dir / "b.json");  // reallocates: the first one moves
    for (auto& f : files) std::ofstream(f.temp_path()) << f.target_path().filename().string();
    for (auto& f : files) f.commit();
    CHECK(read_file(dir / "a.json") == "a.json");
    CHECK(read_file(dir / "b.json") == "b.json");
    CHECK(files_in(dir.path()) == 2);
}

TEST_CASE("a committed file keeps the mode of the one it replaces, else the umask's", "[staging]") {
    TempDir dir;
    const mode_t old_mask = ::umask(027);
    {
        AtomicFile fresh(dir / "fresh.csv");
        fresh.commit();
    }
    ::umask(old_mask);
    CHECK(mode_of(dir / "fresh.csv") == 0640);
    write_file(dir / "shared.csv", "old");
    fs::permissions(dir / "shared.csv", fs::perms(0604));
    AtomicFile replacement(dir / "shared.csv");
    std::ofstream(replacement.temp_path()) << "new";
    replacement.commit();
    CHECK(read_file(dir / "shared.csv") == "new");
    CHECK(mode_of(dir / "shared.csv") == 0604);
}

TEST_CASE("cskpi's staging names and nothing else", "[staging]") {
    CHECK(is_staged_file_name(".kpi-2026-06.xlsx.cskpi-staged-a1B2c3"));
    CHECK(is_staged_file_name(".summary.json.tmp123456789"));  // cskpi 1.0
    CHECK(is_staged_file_name(".tickets-abc.csv.tmp42"));
    CHECK_FALSE(is_staged_file_name("kpi.xlsx.cskpi-staged-a1B2c3"));  // no leading dot
    CHECK_FALSE(is_staged_file_name(".kpi.xlsx.cskpi-staged-a1B2c"));  // five characters
    CHECK_FALSE(is_staged_file_name(".kpi.xlsx.cskpi-staged-a1B2c!"));
    CHECK_FALSE(is_staged_file_name(".notes.txt.tmp123"));
    CHECK_FALSE(is_staged_file_name(".kpi.xlsx.tmp"));
    CHECK_FALSE(is_staged_file_name(".kpi.xlsx.tmp12345678901"));  // longer than 1.0 wrote
}

TEST_CASE("staged files a commit journal names are kept for the next run", "[staging]") {
    TempDir dir;
    const fs::path named = fs::absolute(dir / ".kpi.xlsx.cskpi-staged-AAAAAA");
    const fs::path stray = dir / ".kpi.json.cskpi-staged-BBBBBB";
    write_file(named, "complete");
    write_file(stray, "partial");
    write_file(output_journal_path(dir.path(), "kpi"),
               "cskpi output set 1\n" + named.string() + "\t" + (dir / "kpi.xlsx").string() + "\n");
    const auto removed = remove_stale_staged_files(dir.path());
    REQUIRE(removed.size() == 1);
    CHECK(removed[0].filename() == stray.filename());
    CHECK(fs::exists(named));
}

TEST_CASE("an output set commits every file, and a failed one leaves nothing staged", "[staging]") {
    TempDir dir;
    Summary summary = sample_summary();
    apply_target_policy(summary, *target_config());
    const fs::path workbook = dir / "kpi.xlsx";
    {
        OutputSet outputs(output_journal_path(dir.path(), "kpi"));
        write_year_end_workbook(summary, {workbook, "en", outputs.stage(workbook).temp_path()});
        std::ofstream(outputs.stage(dir / "kpi.json").temp_path()) << "{}";
        outputs.commit();
    }
    CHECK(files_in(dir.path()) == 2);  // no journal, nothing staged
    const std::string before = read_file(workbook);

    summary.sources[0].name = std::string(40000, 'x');  // over Excel's limit per cell
    try {
        OutputSet outputs(output_journal_path(dir.path(), "kpi"));
        write_year_end_workbook(summary, {workbook, "en", outputs.stage(workbook).temp_path()});
        FAIL("the workbook was written");
    } catch (const OutputError& e) {
        // The error names the workbook's place, not a hidden staging file.
        CHECK_THAT(e.what(), Contains(workbook.string()));
        CHECK_THAT(std::string(e.what()), !Contains("cskpi-staged"));
    }
    CHECK(read_file(workbook) == before);
    CHECK(files_in(dir.path()) == 2);
}
