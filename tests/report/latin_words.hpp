#pragma once
// Finds English left in Chinese reader-facing text: runs of two or more Latin letters that
// are not on the allow-list (KPI ids, acronyms, units, file names, URLs and text that came
// from the exports themselves).
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cskpi::test {

// Acronyms and units a Chinese reader sees as they are.
inline const std::set<std::string, std::less<>>& allowed_latin_words() {
    static const std::set<std::string, std::less<>> words = {
        "KPI", "CSAT", "NPS", "SLA", "FCR", "SHRM", "SHA", "ID", "Q1", "Q2", "Q3", "Q4", "YoY", "HubSpot",
        "UTC", "CST", "AM", "PM", "xlsx", "csv", "json", "eml", "http", "https", "file", "cskpi", "sha256",
        // Export column names of docs/contract/inputs.md without an underscore, as reject
        // details name them.
        "priority", "channel", "category", "team", "contacts", "reopens", "complaint", "csat", "nps", "comment",
        "role", "core", "answered"};
    return words;
}

// Words of two or more ASCII letters in `text`, skipping tokens that hold a '.', '/', '@',
// '_', ':' or a digit (KPI ids, paths, URLs, column names, codes such as A00017).
inline std::vector<std::string> latin_words(std::string_view text,
                                            const std::set<std::string, std::less<>>& extra = {}) {
    std::vector<std::string> found;
    std::size_t i = 0;
    const auto is_token_char = [](unsigned char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '/' || c == '@' || c == ':' || c == '-';
    };
    while (i < text.size()) {
        if (!is_token_char(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && is_token_char(static_cast<unsigned char>(text[j]))) ++j;
        std::string token(text.substr(i, j - i));
        i = j;
        // Trailing sentence punctuation is not part of the token.
        while (!token.empty() && (token.back() == '.' || token.back() == ':' || token.back() == '-')) token.pop_back();
        if (token.find_first_of("._/@:0123456789") != std::string::npos) continue;
        std::string letters;
        for (char c : token) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) letters += c;
            else {
                if (letters.size() >= 2 && !allowed_latin_words().count(letters) && !extra.count(letters))
                    found.push_back(letters);
                letters.clear();
            }
        }
        if (letters.size() >= 2 && !allowed_latin_words().count(letters) && !extra.count(letters))
            found.push_back(letters);
    }
    return found;
}

}  // namespace cskpi::test
