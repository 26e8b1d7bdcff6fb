#pragma once
// Which agent an accepted ticket has, by the ticket's id key, in 8 bytes a ticket (or 4 a
// slot when the keys are sequential: plan_range): the
// survey-to-agent join of the role scorecards (docs/scorecards.md) without keeping ticket
// ids. h = key * an odd constant is a bijection of 64-bit values; tickets are grouped by
// the top `bits` of h, and an entry holds the other bits of h (so the key is exact) and the
// agent index in the top bits.
#include <cstdint>
#include <vector>

#include "core/hash.hpp"

namespace cskpi {

class TicketAgentIndex {
public:
    // 1. plan() with the number of tickets, the largest agent index and the number of
    // writers; 2. count() every ticket's key, by the writer that will add it; 3. allocate();
    // 4. add() every ticket; 5. finish(). Then agent_of(). Writers may count, and add, on
    // separate threads at once: each fills its own slice of every bucket.
    void plan(std::size_t tickets, std::uint32_t max_agent, unsigned writers = 1);
    // Instead of plan() when every key lies in [least, least + span) and span is at most a
    // few times the tickets (sequential ids): one agent slot per possible key, 4 bytes, no
    // counting; count() and allocate() do nothing.
    void plan_range(std::uint64_t least, std::uint64_t span);
    bool by_range() const { return !agents_.empty(); }
    void count(unsigned writer, std::uint64_t key) {
        if (!by_range()) ++cursor(writer, bucket(hash(key)));
    }
    void count(std::uint64_t key) { count(0, key); }
    void allocate();
    void add(unsigned writer, std::uint64_t key, std::uint32_t agent);
    void add(std::uint64_t key, std::uint32_t agent) { add(0, key, agent); }
    void finish() { std::vector<std::uint32_t>().swap(cursors_); }  // the other writers' cursors
    std::uint32_t agent_of(std::uint64_t key) const;  // 0 = no such ticket with an agent
    std::size_t size() const;                          // tickets indexed (by range: counts the slots)
    std::size_t bytes() const {  // ~8.1 a ticket, or 4 a slot by range
        return entries_.capacity() * 8 + (start_.capacity() + cursors_.capacity() + agents_.capacity()) * 4;
    }

private:
    static std::uint64_t hash(std::uint64_t key) { return fibonacci_hash(key); }
    std::size_t bucket(std::uint64_t h) const { return bits_ == 0 ? 0 : std::size_t(h >> (64 - bits_)); }
    std::uint64_t low(std::uint64_t h) const { return bits_ == 0 ? h : h & (~0ull >> bits_); }
    std::size_t buckets() const { return start_.size() - 1; }
    // Writer 0 counts and fills in start_ itself, so one writer needs nothing more.
    std::uint32_t& cursor(unsigned writer, std::size_t b) {
        return writer == 0 ? start_[b] : cursors_[(writer - 1) * buckets() + b];
    }

    unsigned bits_ = 0;
    std::vector<std::uint32_t> start_;    // 2^bits + 1: first entry of each bucket
    std::vector<std::uint64_t> entries_;  // agent << (64 - bits) | low bits of h
    std::vector<std::uint32_t> cursors_;  // writers 1.. : [writer - 1][bucket], until finish()
    std::uint64_t least_ = 0;
    std::vector<std::uint32_t> agents_;   // by range: the agent of key least_ + i, 0 = none
};

}  // namespace cskpi
