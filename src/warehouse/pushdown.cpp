#include "warehouse/pushdown.hpp"

#include <Poco/Logger.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "ingest/row_parser.hpp"
#include "ingest/schema.hpp"
#include "model/reject_reason.hpp"
#include "sources/pg_connection.hpp"
#include "warehouse/sql_expr.hpp"

namespace cskpi {

namespace {

// Type OIDs of the built-in types (pg_type.oid, stable across versions).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701, kNumeric = 1700,
              kTimestamp = 1114, kTimestampTz = 1184;

bool is_float(Oid t) { return t == kFloat4 || t == kFloat8; }
bool is_numeric(Oid t) { return t == kInt2 || t == kInt4 || t == kInt8 || is_float(t) || t == kNumeric; }
bool is_integer(Oid t) { return t == kInt2 || t == kInt4 || t == kInt8; }

// One export's relation in the warehouse: its columns bound to the canonical ones.
struct Relation {
    std::string sql;  // after FROM
    std::vector<std::string> names;
    std::vector<Oid> types;
    HeaderBinding binding;
    std::vector<int> position;  // canonical column -> position in the relation, -1 = absent
};

std::string type_name(const PgConnection& conn, Oid type) {
    const PgResult r = conn.exec("SELECT format_type(" + std::to_string(type) + ", NULL)", PGRES_TUPLES_OK,
                                 "looking up a column type failed");
    return PQgetvalue(r.get(), 0, 0);
}

Relation describe(const PgConnection& conn, const SourceConfig& source, SourceKind kind) {
    if (source.preset != "generic")
        throw UsageError(conn.label() + ": warehouse.mode = pushdown reads tables in the generic layout; preset = " +
                         source.preset + " is read with mode = pull");
    Relation rel;
    rel.sql = source_relation(conn, source);
    const PgResult shape = conn.exec("SELECT * FROM " + rel.sql + " LIMIT 0", PGRES_TUPLES_OK, "the query failed");
    for (int i = 0; i < PQnfields(shape.get()); ++i) {
        rel.names.emplace_back(PQfname(shape.get(), i));
        rel.types.push_back(PQftype(shape.get(), i));
    }
    rel.binding = bind_header(kind, rel.names, source, conn.label());
    if (!rel.binding.derived.empty())
        throw UsageError(conn.label() + ": warehouse.mode = pushdown needs every timestamp as a column of its own");
    const auto& specs = columns_of(kind);
    rel.position.assign(specs.size(), -1);
    for (std::size_t h = 0; h < rel.names.size(); ++h) {
        const int c = rel.binding.column_at[h];
        if (c < 0 || rel.position[std::size_t(c)] >= 0) continue;
        rel.position[std::size_t(c)] = int(h);
        const ColumnSpec& spec = specs[std::size_t(c)];
        const Oid t = rel.types[h];
        const char* need = nullptr;
        if (spec.type == FieldType::timestamp && t != kTimestamp && t != kTimestampTz)
            need = "timestamp or timestamptz";
        else if ((spec.type == FieldType::integer || spec.type == FieldType::number) && !is_numeric(t))
            need = "a number type (integer, double precision, numeric)";
        else if (spec.type == FieldType::boolean && t != kBool)
            need = "boolean";
        if (need)
            throw InputError(conn.label() + ": column " + rel.names[h] + " (" + std::string(spec.name) + ") is " +
                             type_name(conn, t) + "; mode = pushdown needs " + need +
                             " (mode = pull reads any type as text)");
    }
    return rel;
}

// SQL text for one export, given the run's settings.
class SqlBuilder {
public:
    SqlBuilder(const PgConnection& conn, const Relation& rel, SourceKind kind, const SourceConfig& source,
               const std::string& timezone)
        : conn_(conn), rel_(rel), kind_(kind), source_(source), zone_(conn.literal(timezone)) {}

    bool has(int column) const { return rel_.position[std::size_t(column)] >= 0; }
    std::string col(int column) const { return conn_.identifier(rel_.names[std::size_t(rel_.position[std::size_t(column)])]); }
    Oid type(int column) const { return rel_.types[std::size_t(rel_.position[std::size_t(column)])]; }

