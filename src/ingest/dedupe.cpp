#include "ingest/dedupe.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <mutex>

#include "core/hash.hpp"
#include "core/threads.hpp"
#include "ingest/id_key_set.hpp"

namespace cskpi {

namespace {

std::uint64_t mix(std::uint64_t k) {  // splitmix64 finaliser: spreads numeric ids
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ull;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebull;
    return k ^ (k >> 31);
}

// A filter of the hashes seen: each hash sets two bits of one word (the word from its top
// bits, the two bits from its lowest twelve), so a hash not seen is rarely taken for one
// that was, at one cache miss. Eight bits per key keep it small enough to stay mostly in
// cache.
class HashBits {
public:
    explicit HashBits(std::size_t expected)
        : shift_(64 - std::bit_width(std::bit_ceil(std::max<std::size_t>(512, expected * 8)) / 64 - 1)),
          words_(std::size_t(1) << (64 - shift_)) {}
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&words_[hash >> shift_]); }
    bool test_and_set(std::uint64_t hash) {  // true if it may have been seen
        std::uint64_t& word = words_[hash >> shift_];
        const std::uint64_t bits = bits_of(hash);
        const bool was = (word & bits) == bits;
        word |= bits;
        return was;
    }
    bool test(std::uint64_t hash) const {
        const std::uint64_t bits = bits_of(hash);
        return (words_[hash >> shift_] & bits) == bits;
    }

private:
    static std::uint64_t bits_of(std::uint64_t hash) {
        return std::uint64_t(1) << (hash & 63) | std::uint64_t(1) << (hash >> 6 & 63);
    }

    int shift_;
    std::vector<std::uint64_t> words_;
};

// The part (thread) a key belongs to, in effect from the upper bits of its hash's low half:
// HashBits uses the top bits and the lowest twelve, so a part's keys still spread over its
// whole filter. Multiply-shift, not `%`.
unsigned part_of(std::uint64_t hash, unsigned parts) {
    return unsigned((std::uint64_t(std::uint32_t(hash)) * parts) >> 32);
}

// Which rows of a chunk belong to each part, one bit per row and part: hashing every key
// once here lets each thread then visit only its own keys, at a fraction of a byte a row.
class PartMasks {
public:
    PartMasks(std::size_t rows, unsigned parts) : words_((rows + 63) / 64), bits_(words_ * parts, 0) {}
    void set(unsigned part, std::size_t row) { bits_[part * words_ + row / 64] |= std::uint64_t(1) << (row % 64); }
    // Calls fn(row) for the part's rows, last row first. Walks set bits, not rows, so the
    // other parts' rows cost no branch.
    template <class Fn>
    void each_backwards(unsigned part, Fn&& fn) const {
        for (std::size_t w = words_; w-- > 0;)
            for (std::uint64_t word = bits_[part * words_ + w]; word != 0;) {
                const int bit = 63 - std::countl_zero(word);
                word &= ~(std::uint64_t(1) << bit);
                fn(w * 64 + std::size_t(bit));
            }
    }

private:
    std::size_t words_;
    std::vector<std::uint64_t> bits_;  // [part][word]
};

std::vector<PartMasks> masks_by_part(const KeyChunks& chunks, unsigned parts) {
    std::vector<PartMasks> out;
    out.reserve(chunks.size());
    for (const auto* keys : chunks) out.emplace_back(keys->size(), parts);
    std::atomic<std::size_t> next_chunk{0};
    run_on_threads(parts, [&](unsigned) {
        for (std::size_t c; (c = next_chunk.fetch_add(1)) < chunks.size();) {
            const auto& keys = *chunks[c];
            for (std::size_t i = 0; i < keys.size(); ++i) out[c].set(part_of(mix(keys[i]), parts), i);
        }
    });
    return out;
}

// Visits the keys of `part` from the last row of the file to the first, with their hash.
// Without `masks` (one part) that is every key.
template <class Fn>
void each_key_backwards(const KeyChunks& chunks, const std::vector<PartMasks>* masks, unsigned part, Fn&& fn) {
    for (std::size_t c = chunks.size(); c-- > 0;) {
        const auto& keys = *chunks[c];
        if (!masks) {
            for (std::size_t i = keys.size(); i-- > 0;) fn(c, i, keys[i], mix(keys[i]));
            continue;
        }
        (*masks)[c].each_backwards(part, [&](std::size_t i) { fn(c, i, keys[i], mix(keys[i])); });
    }
}

// A bitmap of 8 bits a key is the size of the hash path's filter, and fits in cache where
// the ids are sequential (1.25 MiB for 10 M).
constexpr std::uint64_t kBitsPerKey = 8;

