#include "metrics/kpi_engine.hpp"

#include "core/hash.hpp"
#include "core/memory.hpp"
#include "core/threads.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <type_traits>
#include <utility>

#include "metrics/customer_contacts.hpp"
#include "metrics/row_values.hpp"
#include "metrics/team_index.hpp"

namespace cskpi {

namespace {

// The (customer, created) pairs of every ticket with a customer_id, partitioned by customer
// so each thread sorts and scans whole customers. Each part is allocated once at its exact
// size and left untouched until written: the pairs are written while the month pass
// releases the rows, so they take the place of the rows instead of adding to them.
class CustomerContacts {
public:
    CustomerContacts(const TicketSource& tickets, unsigned parts) : parts_(parts), offsets_(tickets.chunks.size()) {
        // Each chunk's pairs per part, counted on every thread (a pass over all the rows),
        // then turned into where each chunk's range of each part starts.
        run_on_threads(parts, [&](unsigned t) {
            for (std::size_t c = t; c < tickets.chunks.size(); c += parts) {
                offsets_[c].assign(parts, 0);
                const TicketRows& rows = tickets.chunks[c];
                for (std::size_t i = 0; i < rows.size(); ++i)
                    if (const std::uint64_t customer = rows.customer(i)) ++offsets_[c][part_of(customer)];
            }
        });
        std::vector<std::size_t> sizes(parts, 0);
        for (auto& chunk : offsets_)
            for (unsigned p = 0; p < parts; ++p) sizes[p] += std::exchange(chunk[p], sizes[p]);
        for (unsigned p = 0; p < parts; ++p) pairs_.push_back({std::unique_ptr<CustomerContact[]>(new CustomerContact[sizes[p]]), sizes[p]});
    }
    // Each row of a chunk in file order, from any thread: each chunk writes its own ranges.
    void add(std::size_t chunk, const TicketRecord& t) {
        if (t.customer == 0) return;
        const unsigned p = part_of(t.customer);
        pairs_[p].data[offsets_[chunk][p]++] = {t.customer, t.created};
    }
    // Repeat contacts per month of part `p`; releases the part.
    std::array<std::int64_t, kMonths> count_repeats(unsigned p, const PeriodFrame& frame, const MetricParams& params) {
        std::array<std::int64_t, kMonths> repeats{};
        CustomerContact* v = pairs_[p].data.get();
        const std::size_t n = pairs_[p].size;
        group_by_customer_in_time_order(v, n);
        bool has_earlier = false;
        Millis earlier = 0;  // the latest strictly earlier ticket of this customer
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0 && v[i].customer != v[i - 1].customer) {
                has_earlier = false;
            } else if (i > 0 && v[i].created != v[i - 1].created) {
                has_earlier = true;
                earlier = v[i - 1].created;
            }
            if (!has_earlier || !is_repeat_contact(earlier, v[i].created, params)) continue;
            if (const int m = frame.month_of(v[i].created); m >= 0) ++repeats[std::size_t(m)];  // the repeats' months only
        }
        pairs_[p] = {};
        return repeats;
    }

private:
    unsigned part_of(std::uint64_t customer) const { return unsigned((fibonacci_hash(customer) >> 32) % parts_); }

    struct Part {
        std::unique_ptr<CustomerContact[]> data;  // default-initialised: pages untouched until written
        std::size_t size = 0;
    };
    unsigned parts_;
    std::vector<Part> pairs_;
    std::vector<std::vector<std::size_t>> offsets_;  // per chunk, per part: where its next pair goes
};

