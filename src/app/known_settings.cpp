#include "app/known_settings.hpp"

#include "core/config_keys.hpp"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <limits>
#include <optional>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace cskpi {

namespace {

// The keys every export section ([tickets], [surveys], [agents], [calls]) takes.
const std::vector<std::string_view> source_keys = {
    "uri", "auth", "preset", "encoding", "delimiter", "column.<field>", "value.<field>.<spelling>",
    "table", "query", "password_env",  // warehouse sources (docs/warehouse.md)
};

const std::vector<std::string_view> target_settings = {
    "gap_closure", "profile", "<kpi id>.benchmark", "<kpi id>.gap_closure", "<kpi id>.mandated",
    "<kpi id>.profile", "<kpi id>.warning", "<kpi id>.weight",
};

using Parts = std::vector<std::string>;

Parts split(std::string_view key) {
    Parts parts;
    std::size_t begin = 0;
    while (true) {
        const auto dot = key.find('.', begin);
        parts.emplace_back(key.substr(begin, dot == std::string_view::npos ? std::string_view::npos : dot - begin));
        if (dot == std::string_view::npos) return parts;
        begin = dot + 1;
    }
}

bool is_placeholder(const std::string& part) { return part.size() > 2 && part.front() == '<' && part.back() == '>'; }

// Matches key parts [k..] against pattern parts [p..]; a placeholder takes one or more parts.
bool matches(const Parts& pattern, std::size_t p, const Parts& key, std::size_t k) {
    if (p == pattern.size()) return k == key.size();
    if (k == key.size()) return false;
    if (!is_placeholder(pattern[p])) return pattern[p] == key[k] && matches(pattern, p + 1, key, k + 1);
    for (std::size_t take = 1; k + take <= key.size(); ++take)
        if (!key[k + take - 1].empty() && matches(pattern, p + 1, key, k + take)) return true;
    return false;
}

bool matches(std::string_view pattern, std::string_view key) { return matches(split(pattern), 0, split(key), 0); }

// The known key a person most likely meant: for a pattern, its fixed parts are compared
// with the key's parts in the same places and the key is shown with them put right.
std::pair<std::size_t, std::string> nearest(std::string_view pattern, std::string_view key) {
    const Parts p = split(pattern);
    if (std::none_of(p.begin(), p.end(), is_placeholder)) return {edit_distance(pattern, key), std::string(pattern)};
    Parts k = split(key);
    std::size_t distance = 0;
    // Fixed parts before the first placeholder line up from the front, those after the
    // last one from the back.
    std::size_t front = 0;
    while (front < p.size() && !is_placeholder(p[front])) ++front;
    std::size_t back = 0;
    while (back < p.size() - front && !is_placeholder(p[p.size() - 1 - back])) ++back;
    const std::size_t placeholders = p.size() - front - back;
    if (k.size() < front + back + placeholders) {
        return {edit_distance(pattern, key), std::string(pattern)};
    }
    for (std::size_t i = 0; i < front; ++i) {
        distance += edit_distance(p[i], k[i]);
        k[i] = p[i];
    }
    for (std::size_t i = 0; i < back; ++i) {
        distance += edit_distance(p[p.size() - 1 - i], k[k.size() - 1 - i]);
        k[k.size() - 1 - i] = p[p.size() - 1 - i];
    }
    std::string shown;
    for (const auto& part : k) shown += (shown.empty() ? "" : ".") + part;
    return {distance, shown};
}

const SectionKeys* find_section(std::string_view name) {
    for (const auto& s : known_settings())
        if (s.section == name) return &s;
    return nullptr;
}


}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

const std::vector<SectionKeys>& known_settings() {
    static const std::vector<SectionKeys> sections = {
        {"report", {"name", "year", "month", "timezone", "as_of", "out", "lang", "summary_json", "max_reject_rate",
                    "threads", "lock_file"}},
        {"tickets", source_keys},
        {"surveys", source_keys},
        {"agents", source_keys},
        {"calls", source_keys},
        {"input", {"delimiter"}},
        {"warehouse", {"mode"}},
        {"fetch", {"cache_dir", "offline", "ca_file", "verify_tls", "connect_timeout", "read_timeout", "attempts",
                   "max_download_mb", "max_inflate_ratio"}},
        {"metrics", {"urgent_response_min", "sla_hours_urgent", "sla_hours_high", "sla_hours_normal",
                     "sla_hours_low", "repeat_window_days", "short_abandon_sec", "service_level_sec"}},
        {"targets", target_settings},
        {"history", {"path"}},
        {"mail", {"host", "port", "tls", "user", "password_env", "auth", "from", "to", "cc", "ca_file", "verify_tls",
                  "timeout_sec", "attempts", "retry_delay_ms"}},
        {"log", {"level", "file"}},
        {"staffing", {"growth", "growth_calls", "growth_tickets", "deflection", "interval_min", "aht_sec", "sl_target",
                      "max_occupancy", "shrinkage", "ticket_occupancy", "hours_per_week", "attrition",
                      "hire_lead_months", "cost_per_fte_year", "ticket_handle_sec"}},
        {"scorecard", {"enabled", "pseudonymize", "pseudonym_key_env", "min_tickets", "cap", "star_score",
                       "improve_score", "role.<role>.<kpi id>"}},
    };
    return sections;
}

// Poco reads only ';' lines as comments; a '#' line would be a setting nobody meant.
[[noreturn]] static void throw_hash_comment(const std::string& file, const std::string& line) {
    throw UsageError(file + ": '" + line.substr(0, 60) + "...' is read as a setting: comments in a report definition " +
                     "start with ';', not '#'");
}

void check_known_settings(const Poco::Util::AbstractConfiguration& definition, const std::string& file) {
    Poco::Util::AbstractConfiguration::Keys sections;
    definition.keys("", sections);
    for (const auto& written : sections) {
        // Poco reads sections and keys case-insensitively, so the check does too.
        const std::string name = to_lower_ascii(written);
        if (name.starts_with('#')) throw_hash_comment(file, written);
        const SectionKeys* section = find_section(name);
        if (!section) {
            Poco::Util::AbstractConfiguration::Keys children;
            definition.keys(written, children);
            if (children.empty()) {
                // A key above the first section header: say where it belongs.
                for (const auto& s : known_settings())
                    if (std::any_of(s.keys.begin(), s.keys.end(), [&](std::string_view k) { return matches(k, name); }))
                        throw UsageError(file + ": setting '" + written + "' is outside any section (put it under [" +
                                         std::string(s.section) + "])");
            }
            std::string closest;
            std::size_t best = std::numeric_limits<std::size_t>::max();
            for (const auto& s : known_settings())
                if (const auto d = edit_distance(s.section, name); d < best) best = d, closest = s.section;
            throw UsageError(file + ": unknown " + (children.empty() ? "setting '" + name + "' outside a section"
                                                                      : "section [" + name + "]") +
                             " (did you mean [" + closest + "]?)");
        }
        for (const auto& written_key : keys_under(definition, written)) {
            const std::string key = to_lower_ascii(written_key);
            if (key.starts_with('#')) throw_hash_comment(file, written_key);
            if (std::any_of(section->keys.begin(), section->keys.end(),
                            [&](std::string_view known) { return matches(known, key); }))
                continue;
            std::string closest;
            std::size_t best = std::numeric_limits<std::size_t>::max();
            for (const auto& known : section->keys)
                if (auto [d, shown] = nearest(known, key); d < best) best = d, closest = shown;
            throw UsageError(file + ": unknown key '" + key + "' in [" + name + "] (did you mean " + closest + "?)");
        }
    }
}

}  // namespace cskpi
