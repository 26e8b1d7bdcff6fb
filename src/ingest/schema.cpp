#include "ingest/schema.hpp"

#include "core/errors.hpp"
#include "core/export_text.hpp"
#include "core/text.hpp"
#include "ingest/presets.hpp"

namespace cskpi {

const std::vector<ColumnSpec>& columns_of(SourceKind kind) {
    using T = FieldType;
    // The plausibility bounds of docs/contract/inputs.md: a well-formed number past them
    // (a typo, an overflow in the source system) is out_of_range, never a KPI input.
    constexpr double kMaxCount = 1000;     // contacts, reopens
    constexpr double kMaxSeconds = 86400;  // handle_time_sec, wait_sec, handle_sec: one day
    static const std::vector<ColumnSpec> tickets = {
        {"ticket_id", T::text, true},         {"created_at", T::timestamp, true},
        {"first_response_at", T::timestamp},  {"resolved_at", T::timestamp},
        {"due_at", T::timestamp},             {"priority", T::priority},
        {"channel", T::channel},              {"category", T::text},
        {"team", T::text},                    {"agent_id", T::text},
        {"customer_id", T::text},             {"customer_tier", T::tier},
        {"contacts", T::integer, false, 1, kMaxCount},   {"reopens", T::integer, false, 0, kMaxCount},
        {"complaint", T::boolean},            {"handle_time_sec", T::number, false, 0, kMaxSeconds},
    };
    static const std::vector<ColumnSpec> surveys = {
        {"survey_id", T::text, true},          {"submitted_at", T::timestamp, true},
        {"ticket_id", T::text},                {"csat", T::integer, false, 1, 5},
        {"nps", T::integer, false, 0, 10},     {"comment", T::text},
    };
    static const std::vector<ColumnSpec> agents = {
        {"agent_id", T::text, true}, {"hired_at", T::date, true}, {"left_at", T::date},
        {"team", T::text},           {"role", T::text},           {"core", T::boolean},
    };
    static const std::vector<ColumnSpec> calls = {
        {"call_id", T::text, true},           {"offered_at", T::timestamp, true},
        {"answered", T::boolean, true},       {"wait_sec", T::number, true, 0, kMaxSeconds},
        {"handle_sec", T::number, false, 0, kMaxSeconds},
    };
    switch (kind) {
        case SourceKind::tickets: return tickets;
        case SourceKind::surveys: return surveys;
        case SourceKind::agents: return agents;
        default: return calls;
    }
}

SourceKind source_kind_from_name(std::string_view name) {
    if (name == "tickets") return SourceKind::tickets;
    if (name == "surveys") return SourceKind::surveys;
    if (name == "agents") return SourceKind::agents;
    if (name == "calls") return SourceKind::calls;
    throw UsageError("unknown source '" + std::string(name) + "'");
}

std::string_view to_string(BindRule rule) {
    switch (rule) {
        case BindRule::hand_mapping: return "hand mapping";
        case BindRule::preset: return "preset";
        case BindRule::canonical_name: return "canonical name";
        case BindRule::derived: return "derived";
        default: return "not bound";
    }
}

namespace {

std::string known_columns(const std::vector<ColumnSpec>& columns) {
    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "" : ", ") + std::string(c.name);
    return names;
}

int column_index(const std::vector<ColumnSpec>& columns, std::string_view name) {
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (iequals(columns[c].name, trim(name))) return int(c);
    return -1;
}

// The first header position, not yet bound, named `wanted`; -1 when there is none.
int find_header(const std::vector<std::string>& header, const std::vector<int>& column_at,
                const std::vector<int>& derived_at, std::string_view wanted) {
    wanted = trim(wanted);
    for (std::size_t h = 0; h < header.size(); ++h) {
        if (column_at[h] != -1 || derived_at[h] != -1) continue;
        const std::string_view got = trim(header[h]);
        // Exact match first (non-ASCII names), then ASCII case-insensitive.
        if (got == wanted || iequals(got, wanted)) return int(h);
    }
    return -1;
}

}  // namespace