template <class Stats, class Record, class AddFn>
std::array<Stats, kMonths> aggregate_by_month(const IngestedSource<Record>& src, unsigned threads,
                                              std::int64_t& out_of_period, AddFn&& add) {
    std::vector<std::array<Stats, kMonths>> partial(threads);
    std::vector<std::int64_t> outside(threads, 0);
    run_on_threads(threads, [&](unsigned t) {
        for (std::size_t c = t; c < src.chunks.size(); c += threads)
            for (const auto& r : src.chunks[c]) {
                if constexpr (std::is_invocable_v<AddFn&, std::array<Stats, kMonths>&, const Record&, std::int64_t&,
                                                  unsigned>)
                    add(partial[t], r, outside[t], t);
                else
                    add(partial[t], r, outside[t]);
            }
    });
    for (unsigned t = 1; t < threads; ++t)
        for (int m = 0; m < kMonths; ++m) partial[0][std::size_t(m)].merge(partial[t][std::size_t(m)]);
    out_of_period = 0;
    for (auto n : outside) out_of_period += n;
    return std::move(partial[0]);
}

// Percentiles computed in a warehouse replace those of the (empty) distributions; a null
// one keeps the reason ticket_kpis gave (no reply, nothing resolved).
void apply_pushed_percentiles(const PeriodPercentiles& pushed, const std::vector<int>& months, KpiValues& out) {
    const auto found = pushed.find(months);
    const std::pair<const char*, std::optional<double> TicketPercentiles::*> fields[] = {
        {"frt.median_min", &TicketPercentiles::frt_median_min},
        {"frt.p90_min", &TicketPercentiles::frt_p90_min},
        {"resolution.median_h", &TicketPercentiles::resolution_median_h},
        {"resolution.p90_h", &TicketPercentiles::resolution_p90_h}};
    for (const auto& [id, field] : fields) {
        if (months.empty()) continue;
        if (found == pushed.end()) out[id] = unavailable("percentile not computed in the warehouse for this period");
        else if (const auto& v = found->second.*field) out[id] = known(*v);
    }
}

}  // namespace

MonthlyAggregate::MonthlyAggregate(const PeriodFrame& frame, const MetricParams& params, unsigned threads)
    : frame_(frame), params_(params), threads_(std::max(1u, threads)) {
    for (auto& month : breakdowns_.by_channel)
        for (auto& s : month) s.keep_distributions = false;
    for (auto& month : breakdowns_.by_priority)
        for (auto& s : month) s.keep_distributions = false;
}

