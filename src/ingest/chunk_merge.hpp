#pragma once
// The last stage of ingest: puts the parsed blocks in file order. Rebases their lines,
// stops the run at a quoted field that never closes, lets the later of two rows with one
// id win (the earlier is rejected as duplicate_id), and counts and samples the rejects.
#include <cstdint>
#include <string>
#include <vector>

#include "ingest/chunk_result.hpp"
#include "ingest/ingest.hpp"

namespace cskpi {

struct MergeSettings {
    std::string label;            // the export in messages
    std::int64_t first_line = 2;  // the line the first block starts on
    std::size_t samples_per_reason = 10;
    unsigned threads = 2;         // for the duplicate search
};

// Moves the rows of `chunks` into `out` (chunks, team names, key tiers) and fills the row
// accounting of out.report. Throws InputError when a block ends inside an open quoted field.
template <class Record>
void merge_chunks(std::vector<ChunkResult<Record>>& chunks, const MergeSettings& settings,
                  IngestedSource<Record>& out);

}  // namespace cskpi
