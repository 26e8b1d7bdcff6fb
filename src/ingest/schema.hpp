#pragma once
// The canonical columns of each export (docs/contract/inputs.md) and how an export's header binds to them.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "model/kpi_catalog.hpp"
#include "sources/source.hpp"

namespace cskpi {

enum class FieldType : std::uint8_t { text, timestamp, date, boolean, integer, number, priority, channel, tier };

struct ColumnSpec {
    std::string_view name;
    FieldType type;
    bool required = false;
    double min = -std::numeric_limits<double>::infinity();  // out_of_range below
    double max = std::numeric_limits<double>::infinity();   // out_of_range above
};

// Column indexes into columns_of(kind), in the order of docs/contract/inputs.md.
namespace tickets_col {
enum : int { ticket_id, created_at, first_response_at, resolved_at, due_at, priority, channel, category, team,
             agent_id, customer_id, customer_tier, contacts, reopens, complaint, handle_time_sec, count };
}
namespace surveys_col {
enum : int { survey_id, submitted_at, ticket_id, csat, nps, comment, count };
}
namespace agents_col {
enum : int { agent_id, hired_at, left_at, team, role, core, count };
}
namespace calls_col {
enum : int { call_id, offered_at, answered, wait_sec, handle_sec, count };
}

const std::vector<ColumnSpec>& columns_of(SourceKind kind);

enum class DurationUnit : std::uint8_t { seconds, minutes, hours };

// A canonical timestamp the export gives only as a duration after another timestamp
// (Zendesk's "First reply time in minutes"): column = base_column + the duration.
struct DerivedBinding {
    int column;
    int base_column;
    DurationUnit unit;
    std::string header;  // the duration column's name in the export, for messages
};

// How a canonical column found its header (docs/presets.md "How a header binds").
enum class BindRule : std::uint8_t { none, hand_mapping, preset, canonical_name, derived };
std::string_view to_string(BindRule rule);

// Which header position feeds which canonical column.
struct HeaderBinding {
    std::vector<int> column_at;  // header position -> column index, -1 = ignored
    std::vector<bool> present;   // column index -> the export has it (directly or derived)
    std::size_t field_count = 0;
    std::vector<int> derived_at;          // header position -> index into derived, -1 = none
    std::vector<DerivedBinding> derived;  // only for columns the export does not give directly
    std::vector<BindRule> rule;           // column index -> how it bound
    std::vector<std::string> preset_header_names;  // column index -> the preset's names, ", "-joined
    // The preset's ticket satisfaction rating (presets.hpp): header positions, -1 = none.
    int satisfaction_at = -1;
    int updated_at = -1;
    std::string satisfaction_header;  // as the export writes it
    bool has(int column) const { return present[std::size_t(column)]; }
};

// Binds by, in order: the `column.<name>` entries of the source's configuration (a hand
// mapping always wins), the preset's header names (presets.hpp), the canonical name.
// Names match case-insensitively after trimming. A preset's derived timestamps bind only
// when their column is not bound directly. Throws UsageError for an unknown preset or a
// hand mapping of an unknown column, InputError when a required column is missing.
// With `require_columns` false, a missing required column is left unbound (for inspect).
HeaderBinding bind_header(SourceKind kind, const std::vector<std::string>& header, const SourceConfig& source,
                          const std::string& file_label, bool require_columns = true);

SourceKind source_kind_from_name(std::string_view name);  // throws UsageError

}  // namespace cskpi
