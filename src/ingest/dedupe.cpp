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
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[(hash >> 1) & (slots_.size() - 1)]); }
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

private:
    std::vector<std::uint64_t> slots_;
};

}  // namespace

std::vector<std::vector<bool>> find_superseded(const std::vector<const std::vector<std::uint64_t>*>& chunks,
                                               unsigned threads) {
    std::size_t total = 0;
    for (const auto* c : chunks) total += c->size();
    threads = std::max(1u, threads);
    std::vector<std::vector<bool>> superseded(chunks.size());
    std::mutex mark_mutex;

    // Keys are split by hash into partitions, each with its own table, walked from the end
    // of the file so the first sighting of a key is its last row. Two partitions per thread,
    // one after the other, halve the memory of the tables alive at once.
    const unsigned parts = 2 * threads;
    auto work = [&](unsigned part) {
        KeySet seen(total / parts + 1);
        std::vector<std::pair<std::size_t, std::size_t>> marks;
        // Table slots are cache misses: hash a batch, prefetch its slots, then insert.
        constexpr std::size_t kBatch = 16;
        std::uint64_t hashes[kBatch];
        for (std::size_t c = chunks.size(); c-- > 0;) {
            const auto& keys = *chunks[c];
            for (std::size_t end = keys.size(); end > 0;) {
                const std::size_t begin = end > kBatch ? end - kBatch : 0;
                for (std::size_t i = end; i-- > begin;) {
                    const std::uint64_t h = mix(keys[i]);
                    hashes[end - 1 - i] = h;
                    if (h % parts == part) seen.prefetch(h);
                }
                for (std::size_t i = end; i-- > begin;) {
                    const std::uint64_t h = hashes[end - 1 - i];
                    if (h % parts != part) continue;
                    if (!seen.insert(keys[i], h)) marks.emplace_back(c, i);
                }
                end = begin;
            }
        }
        std::lock_guard lock(mark_mutex);
        for (auto [c, i] : marks) {
            if (superseded[c].empty()) superseded[c].assign(chunks[c]->size(), false);
            superseded[c][i] = true;
        }
    };
    auto worker = [&](unsigned t) {
        for (unsigned part = t; part < parts; part += threads) work(part);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
    worker(0);
    for (auto& t : pool) t.join();
    return superseded;
}

}  // namespace cskpi