// find_superseded over keys in [low, low + span): one bit per possible key, walked from the
// end of the file. Each thread owns a word-aligned slice of the range (so no two write one
// word) and takes the keys that fall in it; the bitmap of 10 M sequential ids is about 1 MiB.
std::vector<std::vector<bool>> superseded_in_range(const KeyChunks& chunks, std::uint64_t low, std::uint64_t span,
                                                   unsigned threads) {
    const std::uint64_t words = (span + 63) / 64;
    std::vector<std::uint64_t> seen(words, 0);
    const std::uint64_t words_per_thread = (words + threads - 1) / threads;
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> marks(threads);
    run_on_threads(threads, [&](unsigned t) {
        const std::uint64_t from = std::uint64_t(t) * words_per_thread * 64, to = from + words_per_thread * 64;
        for (std::size_t c = chunks.size(); c-- > 0;) {
            const auto& keys = *chunks[c];
            for (std::size_t i = keys.size(); i-- > 0;) {
                const std::uint64_t at = keys[i] - low;
                if (at < from || at >= to) continue;
                std::uint64_t& word = seen[at / 64];
                const std::uint64_t bit = std::uint64_t(1) << (at % 64);
                if (word & bit) marks[t].emplace_back(c, i);
                word |= bit;
            }
        }
    });
    std::vector<std::vector<bool>> superseded(chunks.size());
    for (const auto& part : marks)
        for (auto [c, i] : part) {
            if (superseded[c].empty()) superseded[c].assign(chunks[c]->size(), false);
            superseded[c][i] = true;
        }
    return superseded;
}

}  // namespace

KeyRange key_range(const KeyChunks& chunks, unsigned threads) {
    threads = std::max(1u, threads);
    std::vector<KeyRange> parts(threads);
    std::atomic<std::size_t> next_chunk{0};
    run_on_threads(threads, [&](unsigned t) {
        // Locals, written once: the parts share cache lines.
        std::uint64_t least = ~std::uint64_t(0), greatest = 0;
        std::size_t keys = 0;
        for (std::size_t c; (c = next_chunk.fetch_add(1)) < chunks.size();) {
            for (const std::uint64_t key : *chunks[c]) {
                least = std::min(least, key);
                greatest = std::max(greatest, key);
            }
            keys += chunks[c]->size();
        }
        parts[t] = {least, greatest, keys};
    });
    KeyRange out{~std::uint64_t(0), 0, 0};
    for (const auto& p : parts) {
        if (p.keys == 0) continue;
        out.least = std::min(out.least, p.least);
        out.greatest = std::max(out.greatest, p.greatest);
        out.keys += p.keys;
    }
    return out.keys == 0 ? KeyRange{} : out;
}

std::vector<std::vector<bool>> find_superseded(const KeyChunks& chunks, unsigned threads) {
    return find_superseded(chunks, key_range(chunks, threads), threads);
}

std::vector<std::vector<bool>> find_superseded(const KeyChunks& chunks, const KeyRange& range, unsigned threads) {
    const std::size_t total = range.keys;
    threads = std::max(1u, threads);
    if (range.narrow(kBitsPerKey)) return superseded_in_range(chunks, range.least, range.span(), threads);
    std::vector<std::vector<bool>> superseded(chunks.size());
    std::mutex mark_mutex;
    const std::vector<PartMasks> part_masks = threads > 1 ? masks_by_part(chunks, threads) : std::vector<PartMasks>();
    const std::vector<PartMasks>* own_masks = threads > 1 ? &part_masks : nullptr;

    // Keys are split by hash, one part per thread (each thread visits only its own, found
    // once by part_masks), and walked from the end of the file, so the first sighting of a
    // key is its last row. Most ids are unique: a first pass over a filter of hashes finds
    // the few keys that may repeat, and only those go through an exact set in a second pass.
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
        each_key_backwards(chunks, own_masks, part, [&](std::size_t, std::size_t, std::uint64_t key, std::uint64_t h) {
            seen_hashes.prefetch(h);
            batch_keys[pending] = key;
            batch_hashes[pending] = h;
            if (++pending == kBatch) flush();
        });
        flush();
        if (maybe_repeated.empty()) return;
        // The exact set is too large for the cache; a small bitmap of the candidates' hashes,
        // which stays in it, turns most keys away first. It indexes by a second bijection of
        // the hash, so keys that only shared seen_hashes' bits with a candidate rarely pass.
        const auto rehash = [](std::uint64_t h) { return fibonacci_hash(h); };
        HashBits candidate_hashes(maybe_repeated.size() * 2);
        IdKeySet candidates(maybe_repeated.size());
        for (std::uint64_t key : maybe_repeated) {
            const std::uint64_t h = mix(key);
            candidate_hashes.test_and_set(rehash(h));
            candidates.insert(key, h);
        }
        IdKeySet seen(maybe_repeated.size() * 2);
        std::vector<std::pair<std::size_t, std::size_t>> marks;
        const auto mark_repeated = [&](std::size_t c, std::size_t i, std::uint64_t key, std::uint64_t h) {
            if (candidate_hashes.test(rehash(h)) && candidates.contains(key, h) && !seen.insert(key, h))
                marks.emplace_back(c, i);
        };
        each_key_backwards(chunks, own_masks, part, mark_repeated);
        std::lock_guard lock(mark_mutex);
        for (auto [c, i] : marks) {
            if (superseded[c].empty()) superseded[c].assign(chunks[c]->size(), false);
            superseded[c][i] = true;
        }
    };
    run_on_threads(threads, work);
    return superseded;
}

}  // namespace cskpi
