#pragma once
// Parses one block of whole records into typed rows and rejects: the unit of work of the
// parallel scan and of the whole-file read alike.
#include <cstddef>

#include "ingest/agent_numbering.hpp"
#include "ingest/chunk_result.hpp"
#include "ingest/csv/csv_tokenizer.hpp"
#include "ingest/row_parser.hpp"

namespace cskpi {

// [begin, end) starts at a record start; its bytes are unescaped in place. `out` is empty.
// `agents` numbers the tickets' agents; the same one serves every block of a parser.
template <class Record>
void parse_chunk(char* begin, char* end, RowParser& parser, AgentNumbering& agents, const CsvTokenizer& tokenizer,
                 std::size_t samples_per_reason, ChunkResult<Record>& out);

}  // namespace cskpi