HeaderBinding bind_header(SourceKind kind, const std::vector<std::string>& header, const SourceConfig& source,
                          const std::string& file_label, bool require_columns) {
    const auto& columns = columns_of(kind);
    const Preset& preset = preset_for(source.preset, kind);
    for (const auto& [column, ignored] : source.column_map)
        if (column_index(columns, column) < 0)
            throw UsageError(source.name + ": column." + column + " maps no known column (known: " +
                             known_columns(columns) + ")");
    for (const auto& [column, spellings] : source.value_map) {
        const int c = column_index(columns, column);
        if (c < 0)
            throw UsageError(source.name + ": value." + column + " names no known column (known: " +
                             known_columns(columns) + ")");
        const FieldType type = columns[std::size_t(c)].type;
        const bool enumerated = type == FieldType::priority || type == FieldType::channel || type == FieldType::tier ||
                                type == FieldType::boolean;
        if (spellings.count(std::string(kCatchAllSpelling)) && !enumerated)
            throw UsageError(source.name + ": value." + column +
                             ".* applies to the enum and yes/no columns only (priority, channel, customer_tier, "
                             "complaint, core, answered)");
    }

    HeaderBinding binding;
    binding.field_count = header.size();
    binding.column_at.assign(header.size(), -1);
    binding.derived_at.assign(header.size(), -1);
    binding.present.assign(columns.size(), false);
    binding.rule.assign(columns.size(), BindRule::none);
    binding.preset_header_names.assign(columns.size(), "");
    for (const auto& pc : preset.columns)
        for (auto name : pc.headers) {
            auto& names = binding.preset_header_names[std::size_t(pc.column)];
            names += (names.empty() ? "" : ", ") + std::string(name);
        }
    BindRule current_rule = BindRule::none;
    auto bind = [&](int column, std::string_view wanted) {
        const int h = find_header(header, binding.column_at, binding.derived_at, wanted);
        if (h < 0) return false;
        binding.column_at[std::size_t(h)] = column;
        binding.present[std::size_t(column)] = true;
        binding.rule[std::size_t(column)] = current_rule;
        return true;
    };

    // Hand mappings first, so a preset never takes the header a hand mapping names.
    std::vector<bool> hand_mapped(columns.size(), false);
    current_rule = BindRule::hand_mapping;
    for (const auto& [name, wanted] : source.column_map) {
        const int c = column_index(columns, name);
        hand_mapped[std::size_t(c)] = true;
        bind(c, wanted);
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (hand_mapped[c]) continue;
        bool bound = false;
        current_rule = BindRule::preset;
        for (const auto& pc : preset.columns)
            if (pc.column == int(c))
                for (auto name : pc.headers)
                    if (!bound) bound = bind(int(c), name);
        current_rule = BindRule::canonical_name;
        if (!bound) bind(int(c), columns[c].name);
    }
    for (const auto& d : preset.derived) {
        if (binding.present[std::size_t(d.column)] || hand_mapped[std::size_t(d.column)]) continue;
        const int h = find_header(header, binding.column_at, binding.derived_at, d.header);
        if (h < 0) continue;
        binding.derived_at[std::size_t(h)] = int(binding.derived.size());
        binding.derived.push_back({d.column, d.base_column, d.unit, std::string(d.header)});
        binding.present[std::size_t(d.column)] = true;
        binding.rule[std::size_t(d.column)] = BindRule::derived;
    }
    if (preset.satisfaction) {
        // Read beside the canonical columns, never instead of one.
        for (auto name : preset.satisfaction->headers)
            if (binding.satisfaction_at < 0)
                binding.satisfaction_at = find_header(header, binding.column_at, binding.derived_at, name);
        for (auto name : preset.satisfaction->updated_headers)
            if (binding.updated_at < 0)
                binding.updated_at = find_header(header, binding.column_at, binding.derived_at, name);
        if (binding.satisfaction_at >= 0)
            binding.satisfaction_header = trim(header[std::size_t(binding.satisfaction_at)]);
    }

    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (require_columns && columns[c].required && !binding.present[c]) {
            // Export text: clipped and escaped (a 50 MB header line stays a short message).
            std::string joined;
            std::size_t total = 0;
            for (const auto& h : header) {
                total += (&h == &header.front() ? 0 : 2) + h.size();
                if (joined.size() <= kMaxQuotedBytes)
                    joined += (joined.empty() ? "" : ", ") + h.substr(0, kMaxQuotedBytes + 1);
            }
            const std::string names = clip_export_text(joined, kMaxQuotedBytes, total);
            const std::string name(columns[c].name);
            const auto mapped = source.column_map.find(name);
            std::string wanted = "'" + name + "'";
            if (mapped != source.column_map.end()) wanted += " (mapped to header '" + mapped->second + "')";
            else if (preset.name != "generic") wanted += " (preset " + std::string(preset.name) + ")";
            throw InputError(file_label + ": missing required column " + wanted + " (header has: " + names + ")");
        }
    }
    return binding;
}

}  // namespace cskpi
