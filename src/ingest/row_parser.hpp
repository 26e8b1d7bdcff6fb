#pragma once
// Turns one CSV record into typed values and then into a compact record, or into exactly
// one reject reason, in the order docs/contract/inputs.md fixes: field_count, then the first faulty
// column in header order, then time_order (duplicate_id is decided after the whole file).
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/timestamp.hpp"
#include "ingest/csv/csv_tokenizer.hpp"
#include "ingest/encoding/text_decoder.hpp"
#include "ingest/records.hpp"
#include "ingest/schema.hpp"
#include "ingest/short_text_cache.hpp"
#include "model/reject_reason.hpp"

namespace cskpi {

struct FieldValue {
    bool present = false;
    Millis instant = 0;           // timestamp
    std::int32_t day = 0;         // date
    double number = 0;            // integer and number
    bool flag = false;            // boolean
    std::uint8_t code = 0;        // priority / channel / tier
    std::string_view text;        // text (UTF-8, trimmed); valid until the next row
};

// A value no spelling knew, in the row just parsed: `caught` when a catch-all
// (`value.<column>.*`) read it, otherwise it rejected the row (or, for a ticket's
// satisfaction rating, was not counted as a response).
struct SpellingEvent {
    std::string_view column;    // canonical column, or the satisfaction rating's header
    std::string_view text;      // valid until the next row
    std::string_view mapped_to; // the catch-all's canonical value; empty = not read
};
// The spellings a priority, channel or customer_tier column accepts, with the code each
// maps to (the enum's value); English ones match case-insensitively, Chinese ones exactly.
struct EnumSpelling {
    std::string_view text;
    std::uint8_t code;
};
std::vector<EnumSpelling> enum_spellings(FieldType type);

struct Reject {
    RejectReason reason = RejectReason::field_count;
    std::string detail;  // which column and value; export text escaped and clipped (core/export_text.hpp)
};

class RowParser {
public:
    RowParser(SourceKind kind, const HeaderBinding& binding, const SourceConfig& source, const std::string& timezone);
    RowParser(const RowParser&) = delete;  // its steps point into its own vectors
    RowParser& operator=(const RowParser&) = delete;

    // Returns false and fills `reject` when the row is rejected.
    bool parse(const CsvRecord& record, Reject& reject);
    const FieldValue& value(int column) const { return values_[std::size_t(column)]; }
    // A UTF-8 block that validated as a whole needs no per-field check (a valid block
    // splits into valid fields: delimiters are ASCII).
    void set_block_validated(bool validated) {
        decoder_.set_block_validated(validated && decoder_.encoding() == Encoding::utf8);
    }

    // Unknown spellings met in the last parse() (in header order, up to the first fault).
    const std::vector<SpellingEvent>& spelling_events() const { return events_; }
    // The ticket's own satisfaction rating as a survey response (presets.hpp), after a
    // successful build(TicketRecord); false when the row carries none.
    bool ticket_survey(const TicketRecord& ticket, SurveyRecord& out) const;

    bool build(TicketRecord& out, Reject& reject) const;
    // The last build(TicketRecord) met a team this parser had not named before: the caller
    // records the team's name with the key (once per parser; the merge joins them all).
    bool team_newly_keyed() const { return team_newly_keyed_; }
    bool build(SurveyRecord& out, Reject& reject) const;
    bool build(AgentRecord& out, Reject& reject) const;
    bool build(CallRecord& out, Reject& reject) const;

private:
    enum class FieldFault { encoding, empty, timestamp, date, boolean, number, range, enum_value };

    // What a header position feeds, and for a column what parse_field needs of its spec
    // and spellings: precomputed so the row loop does no binding or spec lookups.
    enum class FieldAction : std::uint8_t { ignore, column, satisfaction, duration };
    struct FieldStep {
        FieldAction action = FieldAction::ignore;
        FieldType type = FieldType::text;  // of the column
        bool required = false;             // of the column
        bool respelled = false;            // the column has spellings (respellings_)
        int target = -1;                   // the column, or the index into binding_.derived
        // A column's spec, value and scratch, resolved once: through the vectors each field
        // reloaded their data pointers (a store to a value may alias them).
        const ColumnSpec* spec = nullptr;
        FieldValue* value = nullptr;
        std::string* scratch = nullptr;
    };

    // Inlined into parse(): a call per field cost more than the work of most fields.
    [[gnu::always_inline]] inline bool parse_field(const FieldStep& step, std::string_view raw, Reject& reject);
    [[gnu::cold, gnu::noinline]] bool reject_field(const ColumnSpec& spec, FieldFault fault, std::string_view text,
                                                   Reject& reject) const;
    bool parse_duration(std::size_t derived, std::string_view raw, Reject& reject);
    std::string_view respell(int column, std::string_view text) const;
    void read_satisfaction(int header_at, std::string_view raw);

    struct Respelling {
        std::string spelling;
        std::string canonical;
    };
    struct Duration {
        bool present = false;
        double ms = 0;
    };

    const std::vector<ColumnSpec>& columns_;
    const HeaderBinding& binding_;
    const SourceConfig& source_;
    ZoneClock clock_;
    FieldDecoder decoder_;
    std::vector<FieldStep> steps_;  // per header position
    std::vector<FieldValue> values_;
    std::vector<std::string> scratch_;  // decoded text per column
    // Per column: hand spellings (`value.<column>.<spelling>`) first, then the preset's.
    std::vector<std::vector<Respelling>> respellings_;
    std::vector<Duration> durations_;  // per binding_.derived, for the current row
    std::string duration_scratch_;
    std::vector<std::string> catch_all_;  // per column: the catch-all's canonical value, "" = none
    std::vector<SpellingEvent> events_;
    // Ticket satisfaction rating (presets.hpp PresetSatisfaction).
    std::vector<std::pair<std::string, std::int8_t>> scores_;
    std::vector<std::string> not_rated_;
    std::string satisfaction_header_, satisfaction_scratch_, updated_scratch_;
    // Team text -> dictionary key: build() sees the teams of an export again and again.
    mutable ShortTextCache<std::uint32_t, 512> team_keys_;
    // The keys whose team names this parser has handed out (team_newly_keyed): once per
    // parser, not per block, and whatever the cache forgot or never held (names > 16 bytes).
    mutable std::unordered_set<std::uint32_t> named_teams_;
    mutable bool team_newly_keyed_ = false;
    std::int8_t satisfaction_ = -1;
    Millis updated_ = kNoTime;
};

}  // namespace cskpi
