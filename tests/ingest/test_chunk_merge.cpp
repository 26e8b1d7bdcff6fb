// Stage 4 of ingest: blocks in file order, lines rebased, later duplicates win.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <tuple>

#include "core/errors.hpp"
#include "ingest/agent_numbering.hpp"
#include "ingest/chunk_merge.hpp"

using namespace cskpi;

namespace {

ChunkResult<SurveyRecord> chunk(std::vector<std::uint64_t> keys, std::int64_t line_breaks) {
    ChunkResult<SurveyRecord> c;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        SurveyRecord r;
        r.csat = std::int8_t(keys[i]);
        c.records.push_back(r);
        c.lines.add(i, std::int64_t(i));
    }
    c.keys = std::move(keys);
    c.rows_read = std::int64_t(c.records.size());
    c.line_breaks = line_breaks;
    return c;
}

MergeSettings settings() { return {"surveys (s.csv)", 2, 10, 2}; }

}  // namespace

TEST_CASE("merge: rows in file order, lines rebased, the later duplicate wins", "[ingest][merge]") {
    std::vector<ChunkResult<SurveyRecord>> chunks;
    chunks.push_back(chunk({1, 2, 3}, 3));
    chunks.push_back(chunk({4, 2}, 2));  // id 2 again: line 2 + 3 + 1 = 6 wins over line 3
    auto bad = chunk({5}, 4);
    bad.rows_read = 2;
    bad.reject_counts[index_of(RejectReason::bad_timestamp)] = 1;
    bad.samples.push_back({2, RejectReason::bad_timestamp, "submitted_at: 'x' is not a timestamp"});
    chunks.push_back(std::move(bad));
    IngestedSource<SurveyRecord> out;
    merge_chunks(chunks, settings(), out);
    CHECK(out.report.rows_read == 7);
    CHECK(out.report.rows_rejected == 2);
    CHECK(out.report.rows_accepted == 5);
    CHECK(out.report.rejects == std::map<RejectReason, std::int64_t>{{RejectReason::bad_timestamp, 1},
                                                                     {RejectReason::duplicate_id, 1}});
    REQUIRE(out.report.first_rejects.size() == 2);
    CHECK(out.report.first_rejects[0].line == 3);  // the earlier row of id 2
    CHECK(out.report.first_rejects[0].reason == RejectReason::duplicate_id);
    CHECK(out.report.first_rejects[1].line == 2 + 3 + 2 + 2);
    std::vector<int> kept;
    out.for_each([&](const SurveyRecord& r) { kept.push_back(r.csat); });
    CHECK(kept == std::vector<int>{1, 3, 4, 2, 5});
}

TEST_CASE("merge: a block ending in an open quoted field stops the run at its line", "[ingest][merge]") {
    std::vector<ChunkResult<SurveyRecord>> chunks;
    chunks.push_back(chunk({1, 2}, 40));
    auto open = chunk({3}, 7);
    open.open_quote_line = 5;
    open.open_quote_text = "'never\\nclosed'";
    chunks.push_back(std::move(open));
    IngestedSource<SurveyRecord> out;
    CHECK_THROWS_WITH(merge_chunks(chunks, settings(), out),
                      Catch::Contains("surveys (s.csv): line 47: the quoted field 'never\\nclosed' opened here is "
                                      "never closed"));
}

TEST_CASE("merge: at most samples_per_reason samples per reason, the first by line", "[ingest][merge]") {
    std::vector<ChunkResult<SurveyRecord>> chunks;
    for (int c = 0; c < 3; ++c) {
        auto r = chunk({}, 10);
        for (int i = 0; i < 4; ++i) {
            r.rows_read++;
            r.reject_counts[index_of(RejectReason::out_of_range)]++;
            r.samples.push_back({i, RejectReason::out_of_range, "csat: '9' is out of range"});
        }
        chunks.push_back(std::move(r));
    }
    IngestedSource<SurveyRecord> out;
    MergeSettings s = settings();
    s.samples_per_reason = 5;
    merge_chunks(chunks, s, out);
    CHECK(out.report.rejects.at(RejectReason::out_of_range) == 12);
    REQUIRE(out.report.first_rejects.size() == 5);
    CHECK(out.report.first_rejects.back().line == 12);  // the second block's first reject
}