// Consumes the rows: tickets.chunks are empty afterwards.
void MonthlyAggregate::add_tickets(TicketSource& tickets) {
    using namespace tickets_col;
    const auto& tb = tickets.binding;
    ticket_columns_ = {tb.has(customer_id), tb.has(complaint), tb.has(contacts), tb.has(reopens),
                       tb.has(handle_time_sec)};
    const unsigned threads = threads_;
    const PeriodFrame& frame = frame_;
    const MetricParams& params = params_;

    // Months and breakdowns in one pass per thread, merged afterwards.
    std::vector<std::array<TicketStats, kMonths>> partial(threads);
    std::vector<TicketBreakdowns> partial_breakdowns(threads);
    std::vector<std::int64_t> outside(threads, 0);
    const std::size_t agent_count = tickets.agent_names.size();
    std::vector<std::vector<TicketStats>> partial_agents(threads);
    for (auto& b : partial_breakdowns) {
        for (auto& month : b.by_channel)
            for (auto& s : month) s.keep_distributions = false;
        for (auto& month : b.by_priority)
            for (auto& s : month) s.keep_distributions = false;
    }
    // Repeat contacts need every ticket of a customer in time order: their pairs are
    // gathered as the month pass releases the rows, then counted.
    CustomerContacts contacts(tickets, threads);
    const auto& team_names = tickets.team_names;
    std::vector<std::uint32_t> team_keys;
    for (const auto& [key, name] : team_names) team_keys.push_back(key);
    const TeamIndex teams(std::move(team_keys));
    run_on_threads(threads, [&](unsigned t) {
        auto& months = partial[t];
        auto& bd = partial_breakdowns[t];
        // Team cells by dense index, [month * teams + team]; a key missing from the
        // dictionary (not expected) still gets a cell of its own.
        std::vector<TicketStats> team_cells(kMonths * teams.size());
        for (auto& cell : team_cells) cell.keep_distributions = false;
        std::array<std::unordered_map<std::uint32_t, TicketStats>, kMonths> other_teams;
        auto& agents = partial_agents[t];
        MonthCursor month_of(frame);
        agents.resize(agent_count);
        for (auto& a : agents) a.keep_distributions = false;
        for (std::size_t c = t; c < tickets.chunks.size(); c += threads) {
            for (const TicketRecord& rec : tickets.chunks[c]) {
                contacts.add(c, rec);
                const int m = month_of.month_of(rec.created);
                if (m < 0) {
                    ++outside[t];
                    continue;
                }
                const auto month = std::size_t(m);
                const TicketFacts facts = ticket_facts(rec, params, frame.as_of);
                months[month].add(facts);
                bd.by_channel[month][std::size_t(rec.channel)].add(facts);
                bd.by_priority[month][std::size_t(rec.priority)].add(facts);
                if (const std::size_t team = teams.index_of(rec.team); team != TeamIndex::npos) {
                    team_cells[month * teams.size() + team].add(facts);
                } else if (rec.team != 0) {
                    auto [it, fresh] = other_teams[month].try_emplace(rec.team);
                    if (fresh) it->second.keep_distributions = false;
                    it->second.add(facts);
                }
                if (m >= 12 && rec.agent != 0) agents[rec.agent].add(facts);  // the report year
            }
            TicketRows().swap(tickets.chunks[c]);  // its pages go back at once (MappedAllocator)
        }
        const auto merge_team = [&](std::size_t m, std::uint32_t key, const TicketStats& stats) {
            const auto name = team_names.find(key);
            auto [it, fresh] = bd.by_team[m].try_emplace(name != team_names.end() ? name->second : "?");
            if (fresh) it->second.keep_distributions = false;
            it->second.merge(stats);
        };
        for (std::size_t m = 0; m < kMonths; ++m) {
            for (std::size_t team = 0; team < teams.size(); ++team)
                if (const TicketStats& stats = team_cells[m * teams.size() + team]; stats.volume > 0)
                    merge_team(m, teams.key(team), stats);  // a team without tickets in the month has no cell
            for (auto& [key, stats] : other_teams[m]) merge_team(m, key, stats);
        }
    });
    std::vector<std::array<std::int64_t, kMonths>> repeats(threads);
    run_on_threads(threads, [&](unsigned t) { repeats[t] = contacts.count_repeats(t, frame, params); });
    // Thread 0's months are moved in; the others' merge below shares their distribution blocks.
    for (std::size_t m = 0; m < kMonths; ++m) tickets_[m] = std::move(partial[0][m]);
    for (const auto& r : repeats)
        for (int m = 0; m < kMonths; ++m) tickets_[std::size_t(m)].add_repeats(r[std::size_t(m)]);
    for (unsigned t = 0; t < threads; ++t) {
        for (std::size_t m = 0; m < kMonths; ++m) {
            if (t > 0) tickets_[m].merge(partial[t][m]);
            for (int i = 0; i < kChannelCount; ++i)
                breakdowns_.by_channel[m][std::size_t(i)].merge(partial_breakdowns[t].by_channel[m][std::size_t(i)]);
            for (int i = 0; i < kPriorityCount; ++i)
                breakdowns_.by_priority[m][std::size_t(i)].merge(partial_breakdowns[t].by_priority[m][std::size_t(i)]);
            for (auto& [name, stats] : partial_breakdowns[t].by_team[m]) {
                auto [it, fresh] = breakdowns_.by_team[m].try_emplace(name);
                if (fresh) it->second.keep_distributions = false;
                it->second.merge(stats);
            }
        }
        partial[t] = {};
    }
    agent_tickets_ = std::move(partial_agents[0]);
    for (unsigned t = 1; t < threads; ++t) {
        for (std::size_t a = 0; a < agent_count; ++a) agent_tickets_[a].merge(partial_agents[t][a]);
        std::vector<TicketStats>().swap(partial_agents[t]);
    }
    agent_names_ = std::move(tickets.agent_names);
    ticket_agents_ = std::move(tickets.ticket_agents);
    tickets.report.out_of_period = 0;
    for (auto n : outside) tickets.report.out_of_period += n;
    key_tier_tickets_ = IdKeySet(tickets.key_tier_ids.size());
    for (const std::uint64_t id : tickets.key_tier_ids) key_tier_tickets_.insert(id);
    decltype(tickets.key_tier_ids)().swap(tickets.key_tier_ids);
}

