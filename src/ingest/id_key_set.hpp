#pragma once
// A set of id keys (records.hpp id_key: never 0), open addressing with linear probing:
// a lookup is usually one cache line, where a binary search over millions of sorted keys
// misses the cache at most of its steps. The slot comes from the top bits of a hash: the
// caller's own (well mixed) hash, or hash() below.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

#include "core/hash.hpp"

namespace cskpi {

class IdKeySet {
public:
    IdKeySet() : IdKeySet(0) {}
    // Room for `expected` keys at a load of at most 2/3; inserting more than `expected`
    // keys is a caller's error (a full table would probe forever).
    explicit IdKeySet(std::size_t expected)
        : slots_(std::bit_ceil(std::max<std::size_t>(16, expected + expected / 2))) {}

    // Keys that hash alike (sequential numeric ids) must not land side by side: the slot
    // comes from the top bits of a multiplicative hash.
    static std::uint64_t hash(std::uint64_t key) { return fibonacci_hash(key); }

    bool insert(std::uint64_t key) { return insert(key, hash(key)); }
    bool insert(std::uint64_t key, std::uint64_t hash) {  // false if already present
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = slot_of(hash);; i = (i + 1) & mask) {
            if (slots_[i] == key) return false;
            if (slots_[i] == 0) {
                slots_[i] = key;
                return true;
            }
        }
    }
    bool contains(std::uint64_t key) const { return contains(key, hash(key)); }
    bool contains(std::uint64_t key, std::uint64_t hash) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = slot_of(hash);; i = (i + 1) & mask) {
            if (slots_[i] == key) return true;
            if (slots_[i] == 0) return false;
        }
    }

private:
    std::size_t slot_of(std::uint64_t hash) const {
        return std::size_t(hash >> (64 - std::countr_zero(slots_.size())));
    }
    std::vector<std::uint64_t> slots_;
};

}  // namespace cskpi