    // Trimmed text as the ingest trims a field; empty = absent.
    std::string text(int column) const {
        if (!has(column)) return "NULL::text";
        return "nullif(btrim(" + col(column) + "::text, E' \\t\\r'), '')";
    }
    // Epoch milliseconds of an instant; a timestamp without zone is wall clock in the
    // report's zone, as on the file path.
    std::string millis(int column) const {
        if (!has(column)) return "NULL::bigint";
        const std::string instant = type(column) == kTimestamp ? wall_clock_instant(col(column)) : col(column);
        return "floor(extract(epoch FROM " + instant + ") * 1000)::bigint";
    }
    // The instant of a wall-clock time in the report's zone by the file path's rule
    // (docs/rules.md): in a fall-back overlap the earlier instant, in a spring-forward gap
    // the offset before the gap. `AT TIME ZONE` alone takes the later instant of an
    // overlap. Read with the offset in force a day before, the time is the earlier instant
    // of an overlap, and the one instant of any time that reads back as the same wall clock;
    // where it does not (the rest of a transition day, a gap) `AT TIME ZONE` is right.
    // `interval '24 hours'` is exact whatever the session's TimeZone ('1 day' is not).
    std::string wall_clock_instant(const std::string& ts) const {
        const std::string day_before = "(((" + ts + " - interval '1 day') AT TIME ZONE " + zone_ + ") + interval '24 hours')";
        return "(CASE WHEN (" + day_before + " AT TIME ZONE " + zone_ + ") = " + ts + " THEN " + day_before + " ELSE (" +
               ts + " AT TIME ZONE " + zone_ + ") END)";
    }
    std::string number(int column) const { return has(column) ? col(column) : "NULL::double precision"; }
    std::string flag(int column) const { return has(column) ? col(column) : "NULL::boolean"; }

    // The code of an enum column's text (NULL for an unknown spelling): the report
    // definition's value.<field>.<spelling> first, then the spellings inputs.md accepts.
    std::string enum_code(int column, const std::string& lowered_text) const {
        const ColumnSpec& spec = columns_of(kind_)[std::size_t(column)];
        const auto spellings = enum_spellings(spec.type);
        auto code_of = [&](std::string_view text) -> std::string {
            for (const auto& s : spellings)
                if (iequals(s.text, text)) return std::to_string(s.code);
            return "NULL";
        };
        std::string sql = "CASE " + lowered_text;
        for (const auto& [field, respellings] : source_.value_map)
            if (iequals(trim(field), spec.name))
                for (const auto& [spelling, canonical] : respellings)
                    sql += " WHEN lower(" + conn_.literal(std::string(trim(spelling))) + ") THEN " + code_of(trim(canonical));
        for (const auto& s : spellings)
            sql += " WHEN lower(" + conn_.literal(std::string(s.text)) + ") THEN " + std::to_string(s.code);
        return sql + " END";
    }

    // The reject reason of a row, in the order of docs/contract/inputs.md: the first faulty
    // column in the relation's column order, then time_order. `value_of(column)` is the
    // expression of a column in the source CTE.
    template <class ValueOf>
    std::string reject_case(ValueOf value_of, const std::string& time_order) const {
        const auto& specs = columns_of(kind_);
        std::string sql = "CASE";
        for (std::size_t h = 0; h < rel_.names.size(); ++h) {
            const int c = rel_.binding.column_at[h];
            if (c < 0 || rel_.position[std::size_t(c)] != int(h)) continue;
            const ColumnSpec& spec = specs[std::size_t(c)];
            const std::string v = value_of(c);
            if (spec.required) sql += " WHEN " + v + " IS NULL THEN 'missing_required'";
            if (spec.type == FieldType::integer || spec.type == FieldType::number) {
                if (is_float(type(c)) || type(c) == kNumeric) sql += " WHEN " + v + " = 'NaN' THEN 'bad_number'";
                if (spec.type == FieldType::integer && !is_integer(type(c)))
                    sql += " WHEN " + v + " <> trunc(" + v + ") THEN 'bad_number'";
                if (std::isfinite(spec.min)) sql += " WHEN " + v + " < " + number_literal(spec.min) + " THEN 'out_of_range'";
                if (std::isfinite(spec.max)) sql += " WHEN " + v + " > " + number_literal(spec.max) + " THEN 'out_of_range'";
            }
            if (spec.type == FieldType::priority || spec.type == FieldType::channel || spec.type == FieldType::tier)
                sql += " WHEN " + v + " IS NOT NULL AND " + enum_code(c, v) + " IS NULL THEN 'bad_enum'";
        }
        if (!time_order.empty()) sql += " WHEN " + time_order + " THEN 'time_order'";
        return sql == "CASE" ? "NULL::text" : sql + " END";
    }

