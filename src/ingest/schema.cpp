#include "ingest/schema.hpp"

#include "core/errors.hpp"
#include "core/text.hpp"

namespace cskpi {

const std::vector<ColumnSpec>& columns_of(SourceKind kind) {
    using T = FieldType;
    static const std::vector<ColumnSpec> tickets = {
        {"ticket_id", T::text, true},         {"created_at", T::timestamp, true},
        {"first_response_at", T::timestamp},  {"resolved_at", T::timestamp},
        {"due_at", T::timestamp},             {"priority", T::priority},
        {"channel", T::channel},              {"category", T::text},
        {"team", T::text},                    {"agent_id", T::text},
        {"customer_id", T::text},             {"customer_tier", T::tier},
        {"contacts", T::integer, false, 1},   {"reopens", T::integer, false, 0},
        {"complaint", T::boolean},            {"handle_time_sec", T::number, false, 0},
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
        {"answered", T::boolean, true},       {"wait_sec", T::number, true, 0},
        {"handle_sec", T::number, false, 0},
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

HeaderBinding bind_header(SourceKind kind, const std::vector<std::string>& header, const SourceConfig& source,
                          const std::string& file_label) {
    const auto& columns = columns_of(kind);
    HeaderBinding binding;
    binding.field_count = header.size();
    binding.column_at.assign(header.size(), -1);
    binding.present.assign(columns.size(), false);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::string name(columns[c].name);
        const auto mapped = source.column_map.find(name);
        const std::string_view wanted = mapped != source.column_map.end() ? std::string_view(mapped->second)
                                                                          : std::string_view(name);
        for (std::size_t h = 0; h < header.size(); ++h) {
            if (binding.column_at[h] != -1) continue;
            const std::string_view got = trim(header[h]);
            // Exact match first (non-ASCII names), then ASCII case-insensitive.
            if (got == trim(wanted) || iequals(got, trim(wanted))) {
                binding.column_at[h] = int(c);
                binding.present[c] = true;
                break;
            }
        }
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].required && !binding.present[c]) {
            std::string names;
            for (const auto& h : header) names += (names.empty() ? "" : ", ") + h;
            throw InputError(file_label + ": missing required column '" + std::string(columns[c].name) +
                             "' (header has: " + names + ")");
        }
    }
    return binding;
}

}  // namespace cskpi
