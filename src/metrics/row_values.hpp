#pragma once
// The value backend of metrics/row_rules.hpp: the rules evaluated on one parsed row, with
// the records' sentinels for absent values (kNoTime, kAbsent, -1, 0). Everything is inline
// so that a rule compiles to the plain comparisons it reads as: it runs once per row.
#include <cstdint>
#include <tuple>

#include "ingest/records.hpp"
#include "metrics/row_rules.hpp"

namespace cskpi {

// Plain values and their absent sentinels; shared by the row types below.
struct RowValues {
    using Bool = bool;
    using Num = double;

    static bool known(Millis t) { return t != kNoTime; }
    static bool known(double v) { return present(v); }
    static bool known(std::uint64_t id_key) { return id_key != 0; }
    static bool known(std::int16_t count) { return count >= 0; }

    static Millis value_or(Millis t, Millis fallback) { return known(t) ? t : fallback; }
    static int value_or(std::int16_t count, int fallback) { return known(count) ? count : fallback; }
    static bool value_or(bool flag, bool) { return flag; }  // a bool column reads absent as false

    template <class Fn>
    static double when(bool condition, Fn&& value) { return condition ? double(value()) : kAbsent; }
    template <class T>
    static T cond(bool condition, T a, T b) { return condition ? a : b; }

    static double real(Millis v) { return double(v); }
    static Millis ms(Millis v) { return v; }
    static int count(int v) { return v; }
    static double num(double v) { return v; }
};

struct TicketRowValues : RowValues {
    const TicketRecord& t;
    Millis as_of_;

    TicketRowValues(const TicketRecord& ticket, Millis as_of) : t(ticket), as_of_(as_of) {}

    Millis as_of() const { return as_of_; }
    Millis created() const { return t.created; }
    Millis first_response() const { return t.first_response; }
    Millis resolved() const { return t.resolved; }
    Millis due() const { return t.due; }
    std::int16_t contacts() const { return t.contacts; }
    std::int16_t reopens() const { return t.reopens; }
    std::uint64_t customer() const { return t.customer; }
    bool complaint() const { return t.complaint; }
    double handle_time() const { return t.handle_time_sec; }
    bool priority_is(Priority p) const { return t.priority == p; }
    template <class Fn>
    auto by_priority(Fn&& per_priority) const { return per_priority(t.priority); }
};

struct CallRowValues : RowValues {
    const CallRecord& c;

    explicit CallRowValues(const CallRecord& call) : c(call) {}

    bool answered() const { return c.answered; }
    double wait() const { return c.wait_sec; }
    double handle() const { return c.handle_sec; }
};

// Adds one row's facts to a period's state as the state's table of StatSum says.
template <class Stats, class Facts, class Table>
inline void add_row_facts(Stats& stats, const Facts& facts, const Table& table) {
    std::apply(
        [&](const auto&... entry) {
            auto add = [&]<class Entry>(const Entry& e) {
                auto& target = stats.*e.target;
                if constexpr (Entry::tally == Tally::rows) {
                    ++target;
                } else if constexpr (Entry::tally == Tally::holds) {
                    target += facts.*e.fact;
                } else if constexpr (Entry::tally == Tally::known) {
                    target += present(facts.*e.fact);
                } else {
                    const double v = facts.*e.fact;
                    if (!present(v)) return;
                    target += v;
                    if constexpr (requires { stats.keep_distributions; })
                        if (e.values && stats.keep_distributions) (stats.*e.values).push_back(v);
                }
            };
            (add(entry), ...);
        },
        table);
}

// Adds another state of the same table (a chunk, a thread's part) to `stats`.
template <class Stats, class Table>
inline void merge_stats(Stats& stats, const Stats& other, const Table& table) {
    std::apply(
        [&](const auto&... entry) {
            auto merge = [&](const auto& e) {
                stats.*e.target += other.*e.target;
                if (e.values) (stats.*e.values).append(other.*e.values);
            };
            (merge(entry), ...);
        },
        table);
}

}  // namespace cskpi