    static std::string number_literal(double v) { return Sql::number(v).text(); }

private:
    const PgConnection& conn_;
    const Relation& rel_;
    SourceKind kind_;
    const SourceConfig& source_;
    std::string zone_;
};

// Appended to a source CTE's SELECT. PostgreSQL inlines a CTE read once and then copies
// each column's expression into every reference to it (a created time is referenced a
// dozen times: rejects, month, facts), re-evaluating its time zone conversions each time;
// OFFSET 0 keeps the CTE a subquery of its own, so each expression runs once per row.
constexpr const char* kOnce = " OFFSET 0";

// Month index of an instant (PeriodFrame::month_of): -1 outside both years or at/after as_of.
std::string month_case(const PeriodFrame& frame, const std::string& instant) {
    std::string bounds;
    for (const Millis b : frame.month_start) bounds += (bounds.empty() ? "" : ",") + std::to_string(b);
    return "CASE WHEN " + instant + " < " + std::to_string(frame.as_of) + " AND " + instant +
           " >= " + std::to_string(frame.month_start.front()) + " AND " + instant + " < " +
           std::to_string(frame.month_start.back()) + " THEN width_bucket(" + instant + ", ARRAY[" + bounds +
           "]::bigint[]) - 1 ELSE -1 END";
}

// The tickets as typed CTEs `<p>src` (canonical values) and `<p>typed` (with codes,
// reject reason and month).
std::string ticket_ctes(const PgConnection& conn, const Relation& rel, const SourceConfig& source,
                        const std::string& timezone, const PeriodFrame& frame, const std::string& p) {
    using namespace tickets_col;
    const SqlBuilder b(conn, rel, SourceKind::tickets, source, timezone);
    auto lowered = [&](int c) { return b.has(c) ? "lower(" + b.text(c) + ")" : std::string("NULL::text"); };
    std::string src = "SELECT " + b.text(ticket_id) + " AS id, " + b.millis(created_at) + " AS cr, " +
                      b.millis(first_response_at) + " AS fr, " + b.millis(resolved_at) + " AS rs, " +
                      b.millis(due_at) + " AS due, " + lowered(priority) + " AS prio_t, " + lowered(channel) +
                      " AS chan_t, " + b.text(team) + " AS team, " + b.text(agent_id) + " AS agent, " + b.text(customer_id) + " AS customer, " +
                      lowered(customer_tier) + " AS tier_t, " + b.number(contacts) + " AS contacts, " +
                      b.number(reopens) + " AS reopens, " + b.flag(complaint) + " AS complaint, " +
                      b.number(handle_time_sec) + " AS handle FROM " + rel.sql + kOnce;
    const std::map<int, std::string> value_of = {{ticket_id, "id"},     {created_at, "cr"},    {first_response_at, "fr"},
                                                 {resolved_at, "rs"},   {due_at, "due"},       {priority, "prio_t"},
                                                 {channel, "chan_t"},   {team, "team"},        {customer_id, "customer"}, {agent_id, "agent"},
                                                 {customer_tier, "tier_t"}, {contacts, "contacts"}, {reopens, "reopens"},
                                                 {complaint, "complaint"}, {handle_time_sec, "handle"}};
    auto v = [&](int c) {
        const auto it = value_of.find(c);
        return it == value_of.end() ? std::string("NULL::text") : it->second;
    };
    const std::string reject = b.reject_case(v, "fr < cr OR rs < cr");
    const std::string typed =
        "SELECT " + p + "src.*, coalesce(" + b.enum_code(priority, "prio_t") + ", " +
        std::to_string(int(Priority::normal)) + ") AS prio, coalesce(" + b.enum_code(channel, "chan_t") + ", " +
        std::to_string(int(Channel::other)) + ") AS chan, " + b.enum_code(customer_tier, "tier_t") + " AS tier, " +
        reject + " AS reject, " + month_case(frame, "cr") + " AS m FROM " + p + "src";
    return p + "src AS (" + src + "), " + p + "typed AS (" + typed + ")";
}

using SqlTicketFacts = BasicTicketFacts<Sql, Sql>;
using SqlCallFacts = BasicCallFacts<Sql, Sql>;
constexpr auto each_ticket_fact = [](auto& facts, auto&& fn) { for_each_ticket_fact(facts, fn); };
constexpr auto each_call_fact = [](auto& facts, auto&& fn) { for_each_call_fact(facts, fn); };

// What each accepted ticket contributes, as columns over `typed`: the rules of
// metrics/row_rules.hpp rendered as SQL, under the names of for_each_ticket_fact.
std::string ticket_facts_select(const PeriodFrame& frame, const MetricParams& params) {
    return "m, id, chan, prio, team, agent, customer, cr, " +
           facts_select(rules::ticket_facts(SqlTicketRow{{}, frame.as_of}, params), each_ticket_fact);
}

std::int64_t as_int(const PGresult* r, int row, int col) {
    return PQgetisnull(r, row, col) ? 0 : std::strtoll(PQgetvalue(r, row, col), nullptr, 10);
}
std::optional<double> as_double(const PGresult* r, int row, int col) {
    if (PQgetisnull(r, row, col)) return std::nullopt;
    return std::strtod(PQgetvalue(r, row, col), nullptr);
}

void read_sum(std::int64_t& target, const PGresult* res, int row, int col) { target = as_int(res, row, col); }
void read_sum(double& target, const PGresult* res, int row, int col) {
    target = as_double(res, row, col).value_or(0);  // sum() of no values is NULL
}

// Fills the members of a StatSum table from the columns sums_select rendered for it,
// starting at `col`; returns the column after them.
template <class Stats, class Table>
int read_sums(const PGresult* res, int row, int col, const Table& table, Stats& stats) {
    std::apply([&](const auto&... entry) { (read_sum(stats.*entry.target, res, row, col++), ...); }, table);
    return col;
}

// The sums of TicketStats (ticket_stat_sums in metrics/ticket_kpis.hpp) over a group of
// `facts` rows, then `repeats`, the expression summed for repeat contacts.
std::string ticket_sums_select(const std::string& repeats) {
    return sums_select(facts_as_columns<SqlTicketFacts>(each_ticket_fact), ticket_stat_sums<SqlTicketFacts>()) + ", " +
           repeats;
}

// A group's TicketStats from the columns of ticket_sums_select starting at `col`.
TicketStats ticket_stats_at(const PGresult* res, int row, int col) {
    TicketStats s;
    col = read_sums(res, row, col, ticket_stat_sums<SqlTicketFacts>(), s);
    s.repeats = as_int(res, row, col);
    return s;
}

// Rows read, accepted, rejected by reason and out of period, from `typed`; then the
// duplicate-id check. Fills report.
void account(const PgConnection& conn, const std::string& ctes, const std::string& p, SourceReport& report,
             const std::string& id_name) {
    const PgResult r = conn.exec("WITH " + ctes + " SELECT reject, count(*), count(*) FILTER (WHERE reject IS NULL AND m < 0) FROM " +
                                     p + "typed GROUP BY reject",
                                 PGRES_TUPLES_OK, "counting the rows failed");
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        const std::int64_t n = as_int(r.get(), i, 1);
        report.rows_read += n;
        if (PQgetisnull(r.get(), i, 0)) {
            report.rows_accepted += n;
            report.out_of_period += as_int(r.get(), i, 2);
            continue;
        }
        const std::string reason = PQgetvalue(r.get(), i, 0);
        for (const auto& entry : kRejectReasons)
            if (entry.name == reason) report.rejects[entry.reason] += n;
        report.rows_rejected += n;
    }
    const PgResult d = conn.exec("WITH " + ctes + " SELECT id, n, count(*) OVER () FROM (SELECT id, count(*) AS n FROM " + p +
                                     "typed WHERE reject IS NULL GROUP BY id HAVING count(*) > 1) d ORDER BY id LIMIT 5",
                                 PGRES_TUPLES_OK, "checking for duplicate ids failed");
    if (PQntuples(d.get()) > 0) {
        std::string ids;
        for (int i = 0; i < PQntuples(d.get()); ++i)
            ids += std::string(i ? ", " : "") + PQgetvalue(d.get(), i, 0) + " (" + PQgetvalue(d.get(), i, 1) + " rows)";
        throw InputError(conn.label() + ": " + PQgetvalue(d.get(), 0, 2) + " " + id_name +
                         " values occur more than once (" + ids +
                         "); mode = pushdown expects unique ids in the warehouse (mode = pull keeps the later row)");
    }
}

Poco::Logger& logger() { return Poco::Logger::get("cskpi"); }

template <class Record>
IngestedSource<Record> empty_source(const PgConnection& conn, const SourceConfig& source, const Relation& rel) {
    IngestedSource<Record> out;
    out.binding = rel.binding;
    out.report.name = source.name;
    out.report.uri = conn.display_uri();
    return out;
}

}  // namespace