void MonthlyAggregate::add_surveys(SurveySource& surveys) {
    const IdKeySet& key_tier = key_tier_tickets_;
    const PeriodFrame& frame = frame_;
    // The report year's surveys also go to the agent of the ticket they join (any period).
    const TicketAgentIndex& join = ticket_agents_;

    std::vector<std::vector<SurveyStats>> agents(threads_, std::vector<SurveyStats>(agent_names_.size()));
    std::vector<MonthCursor> month_cursors(threads_, MonthCursor(frame));
    surveys_ = aggregate_by_month<SurveyStats>(
        surveys, threads_, surveys.report.out_of_period,
        [&](auto& months, const SurveyRecord& s, std::int64_t& outside, unsigned t) {
            const int m = month_cursors[t].month_of(s.submitted);
            if (m < 0) {
                ++outside;
                return;
            }
            const bool key = s.ticket != 0 && key_tier.contains(s.ticket);
            months[std::size_t(m)].add(s, key);
            if (m >= 12 && s.ticket != 0)
                if (const std::uint32_t agent = join.agent_of(s.ticket)) agents[t][agent].add(s, false);
        });
    agent_surveys_ = std::move(agents[0]);
    for (unsigned t = 1; t < threads_; ++t)
        for (std::size_t a = 0; a < agent_surveys_.size(); ++a) agent_surveys_[a].merge(agents[t][a]);
    ticket_agents_ = {};
}

void MonthlyAggregate::set_agent_tickets(std::map<std::string, TicketStats> agents) {
    agent_names_.assign(1, std::string());  // index 0: no agent
    agent_tickets_.assign(1, TicketStats{});
    for (auto& [name, stats] : agents) {
        agent_names_.push_back(name);
        agent_tickets_.push_back(std::move(stats));
    }
}

void MonthlyAggregate::set_agent_surveys(const std::map<std::string, SurveyStats>& agents) {
    agent_surveys_.assign(agent_names_.size(), SurveyStats{});
    for (std::size_t a = 1; a < agent_names_.size(); ++a)
        if (const auto found = agents.find(agent_names_[a]); found != agents.end()) agent_surveys_[a] = found->second;
}

std::vector<AgentYearStats> MonthlyAggregate::agents_of_year() const {
    std::vector<AgentYearStats> out;
    for (std::size_t a = 1; a < agent_tickets_.size(); ++a) {
        if (agent_tickets_[a].volume == 0) continue;
        AgentYearStats s{agent_names_[a], agent_tickets_[a], {}};
        if (a < agent_surveys_.size()) s.surveys = agent_surveys_[a];
        out.push_back(std::move(s));
    }
    return out;
}

