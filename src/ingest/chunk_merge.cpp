#include "ingest/chunk_merge.hpp"

#include <algorithm>
#include <type_traits>

#include "core/errors.hpp"
#include "core/memory.hpp"
#include "ingest/dedupe.hpp"
#include "ingest/header_reader.hpp"

namespace cskpi {

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
    std::vector<const std::vector<std::uint64_t>*> key_chunks;
    for (auto& r : results) key_chunks.push_back(&r.keys);
    const auto superseded = find_superseded(key_chunks, settings.threads);
    return_freed_memory();  // the duplicate search's sets, before the agent index is built

    // Tickets: chunk-local agent indexes become indexes into one agent dictionary, and
    // the accepted tickets with an agent are indexed by ticket id key for the survey join.
    std::vector<std::vector<std::uint32_t>> agent_remap(results.size());
    if constexpr (std::is_same_v<Record, TicketRecord>) {
        std::unordered_map<std::string, std::uint32_t> global;
        out.agent_names.emplace_back();
        std::size_t rows = 0;
        for (std::size_t i = 0; i < results.size(); ++i) {
            auto& r = results[i];
            agent_remap[i].assign(r.agent_names.size() + 1, 0u);
            for (std::size_t a = 0; a < r.agent_names.size(); ++a) {
                auto [it, fresh] = global.try_emplace(r.agent_names[a], std::uint32_t(out.agent_names.size()));
                if (fresh) out.agent_names.push_back(r.agent_names[a]);
                agent_remap[i][a + 1] = it->second;
            }
            std::vector<std::string>().swap(r.agent_names);
            decltype(r.agent_index)().swap(r.agent_index);
            rows += r.records.size();
        }
        out.ticket_agents.plan(rows, std::uint32_t(out.agent_names.size()));
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto& r = results[i];
            const auto& dup = superseded[i];
            for (std::size_t j = 0; j < r.records.size(); ++j)
                if (r.records.agent(j) != 0 && (dup.empty() || !dup[j])) out.ticket_agents.count(r.keys[j]);
        }
        out.ticket_agents.allocate();
    }

    SourceReport& rep = out.report;
    SpellingTally spellings;
    out.rates_satisfaction = out.binding.satisfaction_at >= 0;
    std::vector<RejectSample> samples;
    std::array<std::size_t, kRejectReasonCount> sample_counts{};
    for (std::size_t i = 0; i < results.size(); ++i) {
        auto& r = results[i];
        rep.rows_read += r.rows_read;
        for (std::size_t k = 0; k < kRejectReasonCount; ++k)
            if (r.reject_counts[k]) rep.rejects[kRejectReasons[k].reason] += r.reject_counts[k];
        for (auto& s : r.samples)
            if (sample_counts[index_of(s.reason)]++ < settings.samples_per_reason)
                samples.push_back({first_line[i] + s.line, s.reason, std::move(s.detail)});
        const auto& dup = superseded[i];
        spellings.merge(r.spellings, first_line[i]);
        for (const auto& [j, rating] : r.ticket_surveys)
            if (dup.empty() || !dup[j]) out.ticket_surveys.push_back(rating);
        if constexpr (std::is_same_v<Record, TicketRecord>) {
            for (std::size_t j = 0; j < r.records.size(); ++j) {
                const std::uint32_t agent = agent_remap[i][r.records.agent(j)];
                r.records.set_agent(j, agent);
                if (!dup.empty() && dup[j]) continue;
                if (r.records.tier(j) == Tier::key) out.key_tier_ids.push_back(r.keys[j]);
                if (agent != 0) out.ticket_agents.add(r.keys[j], agent);
            }
        }
        if (!dup.empty()) {
            std::size_t w = 0;
            for (std::size_t j = 0; j < r.records.size(); ++j) {
                if (dup[j]) {
                    ++rep.rejects[RejectReason::duplicate_id];
                    if (sample_counts[index_of(RejectReason::duplicate_id)]++ < settings.samples_per_reason)
                        samples.push_back({first_line[i] + r.lines.line_of(j), RejectReason::duplicate_id,
                                           "the id appears again on a later row, which wins"});
                    continue;
                }
                move_row(r.records, j, w++);
            }
            r.records.resize(w);
        }
        for (auto& [k, name] : r.team_names) out.team_names.emplace(k, std::move(name));
        out.chunks.push_back(std::move(r.records));
        std::vector<std::uint64_t>().swap(r.keys);
    }
    return_freed_memory();  // the id keys: the rows' folding is the next peak
    for (const auto& [reason, n] : rep.rejects) rep.rows_rejected += n;
    rep.rows_accepted = rep.rows_read - rep.rows_rejected;
    std::sort(out.key_tier_ids.begin(), out.key_tier_ids.end());
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
