#include "ingest/ticket_agent_index.hpp"

#include <stdexcept>

namespace cskpi {

void TicketAgentIndex::plan(std::size_t tickets, std::uint32_t max_agent) {
    // Room for every agent index in the entry's top bits, and 32 to 64 tickets a bucket: a
    // directory small enough to stay in cache while counting, a short scan to look up.
    unsigned bits = 1;
    while (bits < 32 && (std::uint64_t(1) << bits) <= max_agent) ++bits;
    while (bits < 30 && (std::size_t(1) << (bits + 6)) < tickets) ++bits;
    bits_ = bits;
    start_.assign((std::size_t(1) << bits_) + 1, 0);
    entries_.clear();
}

void TicketAgentIndex::allocate() {
    // start_[b] becomes the end of bucket b; add() fills each bucket backwards, so once every
    // ticket is added start_[b] is the bucket's first entry.
    std::uint32_t total = 0;
    for (auto& s : start_) {
        total += s;
        s = total;
    }
    entries_.assign(total, 0);
}

void TicketAgentIndex::add(std::uint64_t key, std::uint32_t agent) {
    const std::uint64_t h = hash(key);
    const std::size_t b = bucket(h);
    if (agent == 0 || (bits_ < 32 && agent >> bits_) != 0) throw std::logic_error("agent index out of range");
    entries_[--start_[b]] = (std::uint64_t(agent) << (64 - bits_)) | low(h);
}

std::uint32_t TicketAgentIndex::agent_of(std::uint64_t key) const {
    if (entries_.empty()) return 0;
    const std::uint64_t h = hash(key);
    const std::size_t b = bucket(h);
    const std::uint64_t want = low(h);
    for (std::uint32_t i = start_[b]; i < start_[b + 1]; ++i)
        if (low(entries_[i]) == want) return std::uint32_t(entries_[i] >> (64 - bits_));
    return 0;
}

}  // namespace cskpi
