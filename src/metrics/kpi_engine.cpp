#include "metrics/kpi_engine.hpp"

#include <algorithm>
#include <set>
#include <thread>

namespace cskpi {

namespace {

// Runs fn(part) on `threads` threads, part = 0..threads-1.
template <class Fn>
void run_parts(unsigned threads, Fn&& fn) {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&, t] { fn(t); });
    fn(0u);
    for (auto& t : pool) t.join();
}

struct RepeatEntry {
    std::uint64_t customer;
    Millis created;
    std::uint32_t chunk;
    std::uint32_t row;
};

// repeat[chunk][row]: the ticket follows another ticket of its customer within the window.
std::vector<std::vector<bool>> find_repeat_contacts(const TicketSource& tickets, const MetricParams& params,
                                                    unsigned threads) {
    std::vector<std::vector<bool>> repeat(tickets.chunks.size());
    for (std::size_t c = 0; c < tickets.chunks.size(); ++c) repeat[c].assign(tickets.chunks[c].size(), false);
    // Partition by customer so each thread sorts and scans whole customers.
    std::vector<std::vector<RepeatEntry>> parts(threads);
    for (std::size_t c = 0; c < tickets.chunks.size(); ++c) {
        const auto& chunk = tickets.chunks[c];
        for (std::size_t r = 0; r < chunk.size(); ++r)
            if (chunk[r].customer != 0)
                parts[(chunk[r].customer * 0x9E3779B97F4A7C15ull >> 32) % threads].push_back(
                    {chunk[r].customer, chunk[r].created, std::uint32_t(c), std::uint32_t(r)});
    }
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> hits(threads);
    run_parts(threads, [&](unsigned t) {
        auto& v = parts[t];
        std::sort(v.begin(), v.end(), [](const RepeatEntry& a, const RepeatEntry& b) {
            return a.customer != b.customer ? a.customer < b.customer : a.created < b.created;
        });
        std::size_t i = 0;
        while (i < v.size()) {
            // Walk one customer's tickets in time order; equal times are not "another, earlier" ticket.
            std::optional<Millis> earlier;
            std::size_t j = i;
            while (j < v.size() && v[j].customer == v[i].customer) {
                std::size_t k = j;
                while (k < v.size() && v[k].customer == v[j].customer && v[k].created == v[j].created) {
                    if (earlier && is_repeat_contact(*earlier, v[k].created, params)) hits[t].push_back({v[k].chunk, v[k].row});
                    ++k;
                }
                earlier = v[j].created;
                j = k;
            }
            i = j;
        }
        std::vector<RepeatEntry>().swap(v);
    });
    for (const auto& h : hits)
        for (auto [c, r] : h) repeat[c][r] = true;
    return repeat;
}

template <class Stats, class Record, class AddFn>
std::array<Stats, kMonths> aggregate_by_month(const IngestedSource<Record>& src, const PeriodFrame& frame,
                                              unsigned threads, std::int64_t& out_of_period, AddFn&& add) {
    std::vector<std::array<Stats, kMonths>> partial(threads);
    std::vector<std::int64_t> outside(threads, 0);
    run_parts(threads, [&](unsigned t) {
        for (std::size_t c = t; c < src.chunks.size(); c += threads)
            for (const auto& r : src.chunks[c]) add(partial[t], r, outside[t]);
    });
    for (unsigned t = 1; t < threads; ++t)
        for (int m = 0; m < kMonths; ++m) partial[0][std::size_t(m)].merge(partial[t][std::size_t(m)]);
    out_of_period = 0;
    for (auto n : outside) out_of_period += n;
    (void)frame;
    return std::move(partial[0]);
}

}  // namespace

