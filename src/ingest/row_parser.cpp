#include "ingest/row_parser.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/export_text.hpp"
#include "core/errors.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "ingest/presets.hpp"

namespace cskpi {

namespace {

struct Spelling {
    std::string_view text;
    std::uint8_t code;
};

// English spellings match case-insensitively; Chinese ones exactly.
constexpr Spelling kPriorities[] = {{"urgent", 0}, {"high", 1}, {"normal", 2}, {"low", 3}, {"紧急", 0},
                                    {"高", 1},     {"普通", 2}, {"中", 2},     {"低", 3}};
constexpr Spelling kChannels[] = {{"phone", 0}, {"chat", 1}, {"email", 2}, {"social", 3}, {"web", 4}, {"other", 5},
                                  {"电话", 0},  {"在线", 1}, {"邮件", 2},  {"社交", 3},   {"网页", 4}};
constexpr Spelling kTiers[] = {{"key", 1},  {"potential", 2}, {"regular", 3},
                               {"关键", 1}, {"潜力", 2},      {"普通", 3}};

// A table's spellings folded once (every one is at most 16 bytes): a field is folded once
// and compared a word pair at a time, not byte by byte against each spelling.
template <std::size_t N>
struct FoldedSpellings {
    std::array<ShortFold, N> folds;
    std::array<std::uint8_t, N> codes;
    explicit FoldedSpellings(const Spelling (&table)[N]) {
        for (std::size_t i = 0; i < N; ++i) {
            folds[i] = fold_short(table[i].text);
            codes[i] = table[i].code;
        }
    }
};

const FoldedSpellings kPriorityFolds(kPriorities);
const FoldedSpellings kChannelFolds(kChannels);
const FoldedSpellings kTierFolds(kTiers);

template <std::size_t N>
std::optional<std::uint8_t> lookup(const FoldedSpellings<N>& table, std::string_view text) {
    const ShortFold f = fold_short(text);
    for (std::size_t i = 0; i < N; ++i)
        if (table.folds[i] == f) return table.codes[i];
    return std::nullopt;
}

std::string quoted(std::string_view v) { return quote_export_text(v); }

std::string number_text(double v) {
    const auto whole = static_cast<long long>(v);
    return double(whole) == v ? std::to_string(whole) : std::to_string(v);
}

// " (1..5)", " (at least 0)": the bounds of docs/contract/inputs.md a value missed.
std::string range_text(const ColumnSpec& spec) {
    const bool low = std::isfinite(spec.min), high = std::isfinite(spec.max);
    if (low && high) return " (" + number_text(spec.min) + ".." + number_text(spec.max) + ")";
    if (low) return " (at least " + number_text(spec.min) + ")";
    if (high) return " (at most " + number_text(spec.max) + ")";
    return "";
}

// A whole number in the integer syntax (optional sign, digits) too large for 64 bits: well
// formed, so past any plausibility bound rather than not a number.
bool is_huge_integer(std::string_view s) {
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
    if (s.size() < 19) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

std::vector<EnumSpelling> enum_spellings(FieldType type) {
    std::vector<EnumSpelling> out;
    auto add = [&](const auto& table) {
        for (const auto& s : table) out.push_back({s.text, s.code});
    };
    if (type == FieldType::priority) add(kPriorities);
    else if (type == FieldType::channel) add(kChannels);
    else if (type == FieldType::tier) add(kTiers);
    return out;
}

RowParser::RowParser(SourceKind kind, const HeaderBinding& binding, const SourceConfig& source,
                     const std::string& timezone)
    : columns_(columns_of(kind)),
      binding_(binding),
      source_(source),
      clock_(timezone),
      decoder_(parse_encoding(source.encoding)),
      values_(columns_.size()),
      scratch_(columns_.size()),
      respellings_(columns_.size()),
      durations_(binding.derived.size()),
      catch_all_(columns_.size()) {
    const Preset& preset = preset_for(source.preset, kind);
    for (const auto& c : preset.catch_alls) catch_all_[std::size_t(c.column)] = std::string(c.canonical);
    for (const auto& [field, spellings] : source.value_map)
        for (std::size_t c = 0; c < columns_.size(); ++c)
            if (iequals(columns_[c].name, trim(field)))
                for (const auto& [spelling, canonical] : spellings) {
                    if (trim(spelling) == kCatchAllSpelling) catch_all_[c] = std::string(trim(canonical));
                    else respellings_[c].push_back({std::string(trim(spelling)), std::string(trim(canonical))});
                }
    for (const auto& s : preset.spellings)
        respellings_[std::size_t(s.column)].push_back({std::string(s.spelling), std::string(s.canonical)});
    // A catch-all must name a value the column knows.
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (catch_all_[c].empty()) continue;
        const std::string_view target = respell(int(c), catch_all_[c]);
        const FieldType type = columns_[c].type;
        const bool known = type == FieldType::boolean   ? parse_bool(target).has_value()
                           : type == FieldType::priority ? lookup(kPriorityFolds, target).has_value()
                           : type == FieldType::channel  ? lookup(kChannelFolds, target).has_value()
                           : type == FieldType::tier     ? lookup(kTierFolds, target).has_value()
                                                         : false;
        if (!known)
            throw UsageError(source.name + ": value." + std::string(columns_[c].name) + ".* = " + catch_all_[c] +
                             ": not a " + std::string(columns_[c].name) + " value");
    }
    if (preset.satisfaction && binding.satisfaction_at >= 0) {
        satisfaction_header_ = binding.satisfaction_header;
        for (const auto& s : preset.satisfaction->scores)
            scores_.emplace_back(std::string(s.spelling), std::int8_t(s.canonical.front() - '0'));
        for (auto n : preset.satisfaction->not_rated) not_rated_.emplace_back(n);
    }
    steps_.resize(binding.column_at.size());
    for (std::size_t h = 0; h < steps_.size(); ++h) {
        if (const int column = binding.column_at[h]; column >= 0) {
            const ColumnSpec& spec = columns_[std::size_t(column)];
            steps_[h] = {FieldAction::column,
                         spec.type,
                         spec.required,
                         !respellings_[std::size_t(column)].empty(),
                         column,
                         &spec,
                         &values_[std::size_t(column)],
                         &scratch_[std::size_t(column)]};
        } else if (!satisfaction_header_.empty() &&
                   (int(h) == binding.satisfaction_at || int(h) == binding.updated_at)) {
            steps_[h] = {.action = FieldAction::satisfaction, .target = int(h)};
        } else if (h < binding.derived_at.size() && binding.derived_at[h] >= 0) {
            steps_[h] = {.action = FieldAction::duration, .target = binding.derived_at[h]};
        }
    }
}

std::string_view RowParser::respell(int column, std::string_view text) const {
    for (const auto& r : respellings_[std::size_t(column)])
        if (r.spelling == text || iequals(r.spelling, text)) return r.canonical;
    return text;
}

bool RowParser::parse_duration(std::size_t derived, std::string_view raw, Reject& reject) {
    const DerivedBinding& d = binding_.derived[derived];
    Duration& out = durations_[derived];
    const std::string_view column = columns_[std::size_t(d.column)].name;
    const auto decoded = decoder_.decode(raw, duration_scratch_);
    if (!decoded) {
        reject = {RejectReason::bad_encoding,
                  d.header + ": bytes not valid " + std::string(to_string(parse_encoding(source_.encoding)))};
        return false;
    }
    const std::string_view text = trim(*decoded);
    if (text.empty()) return true;  // no reply / not resolved
    const auto ms = parse_duration_ms(text, d.unit);
    if (!ms) {
        static constexpr std::string_view kUnits[] = {"seconds", "minutes", "hours"};
        reject = {RejectReason::bad_number, d.header + " (" + std::string(column) + "): " + quoted(text) +
                                    " is not a duration in " + std::string(kUnits[std::size_t(d.unit)])};
        return false;
    }
    if (*ms < 0) {
        reject = {RejectReason::out_of_range,
                  d.header + " (" + std::string(column) + "): " + quoted(text) + " is negative"};
        return false;
    }
    out.present = true;
    out.ms = *ms;
    return true;
}

// Rejects are rare: their detail text is built out of line, so parse_field's accept path
// keeps a small frame.
bool RowParser::reject_field(const ColumnSpec& spec, FieldFault fault, std::string_view text, Reject& reject) const {
    const std::string name(spec.name);
    switch (fault) {
        case FieldFault::encoding:
            reject = {RejectReason::bad_encoding,
                      name + ": bytes not valid " + std::string(to_string(parse_encoding(source_.encoding)))};
            break;
        case FieldFault::empty: reject = {RejectReason::missing_required, name + " is empty"}; break;
        case FieldFault::timestamp:
            reject = {RejectReason::bad_timestamp, name + ": " + quoted(text) + " is not a timestamp"};
            break;
        case FieldFault::date: reject = {RejectReason::bad_date, name + ": " + quoted(text) + " is not a date"}; break;
        case FieldFault::boolean:
            reject = {RejectReason::bad_enum, name + ": " + quoted(text) + " is not a yes/no value"};
            break;
        case FieldFault::number:
            reject = {RejectReason::bad_number, name + ": " + quoted(text) + " is not " +
                                                    (spec.type == FieldType::integer ? "an integer" : "a number")};
            break;
        case FieldFault::range:
            reject = {RejectReason::out_of_range, name + ": " + quoted(text) + " is out of range" + range_text(spec)};
            break;
        case FieldFault::enum_value:
            reject = {RejectReason::bad_enum, name + ": unknown value " + quoted(text)};
            break;
    }
    return false;
}

bool RowParser::parse_field(const FieldStep& step, std::string_view raw, Reject& reject) {
    const int column = step.target;
    const ColumnSpec& spec = *step.spec;
    FieldValue& v = *step.value;
    const auto decoded = decoder_.decode(raw, *step.scratch);
    if (!decoded) return reject_field(spec, FieldFault::encoding, {}, reject);
    std::string_view text = trim(*decoded);
    if (step.respelled) text = respell(column, text);
    if (text.empty()) {
        if (step.required) return reject_field(spec, FieldFault::empty, text, reject);
        return true;  // absent
    }
    v.present = true;
    switch (step.type) {
        case FieldType::text: v.text = text; return true;
        case FieldType::timestamp: {
            const auto t = parse_timestamp(text);
            if (!t) return reject_field(spec, FieldFault::timestamp, text, reject);
            v.instant = clock_.instant_of(*t);
            return true;
        }
        case FieldType::date: {
            const auto d = parse_date(text);
            if (!d) return reject_field(spec, FieldFault::date, text, reject);
            v.day = std::int32_t(days_from_civil(*d));
            return true;
        }
        case FieldType::boolean: {
            auto b = parse_bool(text);
            if (!b) {
                const std::string& fallback = catch_all_[std::size_t(column)];
                events_.push_back({spec.name, text, fallback});
                if (!fallback.empty()) b = parse_bool(respell(column, fallback));
            }
            if (!b) return reject_field(spec, FieldFault::boolean, text, reject);
            v.flag = *b;
            return true;
        }
        case FieldType::integer:
        case FieldType::number: {
            std::optional<double> n;
            if (step.type == FieldType::integer) {
                if (auto i = parse_int(text)) n = double(*i);
                else if (is_huge_integer(text)) n = text.front() == '-' ? -1e300 : 1e300;
            } else {
                n = parse_number(text);
            }
            if (!n) return reject_field(spec, FieldFault::number, text, reject);
            if (*n < spec.min || *n > spec.max) return reject_field(spec, FieldFault::range, text, reject);
            v.number = *n;
            return true;
        }
        default: {
            auto code_of = [&](std::string_view t) {
                return step.type == FieldType::priority  ? lookup(kPriorityFolds, t)
                       : step.type == FieldType::channel ? lookup(kChannelFolds, t)
                                                         : lookup(kTierFolds, t);
            };
            auto code = code_of(text);
            if (!code) {
                const std::string& fallback = catch_all_[std::size_t(column)];
                events_.push_back({spec.name, text, fallback});
                if (!fallback.empty()) code = code_of(respell(column, fallback));
            }
            if (!code) return reject_field(spec, FieldFault::enum_value, text, reject);
            v.code = *code;
            return true;
        }
    }
}

bool RowParser::parse(const CsvRecord& record, Reject& reject) {
    events_.clear();
    if (record.fields.size() != binding_.field_count) {
        reject = {RejectReason::field_count, std::to_string(record.fields.size()) + " fields, header has " +
                                     std::to_string(binding_.field_count)};
        return false;
    }
    for (auto& v : values_) v.present = false;
    for (auto& d : durations_) d.present = false;
    satisfaction_ = -1;
    updated_ = kNoTime;
    const std::string_view* const fields = record.fields.data();
    const FieldStep* const steps = steps_.data();
    for (std::size_t h = 0, n = record.fields.size(); h < n; ++h) {
        const FieldStep& step = steps[h];
        switch (step.action) {
            case FieldAction::column:
                if (!parse_field(step, fields[h], reject)) return false;
                break;
            case FieldAction::satisfaction: read_satisfaction(step.target, fields[h]); break;
            case FieldAction::duration:
                if (!parse_duration(std::size_t(step.target), fields[h], reject)) return false;
                break;
            case FieldAction::ignore: break;
        }
    }
    for (std::size_t i = 0; i < durations_.size(); ++i) {
        const DerivedBinding& d = binding_.derived[i];
        const FieldValue& base = values_[std::size_t(d.base_column)];
        if (!durations_[i].present || !base.present) continue;
        FieldValue& v = values_[std::size_t(d.column)];
        v.present = true;
        v.instant = base.instant + Millis(std::llround(durations_[i].ms));
    }
    return true;
}

// The rating and the update time never reject the ticket: a value that is neither a
// rating nor "not rated" is listed as an unknown spelling and is not a response.
void RowParser::read_satisfaction(int header_at, std::string_view raw) {
    const bool rating = header_at == binding_.satisfaction_at;
    std::string& scratch = rating ? satisfaction_scratch_ : updated_scratch_;
    const auto decoded = decoder_.decode(raw, scratch);
    if (!decoded) return;
    const std::string_view text = trim(*decoded);
    if (text.empty()) return;
    if (!rating) {
        if (const auto t = parse_timestamp(text)) updated_ = clock_.instant_of(*t);
        return;
    }
    for (const auto& [spelling, csat] : scores_)
        if (iequals(spelling, text)) {
            satisfaction_ = csat;
            return;
        }
    for (const auto& n : not_rated_)
        if (iequals(n, text)) return;
    events_.push_back({satisfaction_header_, text, {}});
}

bool RowParser::ticket_survey(const TicketRecord& t, SurveyRecord& s) const {
    if (satisfaction_ < 0) return false;
    s = SurveyRecord{};
    s.submitted = t.resolved != kNoTime ? t.resolved : updated_ != kNoTime ? updated_ : t.created;
    s.ticket = id_key(value(tickets_col::ticket_id).text);
    s.csat = satisfaction_;
    return true;
}

bool RowParser::build(TicketRecord& t, Reject& reject) const {
    using namespace tickets_col;
    t = TicketRecord{};
    t.created = value(created_at).instant;
    if (value(first_response_at).present) t.first_response = value(first_response_at).instant;
    if (value(resolved_at).present) t.resolved = value(resolved_at).instant;
    if (value(due_at).present) t.due = value(due_at).instant;
    if ((t.first_response != kNoTime && t.first_response < t.created) ||
        (t.resolved != kNoTime && t.resolved < t.created)) {
        reject = {RejectReason::time_order, t.first_response != kNoTime && t.first_response < t.created
                                    ? "first_response_at is before created_at"
                                    : "resolved_at is before created_at"};
        return false;
    }
    if (value(priority).present) t.priority = Priority(value(priority).code);
    if (value(channel).present) t.channel = Channel(value(channel).code);
    if (value(customer_tier).present) t.tier = Tier(value(customer_tier).code);
    if (value(customer_id).present) t.customer = id_key(value(customer_id).text);
    team_newly_keyed_ = false;
    if (value(team).present) {
        const std::string_view text = value(team).text;
        if (const std::uint32_t* key = team_keys_.find(text)) {
            t.team = *key;
        } else {
            t.team = std::uint32_t(fibonacci_hash(id_key(text)) >> 32) | 1u;  // all 64 bits count
            team_keys_.store(text, t.team);
            // Nothing below rejects the row, so a name handed out here is recorded by the
            // caller; a check added after this point would lose it for the whole run.
            team_newly_keyed_ = named_teams_.insert(t.team).second;
        }
    }
    if (value(contacts).present) t.contacts = std::int16_t(std::min(value(contacts).number, 32767.0));
    if (value(reopens).present) t.reopens = std::int16_t(std::min(value(reopens).number, 32767.0));
    t.complaint = value(complaint).present && value(complaint).flag;
    if (value(handle_time_sec).present) t.handle_time_sec = value(handle_time_sec).number;
    return true;
}

bool RowParser::build(SurveyRecord& s, Reject&) const {
    using namespace surveys_col;
    s = SurveyRecord{};
    s.submitted = value(submitted_at).instant;
    if (value(ticket_id).present) s.ticket = id_key(value(ticket_id).text);
    if (value(csat).present) s.csat = std::int8_t(value(csat).number);
    if (value(nps).present) s.nps = std::int8_t(value(nps).number);
    return true;
}

bool RowParser::build(AgentRecord& a, Reject& reject) const {
    using namespace agents_col;
    a = AgentRecord{};
    a.hired_day = value(hired_at).day;
    if (value(left_at).present) a.left_day = value(left_at).day;
    if (a.left_day != kNoDay && a.left_day < a.hired_day) {
        reject = {RejectReason::time_order, "left_at is before hired_at"};
        return false;
    }
    a.core = value(core).present && value(core).flag;
    a.agent_id = std::string(value(agent_id).text);
    if (value(team).present) a.team = std::string(value(team).text);
    if (value(role).present) a.role = std::string(value(role).text);
    return true;
}

bool RowParser::build(CallRecord& c, Reject&) const {
    using namespace calls_col;
    c = CallRecord{};
    c.offered = value(offered_at).instant;
    c.answered = value(answered).flag;
    c.wait_sec = value(wait_sec).number;
    if (value(handle_sec).present) c.handle_sec = value(handle_sec).number;
    return true;
}

}  // namespace cskpi
