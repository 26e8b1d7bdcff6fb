#include "ingest/dedupe.hpp"

#include <algorithm>
#include <bit>
#include <mutex>
#include <thread>

namespace cskpi {

namespace {

std::uint64_t mix(std::uint64_t k) {  // splitmix64 finaliser: spreads numeric ids
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ull;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebull;
    return k ^ (k >> 31);
}

// Open addressing set of non-zero keys with linear probing.
class KeySet {
public:
    explicit KeySet(std::size_t expected) : slots_(std::bit_ceil(std::max<std::size_t>(16, expected + expected / 2))) {}
    bool insert(std::uint64_t key, std::uint64_t hash) {  // false if present
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = (hash >> 1) & mask;; i = (i + 1) & mask) {
            if (slots_[i] == key) return false;
            if (slots_[i] == 0) {
                slots_[i] = key;
                return true;
            }
        }
    }
    bool contains(std::uint64_t key, std::uint64_t hash) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = (hash >> 1) & mask;; i = (i + 1) & mask) {
            if (slots_[i] == key) return true;
            if (slots_[i] == 0) return false;
        }
    }

private:
    std::vector<std::uint64_t> slots_;
};

// One bit per hash value: a set bit means "a key with this hash was seen". Eight bits per
// key keep it small enough to stay mostly in cache.
class HashBits {
public:
    explicit HashBits(std::size_t expected)
        : shift_(64 - std::bit_width(std::bit_ceil(std::max<std::size_t>(512, expected * 8)) - 1)),
          words_((std::uint64_t(1) << (64 - shift_)) / 64) {}
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&words_[(hash >> shift_) >> 6]); }
    bool test_and_set(std::uint64_t hash) {  // true if it was already set
        const std::uint64_t bit = hash >> shift_;
        std::uint64_t& word = words_[bit >> 6];
        const std::uint64_t mask = std::uint64_t(1) << (bit & 63);
        const bool was = word & mask;
        word |= mask;
        return was;
    }

private:
    int shift_;
    std::vector<std::uint64_t> words_;
};

// Visits the keys of `part` from the last row of the file to the first, with their hash.
template <class Fn>
void each_key_backwards(const std::vector<const std::vector<std::uint64_t>*>& chunks, unsigned parts, unsigned part,
                        Fn&& fn) {
    for (std::size_t c = chunks.size(); c-- > 0;) {
        const auto& keys = *chunks[c];
        for (std::size_t i = keys.size(); i-- > 0;) {
            const std::uint64_t h = mix(keys[i]);
            if (h % parts == part) fn(c, i, keys[i], h);
        }
    }
}

}  // namespace

std::vector<std::vector<bool>> find_superseded(const std::vector<const std::vector<std::uint64_t>*>& chunks,
                                               unsigned threads) {
    std::size_t total = 0;
    for (const auto* c : chunks) total += c->size();
    threads = std::max(1u, threads);
    std::vector<std::vector<bool>> superseded(chunks.size());
    std::mutex mark_mutex;

    // Keys are split by hash, one part per thread, and walked from the end of the file, so
    // the first sighting of a key is its last row. Most ids are unique: a first pass over a
    // bitmap of hashes finds the few keys that may repeat, and only those go through an
    // exact set in a second pass.
    auto work = [&](unsigned part) {
        HashBits seen_hashes(total / threads + 1);
        std::vector<std::uint64_t> maybe_repeated;
        // Bits are cache misses: hash a batch of keys, prefetch their words, then test them.
        constexpr std::size_t kBatch = 16;
        std::uint64_t batch_keys[kBatch], batch_hashes[kBatch];
        std::size_t pending = 0;
        const auto flush = [&] {
            for (std::size_t b = 0; b < pending; ++b)
                if (seen_hashes.test_and_set(batch_hashes[b])) maybe_repeated.push_back(batch_keys[b]);
            pending = 0;
        };
        each_key_backwards(chunks, threads, part, [&](std::size_t, std::size_t, std::uint64_t key, std::uint64_t h) {
            seen_hashes.prefetch(h);
            batch_keys[pending] = key;
            batch_hashes[pending] = h;
            if (++pending == kBatch) flush();
        });
        flush();
        if (maybe_repeated.empty()) return;
        KeySet candidates(maybe_repeated.size());
        for (std::uint64_t key : maybe_repeated) candidates.insert(key, mix(key));
        KeySet seen(maybe_repeated.size() * 2);
        std::vector<std::pair<std::size_t, std::size_t>> marks;
        each_key_backwards(chunks, threads, part, [&](std::size_t c, std::size_t i, std::uint64_t key, std::uint64_t h) {
            if (candidates.contains(key, h) && !seen.insert(key, h)) marks.emplace_back(c, i);
        });
        std::lock_guard lock(mark_mutex);
        for (auto [c, i] : marks) {
            if (superseded[c].empty()) superseded[c].assign(chunks[c]->size(), false);
            superseded[c][i] = true;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool) t.join();
    return superseded;
}

}  // namespace cskpi