MonthlyAggregate::MonthlyAggregate(IngestedExports& exports, const PeriodFrame& frame, const MetricParams& params,
                                   unsigned threads)
    : frame_(frame), params_(params) {
    threads = std::max(1u, threads);
    using namespace tickets_col;
    const auto& tb = exports.tickets.binding;
    ticket_columns_ = {tb.has(customer_id), tb.has(complaint), tb.has(contacts), tb.has(reopens),
                       tb.has(handle_time_sec)};

    // Tickets: months and breakdowns in one pass per thread.
    const auto repeat = find_repeat_contacts(exports.tickets, params, threads);
    std::vector<std::array<TicketStats, kMonths>> partial(threads);
    std::vector<TicketBreakdowns> partial_breakdowns(threads);
    std::vector<std::int64_t> outside(threads, 0);
    for (auto& b : partial_breakdowns)
        for (int m = 0; m < kMonths; ++m) {
            for (auto& s : b.by_channel[std::size_t(m)]) s.keep_distributions = false;
            for (auto& s : b.by_priority[std::size_t(m)]) s.keep_distributions = false;
        }
    const auto& team_names = exports.tickets.team_names;
    run_parts(threads, [&](unsigned t) {
        auto& months = partial[t];
        auto& bd = partial_breakdowns[t];
        std::array<std::map<std::uint32_t, TicketStats>, kMonths> team_stats;
        for (std::size_t c = t; c < exports.tickets.chunks.size(); c += threads) {
            const auto& chunk = exports.tickets.chunks[c];
            for (std::size_t r = 0; r < chunk.size(); ++r) {
                const TicketRecord& rec = chunk[r];
                const int m = frame.month_of(rec.created);
                if (m < 0) {
                    ++outside[t];
                    continue;
                }
                const bool rep = repeat[c][r];
                months[std::size_t(m)].add(rec, rep, params, frame.as_of);
                const std::size_t y = std::size_t(m);
                bd.by_channel[y][std::size_t(rec.channel)].add(rec, rep, params, frame.as_of);
                bd.by_priority[y][std::size_t(rec.priority)].add(rec, rep, params, frame.as_of);
                if (rec.team != 0) {
                    auto [it, fresh] = team_stats[y].try_emplace(rec.team);
                    if (fresh) it->second.keep_distributions = false;
                    it->second.add(rec, rep, params, frame.as_of);
                }
            }
        }
        for (std::size_t y = 0; y < kMonths; ++y)
            for (auto& [key, stats] : team_stats[y]) {
                const auto name = team_names.find(key);
                auto [it, fresh] = bd.by_team[y].try_emplace(name != team_names.end() ? name->second : "?");
                if (fresh) it->second.keep_distributions = false;
                it->second.merge(stats);
            }
    });
    tickets_ = std::move(partial[0]);
    breakdowns_ = std::move(partial_breakdowns[0]);
    for (unsigned t = 1; t < threads; ++t) {
        for (int m = 0; m < kMonths; ++m) tickets_[std::size_t(m)].merge(partial[t][std::size_t(m)]);
        for (std::size_t y = 0; y < kMonths; ++y) {
            for (int i = 0; i < kChannelCount; ++i)
                breakdowns_.by_channel[y][std::size_t(i)].merge(partial_breakdowns[t].by_channel[y][std::size_t(i)]);
            for (int i = 0; i < kPriorityCount; ++i)
                breakdowns_.by_priority[y][std::size_t(i)].merge(partial_breakdowns[t].by_priority[y][std::size_t(i)]);
            for (auto& [name, stats] : partial_breakdowns[t].by_team[y]) {
                auto [it, fresh] = breakdowns_.by_team[y].try_emplace(name);
                if (fresh) it->second.keep_distributions = false;
                it->second.merge(stats);
            }
        }
    }
    exports.tickets.report.out_of_period = 0;
    for (auto n : outside) exports.tickets.report.out_of_period += n;

    if (exports.surveys) {
        const auto& keys = exports.tickets.key_tier_ids;
        surveys_ = aggregate_by_month<SurveyStats>(
            *exports.surveys, frame, threads, exports.surveys->report.out_of_period,
            [&](auto& months, const SurveyRecord& s, std::int64_t& outside_count) {
                const int m = frame.month_of(s.submitted);
                if (m < 0) {
                    ++outside_count;
                    return;
                }
                const bool key = s.ticket != 0 && std::binary_search(keys.begin(), keys.end(), s.ticket);
                months[std::size_t(m)].add(s, key);
            });
    }
    if (exports.calls) {
        calls_ = aggregate_by_month<CallStats>(*exports.calls, frame, threads, exports.calls->report.out_of_period,
                                               [&](auto& months, const CallRecord& c, std::int64_t& outside_count) {
                                                   const int m = frame.month_of(c.offered);
                                                   if (m < 0) {
                                                       ++outside_count;
                                                       return;
                                                   }
                                                   months[std::size_t(m)].add(c, params);
                                               });
    }
    if (exports.agents) {
        Roster roster;
        roster.has_core_column = exports.agents->binding.has(agents_col::core);
        std::int64_t outside_roster = 0;
        exports.agents->for_each([&](const AgentRecord& a) {
            roster.agents.push_back(a);
            // Employed on no day from the start of the previous year up to as_of.
            const bool after = !frame.day_before_as_of(a.hired_day);
            const bool before = a.left_day != kNoDay && a.left_day <= frame.month_first_day[0];
            outside_roster += (after || before);
        });
        exports.agents->report.out_of_period = outside_roster;
        roster_ = std::move(roster);
    }
}

