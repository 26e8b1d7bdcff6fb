#pragma once
// The second stage of ingest: the header record. Skips a UTF-8 byte-order mark, settles the
// delimiter (configured, or sniffed from the first line), reads the header record by the
// quoting rule of csv/csv_rule.hpp, decodes its names and binds them (schema.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "ingest/csv/byte_buffer.hpp"
#include "ingest/export_stream.hpp"
#include "ingest/schema.hpp"

namespace cskpi {

struct HeaderRead {
    char delimiter = ',';
    std::vector<std::string> names;  // decoded to UTF-8, as the export spells them
    HeaderBinding binding;
    std::int64_t lines = 1;  // physical lines the header takes: data starts on line 1 + lines
    ByteBuffer rest;         // bytes read past the header: the start of the data
    bool end_of_file = false;  // `rest` holds everything that is left
};

// Reads the header from `in`, `block_bytes` at a time. `source` is the effective
// configuration (its encoding is what `in` yields). Throws InputError naming `label` for an
// empty file, a header that is not valid in the encoding, a header longer than
// `max_record_bytes`, an unclosed quote in the header or a missing required column.
HeaderRead read_header(ExportStream& in, SourceKind kind, const SourceConfig& source, const std::string& label,
                       std::size_t block_bytes, std::size_t max_record_bytes);

// The message of an unclosed quoted field (header or data), one wording for every reader.
std::string unclosed_quote_message(const std::string& label, std::int64_t line, const std::string& quoted_start);

}  // namespace cskpi
