#pragma once
// The accepted tickets of one block in 40 bytes a row instead of TicketRecord's 64: the
// rows are what a run holds longest (until the month fold), so their size sets its peak.
// Times are kept as offsets from created_at in milliseconds (±24.8 days) or, when every
// offset is whole seconds, as most exports write them, in seconds (±68 years: tickets
// resolved after weeks stay packed); the handle time in whole milliseconds, small counts in
// six bits. A row that does not fit exactly (a sub-second offset beyond ±24.8 days, a
// handle time with more than three decimals, a count above 62, …) is kept whole beside the
// packed rows: reading a row back always gives the TicketRecord that was stored, bit for bit.
#include <cstdint>
#include <iterator>
#include <vector>

#include "core/memory.hpp"
#include "ingest/records.hpp"

namespace cskpi {

struct PackedTicket {
    std::int64_t created : 44;  // ms since the epoch: ±278 years
    std::uint64_t contacts : 6, reopens : 6;  // kNoCount = absent
    std::uint64_t tier : 2, complaint : 1, wide : 1, priority : 2, in_seconds : 1, unused : 1;
    std::uint64_t customer;  // id key; for a wide row, its index among the wide rows
    std::int32_t first_response, resolved, due;  // offsets from created (ms, or s if in_seconds); kNoOffset = absent
    std::int32_t handle_ms;                      // kNoOffset = absent
    std::uint32_t team;
    std::uint32_t agent : 24, channel : 3, unused2 : 5;
};
static_assert(sizeof(PackedTicket) == 40, "a stored ticket row stays 40 bytes");

class TicketRows {
public:
    using value_type = TicketRecord;

    void reserve(std::size_t n) { rows_.reserve(n); }
    std::size_t size() const { return rows_.size(); }
    std::size_t capacity() const { return rows_.capacity(); }
    bool empty() const { return rows_.empty(); }
    PackedTicket* data() { return rows_.data(); }

    void push_back(const TicketRecord& t);
    TicketRecord operator[](std::size_t i) const;
    // Single fields without unpacking the whole row.
    std::uint32_t agent(std::size_t i) const { return rows_[i].wide ? wide_[rows_[i].customer].agent : rows_[i].agent; }
    std::uint64_t customer(std::size_t i) const { return rows_[i].wide ? wide_[rows_[i].customer].customer : rows_[i].customer; }
    Tier tier(std::size_t i) const { return Tier(rows_[i].tier); }
    bool packed(std::size_t i) const { return !rows_[i].wide; }  // false: kept whole
    void set_agent(std::size_t i, std::uint32_t agent);
    // Row `from` becomes row `to` (to <= from): how superseded rows are squeezed out.
    void move_row(std::size_t from, std::size_t to) { rows_[to] = rows_[from]; }
    void resize(std::size_t n) { rows_.resize(n); }
    void swap(TicketRows& other) noexcept {
        rows_.swap(other.rows_);
        wide_.swap(other.wide_);
    }

    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = TicketRecord;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = TicketRecord;
        const_iterator(const TicketRows* rows, std::size_t i) : rows_(rows), i_(i) {}
        TicketRecord operator*() const { return (*rows_)[i_]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

    private:
        const TicketRows* rows_;
        std::size_t i_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, rows_.size()}; }

private:
    PackedTicket keep_whole(const TicketRecord& t);

    std::vector<PackedTicket, MappedAllocator<PackedTicket>> rows_;  // unmapped as soon as the block is folded
    std::vector<TicketRecord> wide_;  // the rows that do not pack exactly
};

// How a block keeps its rows: tickets packed, the other exports as they are.
template <class Record>
struct RowStorage {
    using type = std::vector<Record>;
};
template <>
struct RowStorage<TicketRecord> {
    using type = TicketRows;
};
template <class Record>
using Rows = typename RowStorage<Record>::type;

template <class Record>
void move_row(std::vector<Record>& rows, std::size_t from, std::size_t to) {
    rows[to] = rows[from];
}
inline void move_row(TicketRows& rows, std::size_t from, std::size_t to) { rows.move_row(from, to); }

}  // namespace cskpi