std::vector<BreakdownRow> MonthlyAggregate::breakdown_rows(const std::vector<int>& current,
                                                          const std::vector<int>& previous) const {
    static constexpr const char* kIds[] = {"tickets.volume",   "frt.mean_min", "resolution.mean_h",
                                           "sla.overdue_rate", "fcr.rate",     "complaint.rate"};
    std::vector<BreakdownRow> rows;
    auto emit = [&](const char* dimension, const std::string& key, auto&& cell_of) {
        KpiValues values[2];
        for (int p = 0; p < 2; ++p) {
            TicketStats merged;
            merged.keep_distributions = false;
            for (int m : p == 0 ? current : previous)
                if (const TicketStats* s = cell_of(m)) merged.merge(*s);
            ticket_kpis(merged, ticket_columns_, values[p]);
        }
        for (const char* id : kIds)
            rows.push_back({dimension, key, id, values[0][id].value, values[1][id].value});
    };
    for (int c = 0; c < kChannelCount; ++c)
        emit("channel", std::string(to_string(Channel(c))),
             [&](int m) { return &breakdowns_.by_channel[std::size_t(m)][std::size_t(c)]; });
    for (int p = 0; p < kPriorityCount; ++p)
        emit("priority", std::string(to_string(Priority(p))),
             [&](int m) { return &breakdowns_.by_priority[std::size_t(m)][std::size_t(p)]; });
    std::set<std::string> teams;
    for (const auto& month : breakdowns_.by_team)
        for (const auto& [name, stats] : month) teams.insert(name);
    for (const auto& team : teams)
        emit("team", team, [&](int m) -> const TicketStats* {
            const auto& month = breakdowns_.by_team[std::size_t(m)];
            const auto it = month.find(team);
            return it == month.end() ? nullptr : &it->second;
        });
    return rows;
}

KpiValues MonthlyAggregate::kpis(const std::vector<int>& months) const {
    KpiValues out;
    std::vector<int> counted;  // months that have started by as_of
    for (int m : months)
        if (frame_.month_started(m)) counted.push_back(m);

    TicketStats t;
    for (int m : counted) t.merge(tickets_[std::size_t(m)]);
    ticket_kpis(t, ticket_columns_, out);

    static constexpr const char* kSurveyIds[] = {"survey.responses", "csat.rate", "nps.score", "csat.key_rate"};
    static constexpr const char* kCallIds[] = {"calls.offered", "calls.service_level", "calls.abandon_rate",
                                               "calls.asa_sec", "calls.aht_min"};
    static constexpr const char* kStaffIds[] = {"staff.avg_headcount",  "staff.hires",
                                                "staff.leavers",        "staff.attrition_rate",
                                                "staff.attrition_annualized", "staff.core_attrition_rate"};
    if (surveys_) {
        SurveyStats s;
        for (int m : counted) s.merge((*surveys_)[std::size_t(m)]);
        survey_kpis(s, out);
    } else {
        for (const char* id : kSurveyIds) out[id] = unavailable("no surveys export");
    }
    if (calls_) {
        CallStats c;
        for (int m : counted) c.merge((*calls_)[std::size_t(m)]);
        call_kpis(c, out);
    } else {
        for (const char* id : kCallIds) out[id] = unavailable("no calls export");
    }
    if (roster_) {
        staff_kpis(*roster_, frame_, months, out);
    } else {
        for (const char* id : kStaffIds) out[id] = unavailable("no agents export");
    }
    return out;
}

}  // namespace cskpi
