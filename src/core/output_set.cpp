#include "core/output_set.hpp"

#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace cskpi {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view journal_suffix = ".cskpi-outputs";
constexpr std::string_view journal_header = "cskpi output set 1";

struct JournalEntry {
    fs::path staged;
    fs::path target;
};

// Line 1 the header; then "<staged>\t<target>" per file. Anything else: not a journal.
std::vector<JournalEntry> read_journal(const fs::path& journal) {
    std::ifstream in(journal, std::ios::binary);
    std::string line;
    std::vector<JournalEntry> entries;
    if (!std::getline(in, line) || line != journal_header) return entries;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        entries.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    return entries;
}

fs::path absolute_path(const fs::path& p) {
    std::error_code ec;
    const auto a = fs::absolute(p, ec);
    return ec ? p : a.lexically_normal();
}

}  // namespace

fs::path output_journal_path(const fs::path& dir, const std::string& report_name) {
    return dir / ("." + report_name + std::string(journal_suffix));
}

std::set<fs::path> staged_files_named_by_journals(const fs::path& dir) {
    std::set<fs::path> named;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= journal_suffix.size() || name.front() != '.' ||
            name.compare(name.size() - journal_suffix.size(), journal_suffix.size(), journal_suffix) != 0)
            continue;
        for (const auto& entry : read_journal(it->path())) named.insert(entry.staged);
    }
    return named;
}

OutputSet::OutputSet(fs::path journal) : journal_(std::move(journal)) {}

AtomicFile& OutputSet::stage(const fs::path& target) { return files_.emplace_back(absolute_path(target)); }

void OutputSet::commit() {
    for (auto& file : files_) file.sync();
    if (files_.size() > 1) {
        std::ostringstream text;
        text << journal_header << '\n';
        for (const auto& file : files_) text << file.temp_path().string() << '\t' << file.target_path().string() << '\n';
        AtomicFile journal(journal_);
        {
            std::ofstream out(journal.temp_path(), std::ios::binary);
            out << text.str();
            out.close();
            if (!out) throw OutputError("cannot write the commit journal " + journal_.string());
        }
        journal.commit();
        // From here the journal owns the staged files: a failed rename leaves them for the
        // next run, which completes the set.
        for (auto& file : files_) file.detach();
    }
    for (auto& file : files_) file.commit();
    if (files_.size() > 1) {
        std::error_code ec;
        fs::remove(journal_, ec);
        if (ec) throw OutputError("cannot remove the commit journal " + journal_.string() + ": " + ec.message());
        sync_directory(journal_.has_parent_path() ? journal_.parent_path() : fs::path("."), journal_.string());
    }
    files_.clear();
}

std::vector<fs::path> OutputSet::complete_interrupted(const fs::path& journal) {
    std::vector<fs::path> completed;
    std::error_code ec;
    if (!fs::exists(journal, ec)) return completed;
    for (const auto& entry : read_journal(journal)) {
        if (!fs::exists(entry.staged, ec)) continue;  // renamed before the kill
        fs::rename(entry.staged, entry.target, ec);
        if (ec)
            throw OutputError("cannot complete the outputs of an interrupted run: " + entry.target.string() + ": " +
                              ec.message());
        sync_directory(entry.target.has_parent_path() ? entry.target.parent_path() : fs::path("."),
                       entry.target.string());
        completed.push_back(entry.target);
    }
    fs::remove(journal, ec);
    if (ec) throw OutputError("cannot remove the commit journal " + journal.string() + ": " + ec.message());
    return completed;
}

}  // namespace cskpi