TicketSource push_down_tickets(const SourceConfig& source, const FetchOptions& options, const std::string& timezone,
                               int ytd_months, MonthlyAggregate& aggregate) {
    using namespace tickets_col;
    const PgConnection conn(source, options);
    conn.exec("SET extra_float_digits = 3", PGRES_COMMAND_OK, "connection setup failed");
    const Relation rel = describe(conn, source, SourceKind::tickets);
    const PeriodFrame& frame = aggregate.frame();
    const std::string ctes = ticket_ctes(conn, rel, source, timezone, frame, "");
    TicketSource out = empty_source<TicketRecord>(conn, source, rel);
    logger().information("%s: counting rows and rejects in the warehouse", source.name);
    account(conn, ctes, "", out.report, "ticket_id");

    const std::string facts = "facts AS (SELECT " + ticket_facts_select(frame, aggregate.params()) +
                              " FROM typed WHERE reject IS NULL)";
    // Repeat contacts: another accepted ticket of the same customer in [created - window,
    // created), of any period (is_repeat_contact in metrics/ticket_kpis.cpp).
    const std::string window = std::to_string(rules::repeat_window_ms(aggregate.params()));
    const std::string sums =
        "WITH " + ctes + ", " + facts + ", marked AS (SELECT *, CASE WHEN customer IS NOT NULL AND count(*) OVER "
        "(PARTITION BY customer ORDER BY cr RANGE BETWEEN " + window + " PRECEDING AND 1 PRECEDING) > 0 THEN 1 ELSE 0 END "
        "AS repeat FROM facts) "
        "SELECT m, GROUPING(chan, prio, team), chan, prio, team, " + ticket_sums_select("sum(repeat)") +
        " FROM marked WHERE m >= 0 "
        "GROUP BY GROUPING SETS ((m), (m, chan), (m, prio), (m, team))";
    logger().information("%s: aggregating per month in the warehouse", source.name);
    const PgResult r = conn.exec(sums, PGRES_TUPLES_OK, "the aggregation failed");
    std::array<TicketStats, kMonths> months;
    TicketBreakdowns breakdowns;
    for (auto& month : breakdowns.by_channel)
        for (auto& s : month) s.keep_distributions = false;
    for (auto& month : breakdowns.by_priority)
        for (auto& s : month) s.keep_distributions = false;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        const PGresult* res = r.get();
        const auto m = std::size_t(as_int(res, i, 0));
        const std::int64_t grouping = as_int(res, i, 1);
        TicketStats s = ticket_stats_at(res, i, 5);
        if (m >= std::size_t(kMonths)) continue;
        if (grouping == 7) {  // (m)
            months[m] = std::move(s);
            continue;
        }
        s.keep_distributions = false;
        s.repeats = 0;  // breakdown cells count no repeat contacts, as on the file path
        if (grouping == 3) {  // (m, chan)
            breakdowns.by_channel[m][std::size_t(as_int(res, i, 2))] = std::move(s);
        } else if (grouping == 5) {  // (m, prio)
            breakdowns.by_priority[m][std::size_t(as_int(res, i, 3))] = std::move(s);
        } else if (grouping == 6 && !PQgetisnull(res, i, 4)) {  // (m, team)
            breakdowns.by_team[m][PQgetvalue(res, i, 4)] = std::move(s);
        }
    }

    // Per agent over the report year (docs/contract/scorecards.md): the same sums, no
    // distributions and no repeat contacts (no scorecard KPI needs them).
    const PgResult per_agent = conn.exec(
        "WITH " + ctes + ", " + facts + " SELECT agent, " + ticket_sums_select("0") +
            " FROM facts WHERE m >= 12 AND agent IS NOT NULL GROUP BY agent",
        PGRES_TUPLES_OK, "the aggregation per agent failed");
    std::map<std::string, TicketStats> agents;
    for (int i = 0; i < PQntuples(per_agent.get()); ++i) {
        const PGresult* res = per_agent.get();
        TicketStats s = ticket_stats_at(res, i, 1);
        s.keep_distributions = false;
        agents.emplace(PQgetvalue(res, i, 0), std::move(s));
    }
    aggregate.set_agent_tickets(std::move(agents));

    // Percentiles do not merge: one group per period a summary asks for, each month, each
    // year and, for a monthly run, each year's months up to the report month, in one pass
    // of grouping sets. A year's group holds only months started by as_of (no later ticket
    // has a month), as MonthlyAggregate::kpis() counts them.
    const std::string ytd = std::to_string(std::clamp(ytd_months, 0, 12));
    const std::string pct =
        "WITH " + ctes + ", " + facts + ", periods AS (SELECT m, m / 12 AS y, m % 12 < " + ytd + " AS ytd, frt, res "
        "FROM facts WHERE m >= 0) SELECT " +
        std::string(ytd_months > 0 ? "GROUPING(m, y, ytd), m, y, ytd, " : "GROUPING(m, y) * 2 + 1, m, y, false, ") +
        "percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY frt), "
        "percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY res) FROM periods "
        "GROUP BY GROUPING SETS ((m), (y)" + std::string(ytd_months > 0 ? ", (y, ytd)" : "") + ")";
    logger().information("%s: percentiles per period in the warehouse", source.name);
    const PgResult q = conn.exec(pct, PGRES_TUPLES_OK, "the percentiles failed");
    auto started = [&](int lo, int hi) {
        std::vector<int> key;
        for (int m = lo; m <= hi; ++m)
            if (frame.month_started(m)) key.push_back(m);
        return key;
    };
    // {0.5,0.9} as PostgreSQL writes a float8[]; NULL elements when nothing was sorted.
    auto pair_of = [&](int row, int col) -> std::pair<std::optional<double>, std::optional<double>> {
        if (PQgetisnull(q.get(), row, col)) return {};
        std::string text = PQgetvalue(q.get(), row, col);
        const auto comma = text.find(',');
        auto one = [](std::string v) -> std::optional<double> {
            if (v.empty() || v == "NULL") return std::nullopt;
            return std::strtod(v.c_str(), nullptr);
        };
        return {one(text.substr(1, comma - 1)), one(text.substr(comma + 1, text.size() - comma - 2))};
    };
    PeriodPercentiles percentiles;
    for (int i = 0; i < PQntuples(q.get()); ++i) {
        const std::int64_t grouping = as_int(q.get(), i, 0);
        std::vector<int> key;
        if (grouping == 3) {  // (m)
            key = {int(as_int(q.get(), i, 1))};
        } else {
            const int y = int(as_int(q.get(), i, 2));
            if (grouping == 5) key = started(12 * y, 12 * y + 11);  // (y)
            else if (std::string_view(PQgetvalue(q.get(), i, 3)) == "t") key = started(12 * y, 12 * y + ytd_months - 1);
            else continue;  // (y, ytd): the months after the report month
        }
        const auto [frt_median, frt_p90] = pair_of(i, 4);
        const auto [res_median, res_p90] = pair_of(i, 5);
        percentiles[key] = {frt_median, frt_p90, res_median, res_p90};
    }
    // A period without tickets has no group: its percentiles are null, as on the file path.
    for (int m = 0; m < kMonths; ++m) percentiles.try_emplace({m});
    for (int y = 0; y < 2; ++y) {
        percentiles.try_emplace(started(12 * y, 12 * y + 11));
        if (ytd_months > 0) percentiles.try_emplace(started(12 * y, 12 * y + ytd_months - 1));
    }
    const auto& b = rel.binding;
    aggregate.set_ticket_state({b.has(customer_id), b.has(complaint), b.has(contacts), b.has(reopens), b.has(handle_time_sec)},
                               months, breakdowns, std::move(percentiles));
    return out;
}

