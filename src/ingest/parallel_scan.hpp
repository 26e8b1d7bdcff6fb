#pragma once
// The third stage of ingest: the data rows. The calling thread reads blocks from the
// export stream and cuts each at its last record end (csv/record_scanner.hpp); worker
// threads parse the blocks (chunk_parser.hpp). The queue between them is bounded and the
// block buffers are recycled, so the file is never held in memory.
#include <cstdint>
#include <string>
#include <vector>

#include "ingest/chunk_result.hpp"
#include "ingest/csv/byte_buffer.hpp"
#include "ingest/export_stream.hpp"
#include "ingest/records.hpp"
#include "ingest/schema.hpp"

namespace cskpi {

struct ScanSettings {
    SourceKind kind = SourceKind::tickets;
    const HeaderBinding* binding = nullptr;
    const SourceConfig* source = nullptr;  // effective: its encoding is what the stream yields
    std::string timezone;
    char delimiter = ',';
    unsigned threads = 2;
    std::size_t block_bytes = std::size_t(2) << 20;
    std::size_t max_record_bytes = std::size_t(64) << 20;
    std::size_t samples_per_reason = 10;
    std::string label;            // the export in messages
    std::int64_t first_line = 2;  // the line `head` starts on
};

// Parses `head` (the bytes read past the header) and the rest of `in`, in blocks. Returns
// one result per block, in file order. Throws InputError when a row is longer than
// max_record_bytes, naming its line (or the line of a quote that opened and never closed).
template <class Record>
std::vector<ChunkResult<Record>> scan_parallel(ExportStream& in, ByteBuffer head, bool end_of_file,
                                               const ScanSettings& settings);

// The reference for scan_parallel: reads the rest of `in` whole and parses it as one block
// on the calling thread.
template <class Record>
std::vector<ChunkResult<Record>> scan_whole(ExportStream& in, ByteBuffer head, bool end_of_file,
                                            const ScanSettings& settings);

}  // namespace cskpi
