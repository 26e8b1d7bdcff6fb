#include "ingest/header_reader.hpp"

#include <algorithm>
#include <string_view>

#include "core/errors.hpp"
#include "core/export_text.hpp"
#include "ingest/csv/csv_tokenizer.hpp"

namespace cskpi {

namespace {

// Reads up to `n` more bytes onto the end of `buffer`; sets `eof` when the export ends.
void read_more(ExportStream& in, ByteBuffer& buffer, std::size_t n, bool& eof) {
    const std::size_t old = buffer.size();
    buffer.resize(old + n);
    const std::size_t got = in.read(buffer.data() + old, n);
    buffer.resize(old + got);
    eof = got < n;
}

// One past the end of the first record of [begin, begin + size), or 0 when the bytes read so
// far cannot tell (the record may go on, or a final CR may be half of a CRLF). Tokenizes a
// copy: the tokenizer unescapes in place, and the header is tokenized again once complete.
std::size_t first_record_end(const char* begin, std::size_t size, bool eof, const CsvTokenizer& tokenizer) {
    std::string copy(begin, size);
    char* cursor = copy.data();
    char* const end = cursor + copy.size();
    CsvRecord record;
    tokenizer.next(cursor, end, record);
    if (cursor < end || eof) return std::size_t(cursor - copy.data());
    return 0;
}

}  // namespace

std::string unclosed_quote_message(const std::string& label, std::int64_t line, const std::string& quoted_start) {
    return label + ": line " + std::to_string(line) + ": the quoted field " + quoted_start +
           " opened here is never closed, so the rows after it cannot be told apart (a quote opens a field only "
           "at its start; fix or remove it)";
}

HeaderRead read_header(ExportStream& in, SourceKind kind, const SourceConfig& source, const std::string& label,
                       std::size_t block_bytes, std::size_t max_record_bytes) {
    HeaderRead h;
    ByteBuffer buffer;
    bool eof = false;
    read_more(in, buffer, std::max<std::size_t>(block_bytes, 3), eof);
    std::size_t skip = 0;
    if (buffer.size() >= 3 && std::string_view(buffer.data(), 3) == "\xEF\xBB\xBF") skip = 3;

    // The delimiter comes first: a quote opens a field only after one. Sniffing looks at the
    // first physical line and no further, so what it decides does not depend on how much of
    // the file one read brought in (found by the fuzz harness: a quote in the first line made
    // the sniffer read on into the rows).
    h.delimiter = source.delimiter;
    if (!h.delimiter) {
        auto line_end = [&] {
            return std::find_if(buffer.data() + skip, buffer.data() + buffer.size(),
                                [](char c) { return c == '\n' || c == '\r'; });
        };
        while (!eof && buffer.size() - skip < max_record_bytes && line_end() == buffer.data() + buffer.size())
            read_more(in, buffer, std::max(block_bytes, buffer.size()), eof);
        const char* first = buffer.data() + skip;
        const std::size_t length = std::min<std::size_t>(std::size_t(line_end() - first), max_record_bytes);
        h.delimiter = sniff_delimiter(std::string_view(first, length));
    }
    const CsvTokenizer tokenizer(h.delimiter);

    // Tokenize a growing window until it holds the whole header record.
    std::size_t window = 4096;
    std::size_t header_end = skip;
    for (;;) {
        while (!eof && buffer.size() - skip < window) read_more(in, buffer, std::max(block_bytes, window), eof);
        const std::size_t size = std::min(window, buffer.size() - skip);
        const bool all = eof && size == buffer.size() - skip;
        if (const std::size_t end = first_record_end(buffer.data() + skip, size, all, tokenizer)) {
            header_end = skip + end;
            break;
        }
        if (all) break;  // empty after the byte-order mark
        if (size > max_record_bytes)
            throw InputError(label + ": the header row is longer than " + std::to_string(max_record_bytes >> 20) +
                             " MiB (not a CSV export, or a quote that never closes)");
        window *= 2;
    }
    const std::string_view header_text(buffer.data() + skip, header_end - skip);
    if (header_text.find_first_not_of("\r\n") == std::string_view::npos)
        throw InputError(label + ": empty file (no header row)");

    CsvRecord record;
    char* cursor = buffer.data() + skip;
    tokenizer.next(cursor, buffer.data() + header_end, record);
    if (record.open_quote)
        throw InputError(unclosed_quote_message(label, 1 + record.open_quote_line,
                                                quote_export_text(record.fields.back().substr(0, 40), 40)));
    h.lines = std::max(1, record.line_breaks);
    FieldDecoder decoder(in.text_encoding());
    for (auto f : record.fields) {
        std::string scratch;
        const auto decoded = decoder.decode(f, scratch);
        if (!decoded)
            throw InputError(label + ": header is not valid " + std::string(to_string(in.text_encoding())) +
                             " (wrong encoding setting?)");
        h.names.emplace_back(*decoded);
    }
    h.binding = bind_header(kind, h.names, source, label);
    h.rest.assign(buffer.data() + header_end, buffer.size() - header_end);
    h.end_of_file = eof;
    return h;
}

}  // namespace cskpi
