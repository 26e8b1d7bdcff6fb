#include "ingest/ticket_agent_index.hpp"

#include <algorithm>
#include <stdexcept>

namespace cskpi {

void TicketAgentIndex::plan(std::size_t tickets, std::uint32_t max_agent, unsigned writers) {
    // Room for every agent index in the entry's top bits, and 32 to 64 tickets a bucket: a
    // directory small enough to stay in cache while counting, a short scan to look up.
    unsigned bits = 1;
    while (bits < 32 && (std::uint64_t(1) << bits) <= max_agent) ++bits;
    while (bits < 30 && (std::size_t(1) << (bits + 6)) < tickets) ++bits;
    bits_ = bits;
    start_.assign((std::size_t(1) << bits_) + 1, 0);
    cursors_.assign((std::max(1u, writers) - 1) * buckets(), 0);
    entries_.clear();
}

void TicketAgentIndex::plan_range(std::uint64_t least, std::uint64_t span) {
    bits_ = 0;
    start_.clear();
    cursors_.clear();
    entries_.clear();
    least_ = least;
    agents_.assign(std::max<std::uint64_t>(span, 1), 0u);
}

void TicketAgentIndex::allocate() {
    if (by_range()) return;
    // A bucket holds writer 0's slice, then writer 1's, ... Each cursor becomes the end of
    // its writer's slice; add() fills the slice backwards, so once every ticket is added
    // start_[b] (writer 0's cursor) is the bucket's first entry.
    const unsigned writers = unsigned(cursors_.size() / buckets()) + 1;
    std::uint32_t total = 0;
    for (std::size_t b = 0; b < buckets(); ++b)
        for (unsigned w = 0; w < writers; ++w) {
            total += cursor(w, b);
            cursor(w, b) = total;
        }
    start_.back() = total;
    entries_.assign(total, 0);
}

void TicketAgentIndex::add(unsigned writer, std::uint64_t key, std::uint32_t agent) {
    if (by_range()) {
        if (agent == 0 || key - least_ >= agents_.size()) throw std::logic_error("ticket key or agent out of range");
        agents_[key - least_] = agent;
        return;
    }
    const std::uint64_t h = hash(key);
    const std::size_t b = bucket(h);
    if (agent == 0 || (bits_ < 32 && agent >> bits_) != 0) throw std::logic_error("agent index out of range");
    entries_[--cursor(writer, b)] = (std::uint64_t(agent) << (64 - bits_)) | low(h);
}

std::size_t TicketAgentIndex::size() const {
    if (!by_range()) return entries_.size();
    return std::size_t(agents_.size() - std::size_t(std::count(agents_.begin(), agents_.end(), 0u)));
}

std::uint32_t TicketAgentIndex::agent_of(std::uint64_t key) const {
    if (by_range()) return key - least_ < agents_.size() ? agents_[key - least_] : 0;
    if (entries_.empty()) return 0;
    const std::uint64_t h = hash(key);
    const std::size_t b = bucket(h);
    const std::uint64_t want = low(h);
    for (std::uint32_t i = start_[b]; i < start_[b + 1]; ++i)
        if (low(entries_[i]) == want) return std::uint32_t(entries_[i] >> (64 - bits_));
    return 0;
}

}  // namespace cskpi
