#include "ingest/ingest.hpp"

namespace cskpi {

SurveySource surveys_from_ticket_ratings(TicketSource& tickets) {
    SurveySource surveys;
    const auto rows = std::int64_t(tickets.ticket_surveys.size());
    surveys.chunks.push_back(std::move(tickets.ticket_surveys));
    tickets.ticket_surveys.clear();
    SourceReport& r = surveys.report;
    const SourceReport& t = tickets.report;
    r.name = "surveys";
    r.uri = t.uri + " (" + tickets.binding.satisfaction_header + ")";
    r.sha256 = t.sha256;
    r.from_cache = t.from_cache;
    r.etag = t.etag;
    r.last_modified = t.last_modified;
    r.fetched_at = t.fetched_at;
    // One response per rated ticket the tickets export accepted; nothing of its own to reject.
    r.rows_read = rows;
    r.rows_accepted = rows;
    return surveys;
}

}  // namespace cskpi
