#pragma once
// The canonical columns of each export (inputs.md) and how an export's header binds to them.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/kpi_catalog.hpp"
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

// Column indexes into columns_of(kind), in the order of inputs.md.
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

// Which header position feeds which canonical column.
struct HeaderBinding {
    std::vector<int> column_at;  // header position -> column index, -1 = ignored
    std::vector<bool> present;   // column index -> the export has it
    std::size_t field_count = 0;
    bool has(int column) const { return present[std::size_t(column)]; }
};

// Header names match case-insensitively after trimming; `column.<name>` entries of the
// source's configuration name the header of a canonical column by hand. Throws InputError
// when a required column is missing.
HeaderBinding bind_header(SourceKind kind, const std::vector<std::string>& header, const SourceConfig& source,
                          const std::string& file_label);

SourceKind source_kind_from_name(std::string_view name);  // throws UsageError

}  // namespace cskpi
