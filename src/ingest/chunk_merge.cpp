#include "ingest/chunk_merge.hpp"

#include <algorithm>
#include <type_traits>

#include "core/errors.hpp"
#include "core/memory.hpp"
#include "core/threads.hpp"
#include "ingest/dedupe.hpp"
#include "ingest/header_reader.hpp"

namespace cskpi {

namespace {

// What settling one chunk leaves for the bookkeeping in file order.
struct ChunkOutcome {
    std::size_t duplicates = 0;                       // superseded rows, squeezed out
    std::vector<std::int64_t> first_duplicate_lines;  // relative; at most samples_per_reason
    std::vector<std::uint64_t> key_tier_ids;          // accepted tickets of customer_tier = key
};

// Settles the rows of one chunk: touches only the chunk, and the join index as `writer`.
// Frees the chunk's keys.
template <class Record>
ChunkOutcome settle_chunk(ChunkResult<Record>& r, const std::vector<bool>& dup,
                          const std::vector<std::uint32_t>& agent_remap, std::size_t samples_per_reason,
                          TicketAgentIndex& ticket_agents, unsigned writer) {
    ChunkOutcome o;
    if constexpr (std::is_same_v<Record, TicketRecord>) {
        for (std::size_t j = 0; j < r.records.size(); ++j) {
            const std::uint32_t agent = agent_remap[r.records.agent(j)];
            r.records.set_agent(j, agent);
            if (!dup.empty() && dup[j]) continue;
            if (r.records.tier(j) == Tier::key) o.key_tier_ids.push_back(r.keys[j]);
            if (agent != 0) ticket_agents.add(writer, r.keys[j], agent);
        }
    }
    if (!dup.empty()) {
        std::size_t w = 0;
        for (std::size_t j = 0; j < r.records.size(); ++j) {
            if (dup[j]) {
                if (o.duplicates++ < samples_per_reason) o.first_duplicate_lines.push_back(r.lines.line_of(j));
                continue;
            }
            move_row(r.records, j, w++);
        }
        r.records.resize(w);
    }
    std::vector<std::uint64_t>().swap(r.keys);
    return o;
}

}  // namespace

template <class Record>
void merge_chunks(std::vector<ChunkResult<Record>>& results, const MergeSettings& settings,
                  IngestedSource<Record>& out) {
    std::vector<std::int64_t> first_line(results.size());
    std::int64_t line = settings.first_line;
    for (std::size_t i = 0; i < results.size(); ++i) {
        first_line[i] = line;
        line += results[i].line_breaks;
        if (results[i].open_quote_line >= 0)
            throw InputError(unclosed_quote_message(settings.label, first_line[i] + results[i].open_quote_line,
                                                    results[i].open_quote_text));
    }
    KeyChunks key_chunks;
    for (auto& r : results) key_chunks.push_back(&r.keys);
    const KeyRange keys = key_range(key_chunks, settings.threads);
    const auto superseded = find_superseded(key_chunks, keys, settings.threads);
    return_freed_memory();  // the duplicate search's sets, before the agent index is built

    // The chunks are shared out among the threads in file-order ranges, the same for every
    // step, so that each thread adds to the join index exactly the tickets it counted.
    const unsigned writers =
        unsigned(std::max<std::size_t>(1, std::min<std::size_t>(settings.threads, results.size())));
    const auto first_chunk = [&](unsigned w) { return results.size() * w / writers; };

    // Tickets: each parser's agent numbers become indexes into one agent dictionary, and
    // the accepted tickets with an agent are indexed by ticket id key for the survey join.
    // Names are taken in file order (a parser takes its blocks in file order), so the
    // dictionary's order does not depend on which thread parsed which block.
    std::vector<std::vector<std::uint32_t>> agent_remap(1);  // per numbering: number -> index
    for (const auto& r : results) agent_remap.resize(std::max<std::size_t>(agent_remap.size(), r.agent_numbering + 1));
    if constexpr (std::is_same_v<Record, TicketRecord>) {
        std::unordered_map<std::string, std::uint32_t> global;
        out.agent_names.emplace_back();
        std::size_t rows = 0;
        for (auto& r : results) {
            auto& remap = agent_remap[r.agent_numbering];
            remap.resize(std::max<std::size_t>(remap.size(), r.first_agent_number + r.agent_names.size()), 0u);
            for (std::size_t a = 0; a < r.agent_names.size(); ++a) {
                auto [it, fresh] = global.try_emplace(r.agent_names[a], std::uint32_t(out.agent_names.size()));
                if (fresh) out.agent_names.push_back(r.agent_names[a]);
                remap[r.first_agent_number + a] = it->second;
            }
            std::vector<std::string>().swap(r.agent_names);
            rows += r.records.size();
        }
        // Sequential ticket ids: a slot per possible key (at most two a ticket) beats a hash.
        if (keys.narrow(2)) {
            out.ticket_agents.plan_range(keys.least, keys.span());
        } else {
            out.ticket_agents.plan(rows, std::uint32_t(out.agent_names.size()), writers);
        }
        if (!out.ticket_agents.by_range()) run_on_threads(writers, [&](unsigned w) {
            for (std::size_t i = first_chunk(w); i < first_chunk(w + 1); ++i) {
                const auto& r = results[i];
                const auto& dup = superseded[i];
                for (std::size_t j = 0; j < r.records.size(); ++j)
                    if (r.records.agent(j) != 0 && (dup.empty() || !dup[j])) out.ticket_agents.count(w, r.keys[j]);
            }
        });
        out.ticket_agents.allocate();
    }

    // Each chunk's rows are settled on their own (agents remapped, superseded rows squeezed
    // out, the join index filled) by the thread that counted them; what must follow file
    // order (samples, counts, names) is gathered from their outcomes afterwards.
    std::vector<ChunkOutcome> outcomes(results.size());
    run_on_threads(writers, [&](unsigned w) {
        for (std::size_t i = first_chunk(w); i < first_chunk(w + 1); ++i)
            outcomes[i] = settle_chunk(results[i], superseded[i], agent_remap[results[i].agent_numbering],
                                       settings.samples_per_reason, out.ticket_agents, w);
    });
    if constexpr (std::is_same_v<Record, TicketRecord>) out.ticket_agents.finish();

    SourceReport& rep = out.report;
    SpellingTally spellings;
    out.rates_satisfaction = out.binding.satisfaction_at >= 0;
    std::vector<RejectSample> samples;
    std::array<std::size_t, kRejectReasonCount> sample_counts{};
    std::size_t key_tier_count = 0;
    for (const auto& o : outcomes) key_tier_count += o.key_tier_ids.size();
    out.key_tier_ids.reserve(key_tier_count);
    for (std::size_t i = 0; i < results.size(); ++i) {
        auto& r = results[i];
        auto& o = outcomes[i];
        rep.rows_read += r.rows_read;
        for (std::size_t k = 0; k < kRejectReasonCount; ++k)
            if (r.reject_counts[k]) rep.rejects[kRejectReasons[k].reason] += r.reject_counts[k];
        for (auto& s : r.samples)
            if (sample_counts[index_of(s.reason)]++ < settings.samples_per_reason)
                samples.push_back({first_line[i] + s.line, s.reason, std::move(s.detail)});
        if (o.duplicates) rep.rejects[RejectReason::duplicate_id] += std::int64_t(o.duplicates);
        for (std::int64_t line : o.first_duplicate_lines)
            if (sample_counts[index_of(RejectReason::duplicate_id)]++ < settings.samples_per_reason)
                samples.push_back({first_line[i] + line, RejectReason::duplicate_id,
                                   "the id appears again on a later row, which wins"});
        const auto& dup = superseded[i];
        spellings.merge(r.spellings, first_line[i]);
        for (const auto& [j, rating] : r.ticket_surveys)
            if (dup.empty() || !dup[j]) out.ticket_surveys.push_back(rating);
        out.key_tier_ids.insert(out.key_tier_ids.end(), o.key_tier_ids.begin(), o.key_tier_ids.end());
        std::vector<std::uint64_t>().swap(o.key_tier_ids);
        for (auto& [k, name] : r.team_names) out.team_names.emplace(k, std::move(name));
        out.chunks.push_back(std::move(r.records));
    }
    return_freed_memory();  // the id keys: the rows' folding is the next peak
    for (const auto& [reason, n] : rep.rejects) rep.rows_rejected += n;
    rep.rows_accepted = rep.rows_read - rep.rows_rejected;
    std::stable_sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
    rep.first_rejects = std::move(samples);
    rep.unknown_spellings = spellings.listing();
}

template void merge_chunks(std::vector<ChunkResult<TicketRecord>>&, const MergeSettings&,
                           IngestedSource<TicketRecord>&);
template void merge_chunks(std::vector<ChunkResult<SurveyRecord>>&, const MergeSettings&,
                           IngestedSource<SurveyRecord>&);
template void merge_chunks(std::vector<ChunkResult<AgentRecord>>&, const MergeSettings&,
                           IngestedSource<AgentRecord>&);
template void merge_chunks(std::vector<ChunkResult<CallRecord>>&, const MergeSettings&,
                           IngestedSource<CallRecord>&);

}  // namespace cskpi
