#include "ingest/ticket_rows.hpp"

#include <cmath>
#include <limits>

namespace cskpi {

namespace {

constexpr std::int32_t kNoOffset = std::numeric_limits<std::int32_t>::min();
constexpr std::uint64_t kNoCount = 63;
constexpr std::int64_t kCreatedLimit = std::int64_t(1) << 43;
constexpr std::uint32_t kAgentLimit = std::uint32_t(1) << 24;

// The offset of `t` from `created` in units of `unit` ms, if it fits exactly; kNoOffset
// for an absent time.
inline bool offset_of(Millis t, Millis created, Millis unit, std::int32_t& out) {
    if (t == kNoTime) {
        out = kNoOffset;
        return true;
    }
    const Millis d = t - created;
    if (d % unit != 0) return false;
    const Millis units = d / unit;
    if (units <= Millis(kNoOffset) || units > Millis(std::numeric_limits<std::int32_t>::max())) return false;
    out = std::int32_t(units);
    return true;
}

// The three offsets in milliseconds, else in whole seconds (a resolution weeks later).
bool offsets_of(const TicketRecord& t, std::int32_t& fr, std::int32_t& rs, std::int32_t& due, bool& in_seconds) {
    in_seconds = false;
    if (offset_of(t.first_response, t.created, 1, fr) && offset_of(t.resolved, t.created, 1, rs) &&
        offset_of(t.due, t.created, 1, due)) [[likely]]
        return true;
    in_seconds = true;
    return offset_of(t.first_response, t.created, 1000, fr) && offset_of(t.resolved, t.created, 1000, rs) &&
           offset_of(t.due, t.created, 1000, due);
}

bool count_of(std::int16_t n, std::uint64_t& out) {
    if (n == -1) {
        out = kNoCount;
        return true;
    }
    if (n < 0 || std::uint64_t(n) >= kNoCount) return false;
    out = std::uint64_t(n);
    return true;
}

// Whole milliseconds that read back as exactly the same double; kNoOffset for absent.
bool handle_ms_of(double seconds, std::int32_t& out) {
    if (!present(seconds)) {
        out = kNoOffset;
        return true;
    }
    const double ms = std::round(seconds * 1000.0);
    if (!(ms > double(kNoOffset) && ms <= double(std::numeric_limits<std::int32_t>::max()))) return false;
    if (std::signbit(seconds)) return false;
    // Whole seconds (what exports mostly write) read back exactly; only a fraction needs the
    // division that proves it.
    const bool whole = double(std::int64_t(seconds)) == seconds;
    if (!whole && double(std::int32_t(ms)) / 1000.0 != seconds) return false;
    out = std::int32_t(ms);
    return true;
}

bool pack(const TicketRecord& t, PackedTicket& p) {
    if (t.created <= -kCreatedLimit || t.created >= kCreatedLimit || t.agent >= kAgentLimit) return false;
    std::int32_t fr, rs, due, handle;
    std::uint64_t contacts, reopens;
    bool in_seconds = false;
    if (!offsets_of(t, fr, rs, due, in_seconds) || !handle_ms_of(t.handle_time_sec, handle) ||
        !count_of(t.contacts, contacts) || !count_of(t.reopens, reopens))
        return false;
    p = PackedTicket{};
    p.created = t.created;
    p.in_seconds = in_seconds;
    p.contacts = contacts;
    p.reopens = reopens;
    p.tier = std::uint64_t(t.tier);
    p.complaint = t.complaint;
    p.priority = std::uint64_t(t.priority);
    p.customer = t.customer;
    p.first_response = fr;
    p.resolved = rs;
    p.due = due;
    p.handle_ms = handle;
    p.team = t.team;
    p.agent = t.agent;
    p.channel = std::uint32_t(t.channel);
    return true;
}

Millis time_of(std::int32_t offset, Millis created, Millis unit) {
    return offset == kNoOffset ? kNoTime : created + Millis(offset) * unit;
}

}  // namespace

void TicketRows::push_back(const TicketRecord& t) {
    PackedTicket p;
    if (!pack(t, p)) p = keep_whole(t);
    rows_.push_back(p);
}

PackedTicket TicketRows::keep_whole(const TicketRecord& t) {
    PackedTicket p{};
    p.wide = 1;
    p.tier = std::uint64_t(t.tier);  // tier() reads it from the packed row either way
    p.customer = wide_.size();
    wide_.push_back(t);
    return p;
}

TicketRecord TicketRows::operator[](std::size_t i) const {
    const PackedTicket& p = rows_[i];
    if (p.wide) return wide_[p.customer];
    TicketRecord t;
    t.created = p.created;
    if (p.in_seconds) [[unlikely]] {
        t.first_response = time_of(p.first_response, t.created, 1000);
        t.resolved = time_of(p.resolved, t.created, 1000);
        t.due = time_of(p.due, t.created, 1000);
    } else {
        t.first_response = time_of(p.first_response, t.created, 1);
        t.resolved = time_of(p.resolved, t.created, 1);
        t.due = time_of(p.due, t.created, 1);
    }
    t.handle_time_sec = p.handle_ms == kNoOffset ? kAbsent : double(p.handle_ms) / 1000.0;
    t.customer = p.customer;
    t.team = p.team;
    t.contacts = p.contacts == kNoCount ? std::int16_t(-1) : std::int16_t(p.contacts);
    t.reopens = p.reopens == kNoCount ? std::int16_t(-1) : std::int16_t(p.reopens);
    t.priority = Priority(p.priority);
    t.channel = Channel(p.channel);
    t.tier = Tier(p.tier);
    t.complaint = p.complaint;
    t.agent = p.agent;
    return t;
}

void TicketRows::set_agent(std::size_t i, std::uint32_t agent) {
    PackedTicket& p = rows_[i];
    if (p.wide) {
        wide_[p.customer].agent = agent;
    } else if (agent < kAgentLimit) {
        p.agent = agent;
    } else {  // an agent index beyond 24 bits: the row is kept whole from now on
        TicketRecord t = (*this)[i];
        t.agent = agent;
        p = keep_whole(t);
    }
}

}  // namespace cskpi
