#include "ingest/inspect.hpp"

#include "ingest/csv/record_scanner.hpp"
#include "ingest/export_stream.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "ingest/csv/csv_tokenizer.hpp"
#include "ingest/encoding/text_decoder.hpp"
#include "ingest/presets.hpp"

namespace cskpi {

namespace {

constexpr std::size_t kSampleBytes = std::size_t(1) << 20;  // samples come from the first MiB
constexpr std::size_t kSampleRows = 5000;

// The first `bytes` of the export as the CSV layer sees them (UTF-16 decoded as it streams).
std::string read_prefix(ExportStream& in, std::size_t bytes) {
    std::string buf(bytes, '\0');
    buf.resize(in.read(buf.data(), bytes));
    return buf;
}

std::string_view unit_name(DurationUnit u) {
    switch (u) {
        case DurationUnit::seconds: return "seconds";
        case DurationUnit::minutes: return "minutes";
        default: return "hours";
    }
}

template <class Record>
SourceReport full_read(const SourceConfig& source, const LocalSource& local, const IngestOptions& options) {
    return ingest_source<Record>(source, local, options).report;
}

}  // namespace

Inspection inspect_export(SourceKind kind, const SourceConfig& source, const LocalSource& local,
                          const IngestOptions& options) {
    Inspection out;
    out.kind = kind;
    const std::string label = source.name + " (" + local.display_uri + ")";
    SourceConfig effective = source;
    ExportStream in(local.path, parse_encoding(source.encoding), label);
    effective.encoding = std::string(to_string(in.text_encoding()));
    std::string buf = read_prefix(in, kSampleBytes);
    std::size_t skip = buf.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    const std::string_view first_line = std::string_view(buf).substr(skip, buf.find('\n', skip) - skip);
    if (trim(first_line).empty()) throw InputError(label + ": empty file (no header row)");
    out.delimiter = effective.delimiter ? effective.delimiter : sniff_delimiter(first_line);
    effective.delimiter = out.delimiter;

    // Only whole records: the prefix may end inside one.
    RecordScanner scanner(out.delimiter);
    const std::size_t cut = scanner.scan(buf.data() + skip, buf.size() - skip);
    char* const end = buf.size() < kSampleBytes || cut == 0 ? buf.data() + buf.size() : buf.data() + skip + cut;
    char* cursor = buf.data() + skip;
    const CsvTokenizer tokenizer(out.delimiter);
    FieldDecoder decoder(parse_encoding(effective.encoding));
    CsvRecord record;
    tokenizer.next(cursor, end, record);
    for (auto f : record.fields) {
        std::string scratch;
        const auto decoded = decoder.decode(f, scratch);
        if (!decoded) throw InputError(label + ": header is not valid " + effective.encoding + " (wrong encoding setting?)");
        out.header.emplace_back(*decoded);
    }
    const HeaderBinding b = bind_header(kind, out.header, effective, label, false);

    // Distinct non-empty values per header position.
    std::vector<std::vector<std::string>> samples(out.header.size());
    std::size_t rows = 0;
    while (rows < kSampleRows && tokenizer.next(cursor, end, record)) {
        if (record.blank) continue;
        ++rows;
        for (std::size_t h = 0; h < record.fields.size() && h < samples.size(); ++h) {
            if (samples[h].size() >= kInspectSamples) continue;
            std::string scratch;
            const auto decoded = decoder.decode(record.fields[h], scratch);
            if (!decoded) continue;
            const std::string v(trim(*decoded));
            if (!v.empty() && std::find(samples[h].begin(), samples[h].end(), v) == samples[h].end())
                samples[h].push_back(v);
        }
    }

    const auto& specs = columns_of(kind);
    for (std::size_t c = 0; c < specs.size(); ++c) {
        InspectedColumn col;
        col.name = std::string(specs[c].name);
        col.rule = b.rule[c];
        col.required = specs[c].required;
        for (std::size_t h = 0; h < b.column_at.size(); ++h)
            if (b.column_at[h] == int(c)) {
                col.header = out.header[h];
                col.samples = samples[h];
            }
        for (std::size_t h = 0; h < b.derived_at.size(); ++h)
            if (b.derived_at[h] >= 0 && b.derived[std::size_t(b.derived_at[h])].column == int(c)) {
                const DerivedBinding& d = b.derived[std::size_t(b.derived_at[h])];
                col.header = out.header[h];
                col.samples = samples[h];
                col.note = std::string(specs[std::size_t(d.base_column)].name) + " + " +
                           std::string(unit_name(d.unit));
            }
        if (col.rule == BindRule::none && !b.preset_header_names[c].empty())
            col.note = "preset looks for: " + b.preset_header_names[c];
        out.columns.push_back(std::move(col));
    }
    const Preset& preset = preset_for(source.preset, kind);
    if (preset.satisfaction) {
        InspectedColumn sat{"satisfaction", BindRule::none, "", "survey responses: Good = csat 5, Bad = csat 1", false, {}};
        InspectedColumn upd{"satisfaction date", BindRule::none, "", "a rating's date when the ticket has no resolution",
                            false, {}};
        if (b.satisfaction_at >= 0) {
            sat.rule = BindRule::preset;
            sat.header = out.header[std::size_t(b.satisfaction_at)];
            sat.samples = samples[std::size_t(b.satisfaction_at)];
        }
        if (b.updated_at >= 0) {
            upd.rule = BindRule::preset;
            upd.header = out.header[std::size_t(b.updated_at)];
            upd.samples = samples[std::size_t(b.updated_at)];
        }
        out.columns.push_back(std::move(sat));
        out.columns.push_back(std::move(upd));
    }
    for (std::size_t h = 0; h < out.header.size(); ++h)
        if (b.column_at[h] < 0 && b.derived_at[h] < 0 && int(h) != b.satisfaction_at && int(h) != b.updated_at)
            out.unbound.push_back(out.header[h]);

    bool complete = true;
    for (const auto& c : out.columns) complete = complete && (!c.required || c.rule != BindRule::none);
    if (complete) {
        switch (kind) {
            case SourceKind::tickets: out.report = full_read<TicketRecord>(source, local, options); break;
            case SourceKind::surveys: out.report = full_read<SurveyRecord>(source, local, options); break;
            case SourceKind::agents: out.report = full_read<AgentRecord>(source, local, options); break;
            default: out.report = full_read<CallRecord>(source, local, options); break;
        }
    }
    return out;
}

}  // namespace cskpi
