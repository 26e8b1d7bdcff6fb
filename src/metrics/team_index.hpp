#pragma once
// Dense indices 0..n-1 of the team keys of a tickets export, so per-team cells can live in a
// vector: the fold looks up every row's team, and one probe of a small open-addressing
// table costs far less than a node-based hash map's division and pointer chase.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/hash.hpp"

namespace cskpi {

class TeamIndex {
public:
    static constexpr std::size_t npos = ~std::size_t(0);

    TeamIndex() = default;
    // `keys`: distinct and non-zero; key i gets index i.
    explicit TeamIndex(std::vector<std::uint32_t> keys) : keys_(std::move(keys)) {
        std::size_t capacity = 8;
        while (capacity < 2 * keys_.size()) capacity *= 2;  // at most half full: short probes
        slots_.assign(capacity, Slot{});
        for (std::size_t i = 0; i < keys_.size(); ++i) {
            std::size_t s = home(keys_[i]);
            while (slots_[s].key != 0) s = (s + 1) & (capacity - 1);
            slots_[s] = {keys_[i], std::uint32_t(i)};
        }
    }

    // The index of `key`, or npos for a key not given (including 0).
    std::size_t index_of(std::uint32_t key) const {
        if (key == 0 || slots_.empty()) return npos;
        for (std::size_t s = home(key);; s = (s + 1) & (slots_.size() - 1)) {
            if (slots_[s].key == key) return slots_[s].index;
            if (slots_[s].key == 0) return npos;
        }
    }
    std::size_t size() const { return keys_.size(); }
    std::uint32_t key(std::size_t index) const { return keys_[index]; }

private:
    struct Slot {
        std::uint32_t key = 0;  // 0 = empty
        std::uint32_t index = 0;
    };
    std::size_t home(std::uint32_t key) const {
        return std::size_t(fibonacci_hash(key) >> 32) & (slots_.size() - 1);
    }

    std::vector<std::uint32_t> keys_;
    std::vector<Slot> slots_;
};

}  // namespace cskpi
