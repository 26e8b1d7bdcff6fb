#pragma once
// Numbers the agent ids one parser meets over all the blocks it parses. A block keeps only
// the names its parser numbered in it, so the agents are listed once per parser thread,
// not once per block: 3,000 agents over the 700 blocks of 10 M tickets were 150 MB of
// per-block dictionaries held until the merge.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/records.hpp"
#include "ingest/short_text_cache.hpp"

namespace cskpi {

class AgentNumbering {
public:
    explicit AgentNumbering(std::uint32_t id = 0) : id_(id) {}
    AgentNumbering(const AgentNumbering&) = delete;  // 64 KiB of cache: passed by reference
    AgentNumbering& operator=(const AgentNumbering&) = delete;

    // Which numbering this is: the merge maps each numbering's numbers to one dictionary.
    std::uint32_t id() const { return id_; }
    // The number the next new agent gets (numbers start at 1; 0 is no agent).
    std::uint32_t next() const { return count_ + 1; }
    // The number of `agent`; a new agent gets next() and its name is appended to `fresh`.
    std::uint32_t number(std::string_view agent, std::vector<std::string>& fresh) {
        // Tickets repeat few agents: their texts skip the hash and the map probe.
        if (const std::uint32_t* known = cache_.find(agent)) return *known;
        const auto [it, is_new] = numbers_.try_emplace(id_key(agent), count_ + 1);
        if (is_new) {
            ++count_;
            fresh.emplace_back(agent);
        }
        cache_.store(agent, it->second);
        return it->second;
    }

private:
    std::uint32_t id_;
    std::uint32_t count_ = 0;
    std::unordered_map<std::uint64_t, std::uint32_t> numbers_;  // id key -> number
    ShortTextCache<std::uint32_t> cache_;
};

}  // namespace cskpi
