#pragma once
// The SQL backend of metrics/row_rules.hpp: the same rules rendered as PostgreSQL
// expressions over the column names of pushdown's typed CTEs, NULL standing for an absent
// value. Every operator is parenthesised, so a rendered expression never depends on SQL's
// operator precedence.
#include <cstdint>
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>

#include "metrics/row_rules.hpp"

namespace cskpi {

// The text of one SQL expression.
class Sql {
public:
    Sql() : text_("NULL") {}
    explicit Sql(std::string text) : text_(std::move(text)) {}
    const std::string& text() const { return text_; }

    static Sql integer(std::int64_t v) { return Sql(std::to_string(v)); }
    // Shortest text that reads back as the same double.
    static Sql number(double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        return Sql(buf);
    }
    static Sql boolean(bool v) { return Sql(v ? "true" : "false"); }

    friend Sql operator&&(const Sql& a, const Sql& b) { return binary(a, " AND ", b); }
    friend Sql operator||(const Sql& a, const Sql& b) { return binary(a, " OR ", b); }
    friend Sql operator!(const Sql& a) { return Sql("(NOT " + a.text_ + ")"); }
    friend Sql operator<(const Sql& a, const Sql& b) { return binary(a, " < ", b); }
    friend Sql operator<=(const Sql& a, const Sql& b) { return binary(a, " <= ", b); }
    friend Sql operator>(const Sql& a, const Sql& b) { return binary(a, " > ", b); }
    friend Sql operator>=(const Sql& a, const Sql& b) { return binary(a, " >= ", b); }
    friend Sql operator+(const Sql& a, const Sql& b) { return binary(a, " + ", b); }
    friend Sql operator-(const Sql& a, const Sql& b) { return binary(a, " - ", b); }
    friend Sql operator/(const Sql& a, const Sql& b) { return binary(a, " / ", b); }

private:
    static Sql binary(const Sql& a, const char* op, const Sql& b) { return Sql("(" + a.text_ + op + b.text_ + ")"); }
    std::string text_;
};

// The backend operations on Sql values (see metrics/row_rules.hpp).
struct SqlExpressions {
    using Bool = Sql;
    using Num = Sql;

    static Sql known(const Sql& x) { return Sql("(" + x.text() + " IS NOT NULL)"); }
    static Sql value_or(const Sql& x, const Sql& fallback) {
        return Sql("coalesce(" + x.text() + ", " + fallback.text() + ")");
    }
    static Sql value_or(const Sql& x, int fallback) { return value_or(x, Sql::integer(fallback)); }
    static Sql value_or(const Sql& x, bool fallback) { return value_or(x, Sql::boolean(fallback)); }
    // CASE without ELSE is NULL where the condition is false or NULL.
    template <class Fn>
    static Sql when(const Sql& condition, Fn&& value) {
        return Sql("CASE WHEN " + condition.text() + " THEN " + value().text() + " END");
    }
    // The conditions passed here are never NULL (rules guard them), so ELSE is exactly "not c".
    static Sql cond(const Sql& condition, const Sql& a, const Sql& b) {
        return Sql("CASE WHEN " + condition.text() + " THEN " + a.text() + " ELSE " + b.text() + " END");
    }
    static Sql real(const Sql& x) { return Sql(x.text() + "::float8"); }
    static Sql ms(std::int64_t v) { return Sql::integer(v); }
    static Sql count(int v) { return Sql::integer(v); }
    static Sql num(double v) { return Sql::number(v); }
};

// A row of pushdown's ticket CTE: cr, fr, rs, due (epoch ms), prio (code, never NULL),
// contacts, reopens, customer, complaint, handle.
struct SqlTicketRow : SqlExpressions {
    Millis as_of_ms;

    Sql as_of() const { return Sql::integer(as_of_ms); }
    static Sql created() { return Sql("cr"); }
    static Sql first_response() { return Sql("fr"); }
    static Sql resolved() { return Sql("rs"); }
    static Sql due() { return Sql("due"); }
    static Sql contacts() { return Sql("contacts"); }
    static Sql reopens() { return Sql("reopens"); }
    static Sql customer() { return Sql("customer"); }
    static Sql complaint() { return Sql("complaint"); }
    static Sql handle_time() { return Sql("handle"); }
    static Sql priority_is(Priority p) { return Sql("(prio = " + std::to_string(int(p)) + ")"); }
    template <class Fn>
    static Sql by_priority(Fn&& per_priority) {
        std::string sql = "CASE prio";
        for (int p = 0; p < kPriorityCount; ++p)
            sql += " WHEN " + std::to_string(p) + " THEN " + per_priority(Priority(p)).text();
        return Sql(sql + " END");
    }
};

// A row of pushdown's call CTE: answered, wait, handle.
struct SqlCallRow : SqlExpressions {
    static Sql answered() { return Sql("answered"); }
    static Sql wait() { return Sql("wait"); }
    static Sql handle() { return Sql("handle"); }
};

// `<expression> AS <name>` for each fact, comma-separated; and the facts as those columns.
template <class Facts, class ForEach>
std::string facts_select(const Facts& expressions, ForEach for_each_fact) {
    std::string sql;
    for_each_fact(expressions, [&](const char* name, const Sql& e) {
        sql += (sql.empty() ? "" : ", ") + e.text() + " AS " + name;
    });
    return sql;
}
template <class Facts, class ForEach>
Facts facts_as_columns(ForEach for_each_fact) {
    Facts columns;
    for_each_fact(columns, [](const char* name, Sql& column) { column = Sql(name); });
    return columns;
}

// The aggregates of a state's StatSum table over rows with the fact columns `facts`, in
// the table's order.
template <class Facts, class Table>
std::string sums_select(const Facts& facts, const Table& table) {
    std::string sql;
    std::apply(
        [&](const auto&... entry) {
            auto one = [&]<class Entry>(const Entry& e) {
                std::string aggregate;
                if constexpr (Entry::tally == Tally::rows) aggregate = "count(*)";
                else if constexpr (Entry::tally == Tally::holds) aggregate = "count(*) FILTER (WHERE " + (facts.*e.fact).text() + ")";
                else if constexpr (Entry::tally == Tally::known) aggregate = "count(" + (facts.*e.fact).text() + ")";
                else aggregate = "sum(" + (facts.*e.fact).text() + ")";
                sql += (sql.empty() ? "" : ", ") + aggregate;
            };
            (one(entry), ...);
        },
        table);
    return sql;
}

}  // namespace cskpi
