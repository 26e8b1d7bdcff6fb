#pragma once
// Which agent an accepted ticket has, by the ticket's id key, in 8 bytes a ticket: the
// survey-to-agent join of the role scorecards (docs/scorecards.md) without keeping ticket
// ids. h = key * an odd constant is a bijection of 64-bit values; tickets are grouped by
// the top `bits` of h, and an entry holds the other bits of h (so the key is exact) and the
// agent index in the top bits.
#include <cstdint>
#include <vector>

namespace cskpi {

class TicketAgentIndex {
public:
    // 1. plan() with the number of tickets and the largest agent index; 2. count() every
    // ticket's key; 3. allocate(); 4. add() every ticket. Then agent_of().
    void plan(std::size_t tickets, std::uint32_t max_agent);
    void count(std::uint64_t key) { ++start_[bucket(hash(key))]; }
    void allocate();
    void add(std::uint64_t key, std::uint32_t agent);
    std::uint32_t agent_of(std::uint64_t key) const;  // 0 = no such ticket with an agent
    std::size_t size() const { return entries_.size(); }
    std::size_t bytes() const { return entries_.capacity() * 8 + start_.capacity() * 4; }  // ~8.1 a ticket

private:
    static std::uint64_t hash(std::uint64_t key) { return key * 0x9E3779B97F4A7C15ull; }
    std::size_t bucket(std::uint64_t h) const { return bits_ == 0 ? 0 : std::size_t(h >> (64 - bits_)); }
    std::uint64_t low(std::uint64_t h) const { return bits_ == 0 ? h : h & (~0ull >> bits_); }

    unsigned bits_ = 0;
    std::vector<std::uint32_t> start_;    // 2^bits + 1: first entry of each bucket
    std::vector<std::uint64_t> entries_;  // agent << (64 - bits) | low bits of h
};

}  // namespace cskpi
