#include "ingest/chunk_parser.hpp"

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "core/export_text.hpp"
#include "ingest/csv/csv_rule.hpp"
#include "ingest/encoding/text_decoder.hpp"

namespace cskpi {

namespace {

// At most one row per line end, plus a last row without one. CR-only files have no LF.
std::size_t max_rows(const char* begin, const char* end) {
    std::size_t n = csv_rule::count_byte(begin, end, '\n');
    if (n == 0) n = csv_rule::count_byte(begin, end, '\r');
    return n + 1;
}

}  // namespace

template <class Record>
void parse_chunk(char* begin, char* end, RowParser& parser, AgentNumbering& agents, const CsvTokenizer& tokenizer,
                 std::size_t samples_per_reason, ChunkResult<Record>& out) {
    CsvRecord record;
    Reject reject;
    char* cursor = begin;
    // Exact capacity up front: no doubling slack held until the whole file is read.
    const std::size_t rows = max_rows(begin, end);
    out.records.reserve(rows);
    out.keys.reserve(rows);
    parser.set_block_validated(is_valid_utf8(std::string_view(begin, std::size_t(end - begin))));
    std::int64_t line = 0;
    std::array<std::size_t, kRejectReasonCount> sampled{};
    out.agent_numbering = agents.id();
    out.first_agent_number = agents.next();
    while (tokenizer.next(cursor, end, record)) {
        const std::int64_t row_line = line;
        line += record.line_breaks;
        if (record.open_quote) {  // the rest of the data is one open field: no row can be told
            out.open_quote_line = row_line + record.open_quote_line;
            out.open_quote_text = quote_export_text(record.fields.back().substr(0, 40), 40);
            break;
        }
        if (record.blank) continue;
        ++out.rows_read;
        Record r;
        const bool accepted = parser.parse(record, reject) && parser.build(r, reject);
        if (!parser.spelling_events().empty()) out.spellings.add(parser.spelling_events(), row_line);
        if (accepted) {
            out.records.push_back(r);
            if constexpr (std::is_same_v<Record, TicketRecord>) {
                SurveyRecord rating;
                if (parser.ticket_survey(r, rating)) out.ticket_surveys.emplace_back(out.records.size() - 1, rating);
            }
            out.keys.push_back(id_key(parser.value(0).text));
            out.lines.add(out.records.size() - 1, row_line);
            if constexpr (std::is_same_v<Record, TicketRecord>) {
                // A team the parser keyed before (this block or an earlier one of this
                // thread) has its name in that block's dictionary; the merge joins them all.
                if (r.team != 0 && parser.team_newly_keyed())
                    out.team_names.try_emplace(r.team, parser.value(tickets_col::team).text);
                if (const auto& agent = parser.value(tickets_col::agent_id); agent.present)
                    out.records.set_agent(out.records.size() - 1, agents.number(agent.text, out.agent_names));
            }
            continue;
        }
        const std::size_t reason = index_of(reject.reason);
        ++out.reject_counts[reason];
        if (sampled[reason] < samples_per_reason) {
            ++sampled[reason];
            out.samples.push_back({row_line, reject.reason, std::move(reject.detail)});
        }
    }
    out.line_breaks = line;
}

template void parse_chunk(char*, char*, RowParser&, AgentNumbering&, const CsvTokenizer&, std::size_t, ChunkResult<TicketRecord>&);
template void parse_chunk(char*, char*, RowParser&, AgentNumbering&, const CsvTokenizer&, std::size_t, ChunkResult<SurveyRecord>&);
template void parse_chunk(char*, char*, RowParser&, AgentNumbering&, const CsvTokenizer&, std::size_t, ChunkResult<AgentRecord>&);
template void parse_chunk(char*, char*, RowParser&, AgentNumbering&, const CsvTokenizer&, std::size_t, ChunkResult<CallRecord>&);

}  // namespace cskpi