SurveySource push_down_surveys(const SourceConfig& source, const SourceConfig& tickets, const FetchOptions& options,
                               const std::string& timezone, MonthlyAggregate& aggregate) {
    using namespace surveys_col;
    const PgConnection conn(source, options);
    if (tickets.uri != source.uri)
        throw UsageError(conn.label() + ": mode = pushdown joins surveys to tickets in the warehouse (csat.key_rate), "
                                        "so [surveys] uri must be the same as [tickets] uri");
    const Relation rel = describe(conn, source, SourceKind::surveys);
    const Relation ticket_rel = describe(conn, tickets, SourceKind::tickets);
    const PeriodFrame& frame = aggregate.frame();
    const SqlBuilder b(conn, rel, SourceKind::surveys, source, timezone);
    std::string src = "SELECT " + b.text(survey_id) + " AS id, " + b.millis(submitted_at) + " AS sub, " + b.text(ticket_id) +
                      " AS ticket, " + b.number(csat) + " AS csat, " + b.number(nps) + " AS nps FROM " + rel.sql + kOnce;
    const std::map<int, std::string> value_of = {
        {survey_id, "id"}, {submitted_at, "sub"}, {ticket_id, "ticket"}, {csat, "csat"}, {nps, "nps"}};
    auto v = [&](int c) {
        const auto it = value_of.find(c);
        return it == value_of.end() ? std::string("NULL::text") : it->second;
    };
    const std::string ctes = ticket_ctes(conn, ticket_rel, tickets, timezone, frame, "t_") +
                             ", key_tickets AS (SELECT DISTINCT id FROM t_typed WHERE reject IS NULL AND tier = " +
                             std::to_string(int(Tier::key)) + "), src AS (" + src + "), typed AS (SELECT src.*, " +
                             b.reject_case(v, "") + " AS reject, " + month_case(frame, "sub") + " AS m FROM src)";
    SurveySource out = empty_source<SurveyRecord>(conn, source, rel);
    account(conn, ctes, "", out.report, "survey_id");
    // The scores per month and key-customer flag: SurveyStats::add() counts them, so the
    // survey formulas stay in metrics/survey_kpis.cpp.
    const PgResult r = conn.exec(
        "WITH " + ctes + " SELECT s.m, s.csat::int, s.nps::int, k.id IS NOT NULL, count(*) FROM typed s "
        "LEFT JOIN key_tickets k ON k.id = s.ticket WHERE s.reject IS NULL AND s.m >= 0 GROUP BY 1, 2, 3, 4",
        PGRES_TUPLES_OK, "the aggregation failed");
    std::array<SurveyStats, kMonths> months;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        const auto m = std::size_t(as_int(r.get(), i, 0));
        if (m >= std::size_t(kMonths)) continue;
        SurveyRecord rec;
        rec.csat = PQgetisnull(r.get(), i, 1) ? std::int8_t(-1) : std::int8_t(as_int(r.get(), i, 1));
        rec.nps = PQgetisnull(r.get(), i, 2) ? std::int8_t(-1) : std::int8_t(as_int(r.get(), i, 2));
        const bool key = std::string_view(PQgetvalue(r.get(), i, 3)) == "t";
        for (std::int64_t n = as_int(r.get(), i, 4); n > 0; --n) months[m].add(rec, key);
    }
    aggregate.set_survey_state(months);

    // The report year's surveys of each agent: joined to an accepted ticket of any period.
    const PgResult per_agent = conn.exec(
        "WITH " + ctes + " SELECT t.agent, s.csat::int, s.nps::int, count(*) FROM typed s JOIN t_typed t "
        "ON t.id = s.ticket WHERE s.reject IS NULL AND s.m >= 12 AND t.reject IS NULL AND t.agent IS NOT NULL "
        "GROUP BY 1, 2, 3",
        PGRES_TUPLES_OK, "the aggregation per agent failed");
    std::map<std::string, SurveyStats> agents;
    for (int i = 0; i < PQntuples(per_agent.get()); ++i) {
        const PGresult* res = per_agent.get();
        SurveyRecord rec;
        rec.csat = PQgetisnull(res, i, 1) ? std::int8_t(-1) : std::int8_t(as_int(res, i, 1));
        rec.nps = PQgetisnull(res, i, 2) ? std::int8_t(-1) : std::int8_t(as_int(res, i, 2));
        SurveyStats& stats = agents[PQgetvalue(res, i, 0)];
        for (std::int64_t n = as_int(res, i, 3); n > 0; --n) stats.add(rec, false);
    }
    aggregate.set_agent_surveys(agents);
    return out;
}