namespace {

// A tickets export cut into blocks: ids that repeat within and across blocks, agents
// (absent on some rows), key-tier customers, satisfaction ratings. The same seed gives
// the same blocks.
struct TicketRow {
    std::uint64_t key;
    std::string agent;  // "" = none
    Tier tier;
};

// Sequential keys take the range paths of the duplicate search and the join index; the
// same keys scattered by a bijection (an odd multiplier) take the hash paths.
std::vector<std::vector<TicketRow>> ticket_blocks(unsigned seed, bool scatter = false) {
    std::mt19937 random(seed);
    std::vector<std::vector<TicketRow>> blocks(9);
    std::uint64_t next_id = 1000;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const std::size_t rows = b == 4 ? 0 : 200 + random() % 300;
        for (std::size_t i = 0; i < rows; ++i) {
            const std::uint64_t key = random() % 8 == 0 ? 1000 + random() % (next_id - 999) : next_id++;
            const std::string agent = random() % 5 == 0 ? "" : "A" + std::to_string(random() % 40);
            blocks[b].push_back({scatter ? key * 0x9E3779B97F4A7C15ull : key, agent, Tier(random() % 4)});
        }
    }
    return blocks;
}

// The blocks dealt in turn to `parsers` agent numberings, as the scan's threads take them
// (each in file order); parsers = the block count gives every block a numbering of its own.
std::vector<ChunkResult<TicketRecord>> ticket_chunks(const std::vector<std::vector<TicketRow>>& blocks,
                                                     std::size_t parsers = 1) {
    std::vector<std::unique_ptr<AgentNumbering>> numberings;
    for (std::size_t p = 0; p < parsers; ++p) numberings.push_back(std::make_unique<AgentNumbering>(std::uint32_t(p)));
    std::vector<ChunkResult<TicketRecord>> chunks;
    for (const auto& block : blocks) {
        AgentNumbering& agents = *numberings[chunks.size() % parsers];
        ChunkResult<TicketRecord>& c = chunks.emplace_back();
        c.agent_numbering = agents.id();
        c.first_agent_number = agents.next();
        for (std::size_t i = 0; i < block.size(); ++i) {
            TicketRecord t;
            t.created = Millis(i) * 1000 + Millis(block[i].key);
            t.tier = block[i].tier;
            if (!block[i].agent.empty()) t.agent = agents.number(block[i].agent, c.agent_names);
            c.records.push_back(t);
            c.keys.push_back(block[i].key);
            c.lines.add(i, std::int64_t(i));
            if (i % 7 == 0)
                c.ticket_surveys.push_back({i, SurveyRecord{t.created, block[i].key, std::int8_t(i % 5 + 1), -1}});
        }
        c.rows_read = std::int64_t(block.size());
        c.line_breaks = std::int64_t(block.size());
    }
    return chunks;
}

}  // namespace

