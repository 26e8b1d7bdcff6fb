#pragma once
// "When an id repeats, the later row wins": marks every row whose id appears again later.
#include <cstdint>
#include <vector>

namespace cskpi {

using KeyChunks = std::vector<const std::vector<std::uint64_t>*>;

// The least and greatest key of the chunks and how many there are. Ids of one shape,
// numbered roughly in sequence as help desks issue them, give a range about as wide as
// their count (id_key, ingest/records.hpp): then a bitmap or an array indexed by
// key - least serves where a hash table would otherwise be needed.
struct KeyRange {
    std::uint64_t least = 0, greatest = 0;
    std::size_t keys = 0;
    std::uint64_t span() const { return keys == 0 ? 0 : greatest - least + 1; }
    // At most `per_key` slots a key (plus a little for tiny exports).
    bool narrow(std::uint64_t per_key) const { return keys > 0 && span() <= per_key * std::uint64_t(keys) + 4096; }
};
KeyRange key_range(const KeyChunks& chunks, unsigned threads);

// For each chunk (in file order), a flag per row: true = a later row has the same key.
// A chunk without such rows gets an empty vector. Keys are never 0.
std::vector<std::vector<bool>> find_superseded(const KeyChunks& chunks, unsigned threads);
// The same when the chunks' range is known already.
std::vector<std::vector<bool>> find_superseded(const KeyChunks& chunks, const KeyRange& range, unsigned threads);

}  // namespace cskpi
