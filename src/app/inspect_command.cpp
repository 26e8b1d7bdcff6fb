#include "app/inspect_command.hpp"

#include <iomanip>
#include <ostream>

#include "core/errors.hpp"
#include "ingest/inspect.hpp"
#include "ingest/schema.hpp"
#include "ingest/spelling_tally.hpp"

namespace cskpi {

namespace {

std::string delimiter_setting(char d) {
    if (d == '\t') return "tab";
    return std::string(1, d);
}

// The values a `value.` line of the column may name.
std::string choices(SourceKind kind, const std::string& column) {
    for (const auto& spec : columns_of(kind)) {
        if (spec.name != column) continue;
        switch (spec.type) {
            case FieldType::priority: return "urgent|high|normal|low";
            case FieldType::channel: return "phone|chat|email|social|web|other";
            case FieldType::tier: return "key|potential|regular";
            case FieldType::boolean: return "yes|no";
            default: return "<value>";
        }
    }
    return "<value>";
}

std::string joined_samples(const std::vector<std::string>& samples) {
    std::string s;
    for (const auto& v : samples) s += (s.empty() ? "" : ", ") + quote_export_text(v.substr(0, 40));
    return s;
}

bool show(const SourceConfig& source, const Inspection& in, const std::string& display_uri, std::ostream& out) {
    const bool generic_preset = source.preset.empty() || source.preset == "generic";
    out << source.name << " (" << display_uri << "): preset " << (generic_preset ? "generic" : source.preset)
        << ", encoding " << source.encoding << ", delimiter " << quote_export_text(delimiter_setting(in.delimiter))
        << ", " << in.header.size() << " columns in the header\n\n";

    out << "  " << std::left << std::setw(20) << "column" << std::setw(16) << "bound by"
        << "export header (samples)\n";
    bool complete = true;
    for (const auto& c : in.columns) {
        const std::string name = c.name + (c.required ? " *" : "");
        out << "  " << std::left << std::setw(20) << name << std::setw(16) << to_string(c.rule);
        if (c.rule == BindRule::none) {
            out << "-";
            if (c.required) {
                out << "  REQUIRED: add column." << c.name << " = <header>";
                complete = false;
            }
        } else {
            out << quote_export_text(c.header);
            if (!c.samples.empty()) out << "  (" << joined_samples(c.samples) << ")";
        }
        if (!c.note.empty()) out << "  [" << c.note << "]";
        out << "\n";
    }
    out << "  * required\n\n";

    out << "  export columns not read (" << in.unbound.size() << "):";
    for (std::size_t i = 0; i < in.unbound.size(); ++i) out << (i ? ", " : " ") << quote_export_text(in.unbound[i]);
    out << "\n\n";

    const SourceReport& r = in.report;
    if (complete) {
        out << "  rows: " << r.rows_read << " read, " << r.rows_accepted << " accepted, " << r.rows_rejected
            << " rejected";
        for (const auto& [reason, n] : r.rejects) out << "; " << to_string(reason) << " " << n;
        out << "\n";
        if (r.unknown_spellings.empty()) {
            out << "  unknown values: none\n";
        } else {
            out << "  unknown values:\n";
            for (const auto& u : r.unknown_spellings) out << "    " << describe(u) << "\n";
        }
    } else {
        out << "  rows: not read, a required column does not bind (a run stops with exit 3)\n";
    }

    out << "\n  report-definition section (paste, then fill in the commented lines you need):\n\n";
    out << "[" << source.name << "]\n";
    out << "uri = " << display_uri << "\n";
    if (!source.auth.empty()) out << "auth = " << source.auth << "\n";
    if (!generic_preset) out << "preset = " << source.preset << "\n";
    if (source.encoding != "utf-8") out << "encoding = " << source.encoding << "\n";
    if (in.delimiter != ',') out << "delimiter = " << delimiter_setting(in.delimiter) << "\n";
    for (const auto& [column, header] : source.column_map) out << "column." << column << " = " << header << "\n";
    for (const auto& c : in.columns)
        if (c.rule == BindRule::none && c.name.find(' ') == std::string::npos && c.name != "satisfaction")
            out << "; column." << c.name << " = <header>" << (c.required ? "   (required)\n" : "\n");
    for (const auto& [column, spellings] : source.value_map)
        for (const auto& [spelling, canonical] : spellings)
            out << "value." << column << "." << spelling << " = " << canonical << "\n";
    for (const auto& u : r.unknown_spellings) {
        if (u.spelling.empty() || u.column.find(' ') != std::string::npos) continue;
        // A value a catch-all read is pinned to that value; the rest need a choice.
        if (!u.read_as.empty()) out << value_line(u) << u.read_as << "\n";
        else out << "; " << value_line(u) << choices(in.kind, u.column) << "\n";
    }
    out << "\n";
    return complete;
}

}  // namespace

int run_inspect(const RunConfig& config, std::ostream& out) {
    if (config.sources.empty())
        throw UsageError("nothing to inspect (--tickets PATH, --surveys, --agents, --calls or --config)");
    bool complete = true;
    for (const auto& source : config.sources) {
        const LocalSource local = resolve_source(source, config.fetch);
        IngestOptions options;
        options.timezone = config.timezone;
        options.threads = config.threads;
        const Inspection in = inspect_export(source_kind_from_name(source.name), source, local, options);
        complete = show(source, in, local.display_uri, out) && complete;
    }
    return complete ? 0 : int(ExitCode::input);
}

}  // namespace cskpi
