#pragma once
// "When an id repeats, the later row wins": marks every row whose id appears again later.
#include <cstdint>
#include <vector>

namespace cskpi {

// For each chunk (in file order), a flag per row: true = a later row has the same key.
// A chunk without such rows gets an empty vector. Keys are never 0.
std::vector<std::vector<bool>> find_superseded(const std::vector<const std::vector<std::uint64_t>*>& chunks,
                                               unsigned threads);

}  // namespace cskpi
