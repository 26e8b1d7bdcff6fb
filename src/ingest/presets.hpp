#pragma once
// Presets: how other help desks' exports name the canonical columns of docs/contract/inputs.md and spell
// their values. docs/presets.md is the table of every mapping and where the names come from.
#include <optional>
#include <string_view>
#include <vector>

#include "ingest/schema.hpp"

namespace cskpi {

// The canonical column comes from the first of `headers` the export has.
struct PresetColumn {
    int column;
    std::vector<std::string_view> headers;
};

// column = base_column + the duration in `header`, for exports that give a duration where
// docs/contract/inputs.md wants a timestamp. Used only when the export has no column for the timestamp.
struct PresetDerived {
    int column;
    int base_column;
    std::string_view header;
    DurationUnit unit;
};

// A value as the tool writes it -> the canonical spelling (English ones match
// case-insensitively). Applies before the field is parsed, so it serves enums, bools and
// numbers alike.
struct PresetSpelling {
    int column;
    std::string_view spelling;
    std::string_view canonical;
};

// `value.<column>.* = <canonical>`: a non-empty value that no spelling knows reads as
// `canonical` instead of rejecting the row (enum and yes/no columns only).
struct PresetCatchAll {
    int column;
    std::string_view canonical;
};

// A satisfaction rating on the ticket itself (Zendesk's "Satisfaction Score"): a rated
// ticket is also a survey response, dated at its resolution, else at `updated_header`.
struct PresetSatisfaction {
    std::vector<std::string_view> headers;        // the rating column, first found
    std::vector<std::string_view> updated_headers;  // the ticket's last update, first found
    std::vector<PresetSpelling> scores;            // spelling -> csat "1".."5"; column unused
    std::vector<std::string_view> not_rated;       // spellings that are not a response
};

struct Preset {
    std::string_view name;
    std::vector<PresetColumn> columns;
    std::vector<PresetDerived> derived;
    std::vector<PresetSpelling> spellings;
    std::vector<PresetCatchAll> catch_alls = {};
    std::optional<PresetSatisfaction> satisfaction = {};
};

// The name of the catch-all spelling: `value.<column>.* = <canonical>`.
inline constexpr std::string_view kCatchAllSpelling = "*";

// The preset `name` (case-insensitive) for exports of `kind`. A preset that has no mapping
// for a kind reads it by the canonical names. Throws UsageError for an unknown name.
const Preset& preset_for(std::string_view name, SourceKind kind);

// A duration in milliseconds: a decimal number of `unit`, or hours:minutes[:seconds]
// ("26:05:30"), the clock form Freshdesk writes its "(in hrs)" columns in. nullopt when the
// text is neither; a negative number is returned as such for the caller to reject.
std::optional<double> parse_duration_ms(std::string_view text, DurationUnit unit);

}  // namespace cskpi
