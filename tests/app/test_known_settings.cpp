// Every key of a report definition is checked against app/known_settings.cpp: a misspelled
// setting stops the run with exit 2 naming the section, the key and the nearest known key.
#include <Poco/AutoPtr.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "app/known_settings.hpp"
#include "core/errors.hpp"
#include "support/process.hpp"

using namespace cskpi;
using namespace cskpi::test;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

void check(const std::string& ini) {
    std::istringstream in(ini);
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> definition = new Poco::Util::IniFileConfiguration(in);
    check_known_settings(*definition, "report.ini");
}

std::string error_of(const std::string& ini) {
    try {
        check(ini);
    } catch (const UsageError& e) {
        return e.what();
    }
    FAIL("expected a UsageError for\n" << ini);
    return {};
}

}  // namespace

TEST_CASE("the misspellings of the fault matrix are exit 2 from the binary", "[settings][e2e]") {
    TempDir tmp;
    const fs::path tickets = source_dir() / "samples" / "tickets.csv";
    SECTION("[fetch] read_timout") {
        const auto ini = tmp.write("a.ini", "[report]\nyear = 2026\n[tickets]\nuri = " + tickets.string() +
                                                "\n[fetch]\nread_timout = 30\n");
        const auto r = run_cskpi("year-end --config " + quote(ini) + " --out " + quote(tmp / "out"));
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("unknown key 'read_timout' in [fetch] (did you mean read_timeout?)"));
        CHECK_FALSE(fs::exists(tmp / "out"));
    }
    SECTION("[mail] pasword_env") {
        const auto ini = tmp.write("b.ini", "[report]\nyear = 2026\n[tickets]\nuri = " + tickets.string() +
                                                "\n[mail]\nhost = localhost\nuser = cskpi\npasword_env = X\n");
        const auto r = run_cskpi("validate --config " + quote(ini));
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("unknown key 'pasword_env' in [mail] (did you mean password_env?)"));
    }
}

TEST_CASE("known keys, patterned keys and the sections other stages read pass", "[settings]") {
    CHECK_NOTHROW(check("[report]\nname = kpi\nyear = 2026\nlock_file = x\n"
                        "[tickets]\nuri = t.csv\ncolumn.created_at = 创建时间\nvalue.priority.紧急 = urgent\n"
                        "value.status.Closed.Done = closed\n"
                        "[calls]\nuri = c.csv\ndelimiter = ;\n"
                        "[agents]\nuri = postgresql://cskpi@db/cs\ntable = agents\npassword_env = PGPASS\n"
                        "[warehouse]\nmode = pushdown\n"
                        "[fetch]\nmax_download_mb = 10\nmax_inflate_ratio = 50\nread_timeout = 5\n"
                        "[targets]\ngap_closure = 0.5\nfcr.rate.benchmark = 0.9\ncsat.rate.warning = 0.8\n"
                        "[mail]\npassword_env = P\nauth = login\ntimeout_sec = 5\n"
                        "[staffing]\ngrowth_calls = 0.05\ncost_per_fte_year = 50000\nhire_lead_months = 3\nticket_handle_sec = 600\n"
                        "[scorecard]\nenabled = true\nrole.agent.fcr.rate = 0.3\nstar_score = 90\n"
                        "[input]\ndelimiter = ,\n[history]\npath = h.sqlite\n[log]\nlevel = info\n"));
    // Poco reads sections and keys without regard to case; so does the check.
    CHECK_NOTHROW(check("[Fetch]\nRead_Timeout = 5\n"));
    // Every definition checked in under reports/ is clean.
    for (const auto& entry : fs::directory_iterator(source_dir() / "reports")) {
        if (entry.path().extension() != ".ini") continue;
        INFO(entry.path());
        Poco::AutoPtr<Poco::Util::IniFileConfiguration> definition =
            new Poco::Util::IniFileConfiguration(entry.path().string());
        CHECK_NOTHROW(check_known_settings(*definition, entry.path().string()));
    }
}

TEST_CASE("an unknown key names its section, itself and the nearest known key", "[settings]") {
    CHECK(error_of("[report]\ntimezon = UTC\n") ==
          "report.ini: unknown key 'timezon' in [report] (did you mean timezone?)");
    CHECK_THAT(error_of("[tickets]\ncolum.created_at = x\n"),
               Contains("unknown key 'colum.created_at' in [tickets] (did you mean column.created_at?)"));
    CHECK_THAT(error_of("[surveys]\nvalues.score.five = 5\n"),
               Contains("unknown key 'values.score.five' in [surveys] (did you mean value.score.five?)"));
    CHECK_THAT(error_of("[targets]\nfcr.rate.benchmrk = 0.9\n"),
               Contains("unknown key 'fcr.rate.benchmrk' in [targets] (did you mean fcr.rate.benchmark?)"));
    CHECK_THAT(error_of("[scorecard]\nrol.agent.fcr.rate = 0.3\n"),
               Contains("(did you mean role.agent.fcr.rate?)"));
    CHECK_THAT(error_of("[staffing]\nshrinkag = 0.3\n"), Contains("(did you mean shrinkage?)"));
    CHECK_THAT(error_of("[fetc]\nattempts = 2\n"), Contains("unknown section [fetc] (did you mean [fetch]?)"));
    CHECK_THAT(error_of("year = 2026\n[report]\nname = x\n"),
               Contains("setting 'year' is outside any section (put it under [report])"));
    // A pattern needs its placeholder filled: `column` alone is not a mapping.
    CHECK_THAT(error_of("[tickets]\ncolumn = x\n"), Contains("unknown key 'column' in [tickets]"));
}

TEST_CASE("edit distance", "[settings]") {
    CHECK(edit_distance("read_timout", "read_timeout") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("same", "same") == 0);
}

TEST_CASE("a hash line is not taken for a comment and the error names the comment character", "[settings]") {
    // Poco reads "# note: x" as a setting named "# note: x"; silently ignoring it would hide
    // a typo, so the check names it and the comment character.
    CHECK_THAT(error_of("# monthly report\n[report]\nyear = 2026\n"), Contains("start with ';', not '#'"));
    CHECK_THAT(error_of("[report]\n# the year\nyear = 2026\n"), Contains("start with ';', not '#'"));
    CHECK_NOTHROW(check("; monthly report\n[report]\nyear = 2026\n"));
}