void MonthlyAggregate::add_calls(CallSource& calls) {
    const PeriodFrame& frame = frame_;
    const MetricParams& params = params_;
    // Staffing slots (docs/contract/staffing.md section 2): handled offers of the report
    // year per (month, ISO weekday, wall-clock interval), counted in the same pass.
    const int interval = params.staffing_interval_min;
    const std::size_t per_day = std::size_t(1440 / interval);
    const std::size_t slots = 12 * 7 * per_day;
    std::vector<std::vector<std::int64_t>> slot_parts(threads_, std::vector<std::int64_t>(slots, 0));
    std::vector<ZoneClock> clocks(threads_, ZoneClock(frame.timezone));
    std::vector<std::array<CallStats, kMonths>> partial(threads_);
    std::vector<std::int64_t> outside(threads_, 0);
    const unsigned threads = threads_;
    run_on_threads(threads, [&](unsigned t) {
        auto& months = partial[t];
        auto& slot = slot_parts[t];
        auto& clock = clocks[t];
        MonthCursor month_of(frame);
        for (std::size_t c = t; c < calls.chunks.size(); c += threads)
            for (const CallRecord& call : calls.chunks[c]) {
                const int m = month_of.month_of(call.offered);
                if (m < 0) {
                    ++outside[t];
                    continue;
                }
                months[std::size_t(m)].add(call, params);
                if (m < 12 || !rules::handled_offer(CallRowValues(call), params)) continue;
                const Millis local = clock.to_local(call.offered);
                const Millis day = local >= 0 ? local / kMsPerDay : (local - kMsPerDay + 1) / kMsPerDay;
                const Millis minute = (local - day * kMsPerDay) / kMsPerMinute;
                const std::size_t weekday = std::size_t(((day + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
                ++slot[(std::size_t(m - 12) * 7 + weekday) * per_day + std::size_t(minute / interval)];
            }
    });
    for (unsigned t = 1; t < threads; ++t) {
        for (int m = 0; m < kMonths; ++m) partial[0][std::size_t(m)].merge(partial[t][std::size_t(m)]);
        for (std::size_t i = 0; i < slots; ++i) slot_parts[0][i] += slot_parts[t][i];
    }
    calls.report.out_of_period = 0;
    for (auto n : outside) calls.report.out_of_period += n;
    calls_ = std::move(partial[0]);
    call_slots_ = std::move(slot_parts[0]);
}

StaffingFacts MonthlyAggregate::staffing_facts() const {
    StaffingFacts f;
    f.interval_min = params_.staffing_interval_min;
    f.intervals = 1440 / f.interval_min;
    f.has_calls = calls_.has_value();
    if (f.has_calls) f.call_slots = call_slots_;
    for (std::size_t m = 0; m < 12; ++m)
        for (std::size_t c = 0; c < std::size_t(kChannelCount); ++c) {
            const TicketStats& s = breakdowns_.by_channel[12 + m][c];
            f.tickets[m][c] = {s.volume, s.handled, s.handle_sum_sec};
        }
    if (roster_) {
        // H0 = HC(as_of's date) over every accepted roster row (kpis.md "active on date").
        const std::int32_t d = frame_.as_of_day;
        double hc = 0;
        for (const auto& a : roster_->agents)
            if (a.hired_day <= d && (a.left_day == kNoDay || a.left_day > d)) ++hc;
        f.headcount_start = hc;
    }
    return f;
}

void MonthlyAggregate::add_agents(AgentSource& agents) {
    Roster roster;
    roster.has_core_column = agents.binding.has(agents_col::core);
    std::int64_t outside = 0;
    agents.for_each([&](const AgentRecord& a) {
        roster.agents.push_back(a);
        // Employed on no day from the start of the previous year up to as_of.
        const bool after = !frame_.day_before_as_of(a.hired_day);
        const bool before = a.left_day != kNoDay && a.left_day <= frame_.month_first_day[0];
        outside += (after || before);
    });
    agents.report.out_of_period = outside;
    roster_ = std::move(roster);
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

void MonthlyAggregate::set_ticket_state(const TicketColumns& columns, const std::array<TicketStats, kMonths>& months,
                                        const TicketBreakdowns& breakdowns, PeriodPercentiles percentiles) {
    ticket_columns_ = columns;
    tickets_ = months;
    breakdowns_ = breakdowns;
    pushed_percentiles_ = std::move(percentiles);
}

KpiValues MonthlyAggregate::kpis(const std::vector<int>& months) const {
    KpiValues out;
    std::vector<int> counted;  // months that have started by as_of
    for (int m : months)
        if (frame_.month_started(m)) counted.push_back(m);

    TicketStats t;  // shares the months' distribution blocks
    for (int m : counted) t.merge(tickets_[std::size_t(m)]);
    ticket_kpis(t, ticket_columns_, out);
    if (pushed_percentiles_) apply_pushed_percentiles(*pushed_percentiles_, counted, out);

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
