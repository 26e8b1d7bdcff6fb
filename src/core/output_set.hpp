#pragma once
// The outputs of one run (workbook, summary JSON) committed as a set: either all of them
// are the new ones or, after a kill in the middle, the next run finishes the set before it
// does anything else. Two renames cannot be made atomic together, so the set is
// roll-forward: every staged file is complete and synced before a journal naming them is
// written; the renames follow; the journal goes last.
#include <deque>
#include <filesystem>
#include <set>
#include <vector>

#include "core/atomic_file.hpp"

namespace cskpi {

class OutputSet {
public:
    // `journal`: where the commit journal of this set is written (the report's out folder,
    // ".<report name>.cskpi-outputs").
    explicit OutputSet(std::filesystem::path journal);
    OutputSet(OutputSet&&) noexcept = default;
    OutputSet& operator=(OutputSet&&) noexcept = default;

    // A staged file for `target`; write it through its temp_path(). Removed if the set is
    // not committed.
    AtomicFile& stage(const std::filesystem::path& target);

    // Puts every staged file in place. Throws OutputError naming the file; a failure
    // before the journal is written changes no target, a failure after it leaves the
    // journal for the next run to finish.
    void commit();

    // Finishes the set of an interrupted commit (a journal left by a killed run): renames
    // the staged files that are still there and removes the journal. Returns the targets
    // put in place. Throws OutputError when a rename fails (the journal stays).
    static std::vector<std::filesystem::path> complete_interrupted(const std::filesystem::path& journal);

private:
    std::filesystem::path journal_;
    std::deque<AtomicFile> files_;  // deque: references handed out stay valid
};

// The journal file name for a report: ".<report name>.cskpi-outputs".
std::filesystem::path output_journal_path(const std::filesystem::path& dir, const std::string& report_name);

// Staged files that a journal in `dir` names (kept by remove_stale_staged_files()).
std::set<std::filesystem::path> staged_files_named_by_journals(const std::filesystem::path& dir);

}  // namespace cskpi
