#pragma once
// Compares two ingests of one export field by field: the rows (typed records, in order),
// the row accounting, every sampled reject (line, reason, detail), or the error that
// stopped the run. The differential test and the fuzz harness (tests/fuzz) both use it.
#include <cmath>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "ingest/ingest.hpp"

namespace cskpi::test {

inline bool same_double(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

inline bool same_record(const TicketRecord& a, const TicketRecord& b) {
    return a.created == b.created && a.first_response == b.first_response && a.resolved == b.resolved &&
           a.due == b.due && same_double(a.handle_time_sec, b.handle_time_sec) && a.customer == b.customer &&
           a.team == b.team && a.contacts == b.contacts && a.reopens == b.reopens && a.priority == b.priority &&
           a.channel == b.channel && a.tier == b.tier && a.complaint == b.complaint;
}
inline bool same_record(const SurveyRecord& a, const SurveyRecord& b) {
    return a.submitted == b.submitted && a.ticket == b.ticket && a.csat == b.csat && a.nps == b.nps;
}
inline bool same_record(const AgentRecord& a, const AgentRecord& b) {
    return a.hired_day == b.hired_day && a.left_day == b.left_day && a.core == b.core;
}
inline bool same_record(const CallRecord& a, const CallRecord& b) {
    return a.offered == b.offered && same_double(a.wait_sec, b.wait_sec) && same_double(a.handle_sec, b.handle_sec) &&
           a.answered == b.answered;
}

// What one ingest came to: its result, or the message of the InputError that stopped it.
template <class Record>
struct IngestOutcome {
    std::optional<IngestedSource<Record>> result;
    std::string error;
};

template <class Record>
IngestOutcome<Record> ingest_outcome(const SourceConfig& source, const LocalSource& local,
                                     const IngestOptions& options) {
    IngestOutcome<Record> out;
    try {
        out.result = ingest_source<Record>(source, local, options);
    } catch (const InputError& e) {
        out.error = e.what();
    }
    return out;
}

// "" when a and b are the same, else the first difference.
template <class Record>
std::string difference(const IngestOutcome<Record>& a, const IngestOutcome<Record>& b) {
    std::ostringstream d;
    if (a.error != b.error) {
        d << "error: '" << a.error << "' vs '" << b.error << "'";
        return d.str();
    }
    if (!a.result || !b.result) return "";
    const SourceReport& x = a.result->report;
    const SourceReport& y = b.result->report;
    if (x.rows_read != y.rows_read || x.rows_accepted != y.rows_accepted || x.rows_rejected != y.rows_rejected) {
        d << "rows read/accepted/rejected: " << x.rows_read << "/" << x.rows_accepted << "/" << x.rows_rejected
          << " vs " << y.rows_read << "/" << y.rows_accepted << "/" << y.rows_rejected;
        return d.str();
    }
    if (x.rejects != y.rejects) return "reject counts differ";
    if (x.bytes != y.bytes || x.sha256 != y.sha256) return "bytes or sha256 differ";
    if (x.first_rejects.size() != y.first_rejects.size()) {
        d << "sampled rejects: " << x.first_rejects.size() << " vs " << y.first_rejects.size();
        return d.str();
    }
    for (std::size_t i = 0; i < x.first_rejects.size(); ++i) {
        const auto& p = x.first_rejects[i];
        const auto& q = y.first_rejects[i];
        if (p.line != q.line || p.reason != q.reason || p.detail != q.detail) {
            d << "reject " << i << ": line " << p.line << " " << to_string(p.reason) << " '" << p.detail << "' vs line "
              << q.line << " " << to_string(q.reason) << " '" << q.detail << "'";
            return d.str();
        }
    }
    std::vector<const Record*> ra, rb;
    a.result->for_each([&](const Record& r) { ra.push_back(&r); });
    b.result->for_each([&](const Record& r) { rb.push_back(&r); });
    if (ra.size() != rb.size()) {
        d << "rows kept: " << ra.size() << " vs " << rb.size();
        return d.str();
    }
    for (std::size_t i = 0; i < ra.size(); ++i)
        if (!same_record(*ra[i], *rb[i])) {
            d << "row " << i << " differs";
            return d.str();
        }
    if (a.result->team_names != b.result->team_names) return "team names differ";
    if (a.result->key_tier_ids != b.result->key_tier_ids) return "key-tier ids differ";
    return "";
}

}  // namespace cskpi::test