CallSource push_down_calls(const SourceConfig& source, const FetchOptions& options, const std::string& timezone,
                           MonthlyAggregate& aggregate) {
    using namespace calls_col;
    const PgConnection conn(source, options);
    conn.exec("SET extra_float_digits = 3", PGRES_COMMAND_OK, "connection setup failed");
    const Relation rel = describe(conn, source, SourceKind::calls);
    const PeriodFrame& frame = aggregate.frame();
    const MetricParams& params = aggregate.params();
    const SqlBuilder b(conn, rel, SourceKind::calls, source, timezone);
    const std::string src = "SELECT " + b.text(call_id) + " AS id, " + b.millis(offered_at) + " AS off, " +
                            b.flag(answered) + " AS answered, " + b.number(wait_sec) + " AS wait, " +
                            b.number(handle_sec) + " AS handle FROM " + rel.sql + kOnce;
    const std::map<int, std::string> value_of = {
        {call_id, "id"}, {offered_at, "off"}, {answered, "answered"}, {wait_sec, "wait"}, {handle_sec, "handle"}};
    auto v = [&](int c) {
        const auto it = value_of.find(c);
        return it == value_of.end() ? std::string("NULL::text") : it->second;
    };
    const std::string ctes = "src AS (" + src + "), typed AS (SELECT src.*, " + b.reject_case(v, "") + " AS reject, " +
                             month_case(frame, "off") + " AS m FROM src)";
    CallSource out = empty_source<CallRecord>(conn, source, rel);
    account(conn, ctes, "", out.report, "call_id");
    // What one call adds (rules::call_facts, summed as call_stat_sums says), per month.
    const std::string call_facts =
        "facts AS (SELECT m, " + facts_select(rules::call_facts(SqlCallRow{}, params), each_call_fact) +
        " FROM typed WHERE reject IS NULL AND m >= 0)";
    const PgResult r = conn.exec(
        "WITH " + ctes + ", " + call_facts + " SELECT m, " +
            sums_select(facts_as_columns<SqlCallFacts>(each_call_fact), call_stat_sums<SqlCallFacts>()) +
            " FROM facts GROUP BY m",
        PGRES_TUPLES_OK, "the aggregation failed");
    std::array<CallStats, kMonths> months;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        const PGresult* res = r.get();
        const auto m = std::size_t(as_int(res, i, 0));
        if (m >= std::size_t(kMonths)) continue;
        read_sums(res, i, 1, call_stat_sums<SqlCallFacts>(), months[m]);
    }
    aggregate.set_call_state(months);

    // Handled offers of the report year per (month, ISO weekday, wall-clock interval) for
    // the staffing plan, counted as MonthlyAggregate::add_calls counts them.
    const int interval = params.staffing_interval_min;
    const std::size_t per_day = std::size_t(1440 / interval);
    const std::string local = "(to_timestamp(off / 1000.0) AT TIME ZONE " + conn.literal(timezone) + ")";
    const PgResult slots_result = conn.exec(
        "WITH " + ctes + " SELECT m - 12, extract(isodow FROM " + local + ")::int - 1, (extract(hour FROM " + local +
            ")::int * 60 + extract(minute FROM " + local + ")::int) / " + std::to_string(interval) +
            ", count(*) FROM typed WHERE reject IS NULL AND m >= 12 AND " +
            rules::handled_offer(SqlCallRow{}, params).text() + " GROUP BY 1, 2, 3",
        PGRES_TUPLES_OK, "the aggregation of call slots failed");
    std::vector<std::int64_t> slots(12 * 7 * per_day, 0);
    for (int i = 0; i < PQntuples(slots_result.get()); ++i) {
        const PGresult* res = slots_result.get();
        const auto m = std::size_t(as_int(res, i, 0)), w = std::size_t(as_int(res, i, 1)),
                   slot = std::size_t(as_int(res, i, 2));
        if (m < 12 && w < 7 && slot < per_day) slots[(m * 7 + w) * per_day + slot] += as_int(res, i, 3);
    }
    aggregate.set_call_slots(std::move(slots));
    return out;
}

}  // namespace cskpi