TEST_CASE("merge: tickets come out the same on any number of threads, the later duplicate winning",
          "[ingest][merge]") {
    const bool scatter = GENERATE(false, true);
    INFO((scatter ? "scattered keys (hash paths)" : "sequential keys (range paths)"));
    const auto blocks = ticket_blocks(5, scatter);
    // What the rule says, from the rows themselves: the last row of each id is kept.
    std::map<std::uint64_t, TicketRow> last_of_id;
    std::size_t rows = 0;
    for (const auto& block : blocks)
        for (const auto& row : block) {
            last_of_id.insert_or_assign(row.key, row);
            ++rows;
        }
    REQUIRE(rows - last_of_id.size() > 100);

    const auto merged = [&](unsigned threads, std::size_t parsers) {
        auto chunks = ticket_chunks(blocks, parsers);
        IngestedSource<TicketRecord> out;
        MergeSettings s{"tickets (t.csv)", 2, 10, threads};
        merge_chunks(chunks, s, out);
        return out;
    };
    const auto one = merged(1, 1);
    CHECK(one.report.rows_accepted == std::int64_t(last_of_id.size()));
    CHECK(one.report.rejects.at(RejectReason::duplicate_id) == std::int64_t(rows - last_of_id.size()));
    // The first ten superseded rows by line (the header is line 1, a block's rows one a
    // line): rows whose id has more rows to come.
    std::map<std::uint64_t, std::size_t> rows_of_id, rows_so_far;
    for (const auto& block : blocks)
        for (const auto& row : block) ++rows_of_id[row.key];
    std::vector<std::int64_t> superseded_lines;
    std::int64_t line = 2;
    for (const auto& block : blocks)
        for (const auto& row : block) {
            if (++rows_so_far[row.key] < rows_of_id[row.key] && superseded_lines.size() < 10)
                superseded_lines.push_back(line);
            ++line;
        }
    REQUIRE(one.report.first_rejects.size() == 10);
    for (std::size_t i = 0; i < 10; ++i) {
        CHECK(one.report.first_rejects[i].line == superseded_lines[i]);
        CHECK(one.report.first_rejects[i].reason == RejectReason::duplicate_id);
    }
    std::vector<std::uint64_t> key_tier;
    for (const auto& [key, row] : last_of_id) {
        INFO("id " << key);
        if (row.tier == Tier::key) key_tier.push_back(key);
        const std::uint32_t agent = one.ticket_agents.agent_of(key);
        REQUIRE(agent < one.agent_names.size());
        CHECK(one.agent_names[agent] == row.agent);
    }
    auto key_tier_sorted = one.key_tier_ids;  // file order; `key_tier` is in key order
    std::sort(key_tier_sorted.begin(), key_tier_sorted.end());
    CHECK(key_tier_sorted == key_tier);

    // Any number of merge threads, and agents numbered by one parser, two taking blocks in
    // turn, or each block on its own: the same tickets, agents and dictionary order.
    for (const auto& [threads, parsers] : {std::pair{1u, std::size_t(2)}, std::pair{1u, blocks.size()},
                                           std::pair{2u, std::size_t(1)}, std::pair{2u, std::size_t(2)},
                                           std::pair{3u, std::size_t(2)}, std::pair{16u, blocks.size()}}) {
        INFO("threads " << threads << ", agent numberings " << parsers);
        const auto many = merged(threads, parsers);
        CHECK(many.report.rows_read == one.report.rows_read);
        CHECK(many.report.rows_accepted == one.report.rows_accepted);
        CHECK(many.report.rejects == one.report.rejects);
        REQUIRE(many.report.first_rejects.size() == one.report.first_rejects.size());
        for (std::size_t i = 0; i < one.report.first_rejects.size(); ++i) {
            CHECK(many.report.first_rejects[i].line == one.report.first_rejects[i].line);
            CHECK(many.report.first_rejects[i].reason == one.report.first_rejects[i].reason);
            CHECK(many.report.first_rejects[i].detail == one.report.first_rejects[i].detail);
        }
        CHECK(many.agent_names == one.agent_names);
        CHECK(many.key_tier_ids == one.key_tier_ids);
        REQUIRE(many.ticket_surveys.size() == one.ticket_surveys.size());
        for (std::size_t i = 0; i < one.ticket_surveys.size(); ++i) {
            CHECK(many.ticket_surveys[i].ticket == one.ticket_surveys[i].ticket);
            CHECK(many.ticket_surveys[i].csat == one.ticket_surveys[i].csat);
        }
        std::vector<std::tuple<Millis, std::uint32_t, Tier>> kept_one, kept_many;
        one.for_each([&](const TicketRecord& t) { kept_one.emplace_back(t.created, t.agent, t.tier); });
        many.for_each([&](const TicketRecord& t) { kept_many.emplace_back(t.created, t.agent, t.tier); });
        CHECK(kept_many == kept_one);
        CHECK(many.ticket_agents.size() == one.ticket_agents.size());
        for (const auto& [key, row] : last_of_id)
            REQUIRE(many.ticket_agents.agent_of(key) == one.ticket_agents.agent_of(key));
        CHECK(many.ticket_agents.agent_of(999) == 0);
    }
}
