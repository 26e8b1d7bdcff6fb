#include "ingest/ingest.hpp"

#include "ingest/chunk_merge.hpp"
#include "ingest/export_stream.hpp"
#include "ingest/header_reader.hpp"
#include "ingest/parallel_scan.hpp"

namespace cskpi {

namespace {

template <class Record>
constexpr SourceKind kind_of();
template <>
constexpr SourceKind kind_of<TicketRecord>() { return SourceKind::tickets; }
template <>
constexpr SourceKind kind_of<SurveyRecord>() { return SourceKind::surveys; }
template <>
constexpr SourceKind kind_of<AgentRecord>() { return SourceKind::agents; }
template <>
constexpr SourceKind kind_of<CallRecord>() { return SourceKind::calls; }

}  // namespace

template <class Record>
IngestedSource<Record> ingest_source(const SourceConfig& source, const LocalSource& local,
                                     const IngestOptions& options) {
    constexpr SourceKind kind = kind_of<Record>();
    const std::string label = source.name + " (" + local.display_uri + ")";
    IngestedSource<Record> result;
    SourceReport& report = result.report;
    report.name = source.name;
    report.uri = local.display_uri;
    report.from_cache = local.from_cache;
    report.etag = local.etag;
    report.last_modified = local.last_modified;
    report.fetched_at = local.fetched_at;

    // 1. Bytes: hashed as read; UTF-16 decoded on the fly, so the rest sees UTF-8.
    // A warehouse's COPY is comma-delimited UTF-8 whatever the section says.
    SourceConfig effective = source;
    if (local.reader) {
        effective.encoding = "utf-8";
        effective.delimiter = ',';
    }
    ExportStream in = local.reader ? ExportStream(local.reader, Encoding::utf8, label)
                                   : ExportStream(local.path, parse_encoding(source.encoding), label);
    effective.encoding = std::string(to_string(in.text_encoding()));

    // 2. Header: delimiter and column binding.
    HeaderRead header = read_header(in, kind, effective, label, options.block_bytes, options.max_record_bytes);
    result.binding = std::move(header.binding);

    // 3. Rows: blocks cut at record ends, parsed in parallel (or whole, as the reference).
    ScanSettings scan;
    scan.kind = kind;
    scan.binding = &result.binding;
    scan.source = &effective;
    scan.timezone = options.timezone;
    scan.delimiter = header.delimiter;
    scan.threads = options.threads;
    scan.block_bytes = options.block_bytes;
    scan.max_record_bytes = options.max_record_bytes;
    scan.samples_per_reason = options.samples_per_reason;
    scan.label = label;
    scan.first_line = 1 + header.lines;
    auto chunks = options.whole_file
                      ? scan_whole<Record>(in, std::move(header.rest), header.end_of_file, scan)
                      : scan_parallel<Record>(in, std::move(header.rest), header.end_of_file, scan);

    // 4. Merge: file order, duplicates, reject accounting.
    merge_chunks(chunks, MergeSettings{label, scan.first_line, options.samples_per_reason, options.threads}, result);
    report.bytes = in.bytes_read();
    report.sha256 = in.sha256_hex();
    return result;
}

template IngestedSource<TicketRecord> ingest_source(const SourceConfig&, const LocalSource&, const IngestOptions&);
template IngestedSource<SurveyRecord> ingest_source(const SourceConfig&, const LocalSource&, const IngestOptions&);
template IngestedSource<AgentRecord> ingest_source(const SourceConfig&, const LocalSource&, const IngestOptions&);
template IngestedSource<CallRecord> ingest_source(const SourceConfig&, const LocalSource&, const IngestOptions&);

}  // namespace cskpi
