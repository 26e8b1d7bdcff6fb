#include "ingest/spelling_tally.hpp"

#include <algorithm>

namespace cskpi {

void SpellingTally::count(const std::string& column, const std::string& spelling, std::int64_t rows,
                          std::int64_t line, const std::string& read_as) {
    auto it = entries_.find({column, spelling});
    if (it == entries_.end()) {
        if (!spelling.empty() && distinct_[column] >= kMaxPerColumn) {
            count(column, "", rows, line, read_as);  // past the limit: one entry for the rest
            return;
        }
        if (!spelling.empty()) ++distinct_[column];
        it = entries_.emplace(std::make_pair(column, spelling), Entry{0, line, read_as}).first;
    }
    it->second.count += rows;
    it->second.first_line = std::min(it->second.first_line, line);
}

void SpellingTally::add(const std::vector<SpellingEvent>& events, std::int64_t line) {
    for (const auto& e : events) count(std::string(e.column), std::string(e.text), 1, line, std::string(e.mapped_to));
}

void SpellingTally::merge(const SpellingTally& later, std::int64_t line_offset) {
    for (const auto& [key, e] : later.entries_) count(key.first, key.second, e.count, e.first_line + line_offset, e.read_as);
}

std::vector<UnknownSpelling> SpellingTally::listing() const {
    std::vector<UnknownSpelling> out;
    for (const auto& [key, e] : entries_) out.push_back({key.first, key.second, e.count, e.first_line, e.read_as});
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.column != b.column) return a.column < b.column;
        if (a.spelling.empty() != b.spelling.empty()) return b.spelling.empty();  // the rest last
        if (a.count != b.count) return a.count > b.count;
        return a.first_line < b.first_line;
    });
    return out;
}

std::string value_line(const UnknownSpelling& u) {
    return "value." + u.column + "." + u.spelling + " = ";
}

std::string quote_export_text(std::string_view text) {
    constexpr std::size_t kMax = 200;
    std::string out = "'";
    std::size_t i = 0;
    for (; i < text.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += char(c);
        }
    }
    if (i < text.size()) {
        // Do not end inside a UTF-8 sequence.
        while (out.size() > 1 && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (out.size() > 1 && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
        out += "…";
    }
    return out + "'";
}

std::string describe(const UnknownSpelling& u) {
    std::string s = u.column + " ";
    s += u.spelling.empty() ? std::string("(more spellings)") : quote_export_text(u.spelling);
    s += ": " + std::to_string(u.count) + (u.count == 1 ? " row" : " rows") + ", first line " +
         std::to_string(u.first_line);
    if (!u.read_as.empty()) s += ", read as " + u.read_as;
    else if (u.column == "priority" || u.column == "channel" || u.column == "customer_tier" ||
             u.column == "complaint" || u.column == "core" || u.column == "answered")
        s += ", rejected (bad_enum)";
    else s += ", not counted";
    if (!u.spelling.empty() && u.column.find(' ') == std::string::npos)
        s += "; add: " + value_line(u) + "<value>";
    return s;
}

}  // namespace cskpi
