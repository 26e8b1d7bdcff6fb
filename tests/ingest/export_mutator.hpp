#pragma once
// Generated tickets exports with the faults real exports have: quoted fields with
// delimiters, "" and line ends inside, stray quotes (`15" screen`), text after a closing
// quote, CR / CRLF / LF line ends (also mixed), long fields, blank lines, wrong field counts,
// bad and implausible values, repeated ids, a missing final line end, a byte-order mark and,
// rarely, a quote that never closes.
#include <random>
#include <string>

namespace cskpi::test {

struct MutatedExport {
    std::string csv;
    // A field opens a quote by mistake: unless a later quote closes it (turning rows into
    // one field), the export ends inside a quoted field.
    bool unclosed_quote = false;
};

inline MutatedExport mutated_tickets_export(std::uint64_t seed, int rows = 120) {
    std::mt19937_64 rnd(seed);
    auto chance = [&](int percent) { return int(rnd() % 100) < percent; };
    auto pick = [&](auto... options) {
        const std::string all[] = {options...};
        return all[rnd() % sizeof...(options)];
    };
    const int style = int(rnd() % 4);  // 0 LF, 1 CRLF, 2 CR, 3 mixed
    auto line_end = [&] {
        const int s = style == 3 ? int(rnd() % 3) : style;
        return s == 0 ? std::string("\n") : s == 1 ? std::string("\r\n") : std::string("\r");
    };
    auto free_text = [&] {
        std::string t;
        const int parts = 1 + int(rnd() % 4);
        for (int i = 0; i < parts; ++i) {
            t += pick("screen", "15\" screen", "a,b", "say \"hi\"", "line\nbreak", "cr\rbreak", "crlf\r\nbreak",
                      "中文", "tab\there", " ", "x;y");
            if (chance(5)) t += std::string(200 + rnd() % 1800, char('a' + rnd() % 26));  // long
        }
        return t;
    };
    auto quoted = [](const std::string& t) {
        std::string q = "\"";
        for (char c : t) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    // An unquoted rendering may not hold a delimiter or a line end.
    auto unquoted = [](std::string t) {
        for (char& c : t)
            if (c == ',' || c == '\n' || c == '\r') c = ' ';
        return t;
    };

    MutatedExport out;
    const int unclosed_row = chance(15) ? 1 + int(rnd() % rows) : 0;
    if (chance(10)) out.csv += "\xEF\xBB\xBF";
    out.csv += "ticket_id,created_at,resolved_at,priority,category,customer_tier,contacts,handle_time_sec,comment";
    out.csv += line_end();
    for (int i = 1; i <= rows; ++i) {
        if (chance(4)) out.csv += line_end();  // blank line
        const int id = chance(5) ? 1 + int(rnd() % i) : i;
        std::string fields[9] = {
            "T" + std::to_string(id),
            chance(3) ? pick("2026-13-01 09:00", "soon", "") : "2026-0" + std::to_string(1 + rnd() % 9) + "-1" +
                                                                       std::to_string(rnd() % 10) + " 09:0" +
                                                                       std::to_string(rnd() % 10),
            chance(50) ? "" : "2026-09-28 10:00",
            pick("urgent", "high", "normal", "low", "", "critical"),
            pick("billing", "returns", "technical"),
            pick("key", "regular", "", "potential"),
            chance(5) ? pick("0", "5000", "99999999999999999999999", "two") : std::to_string(1 + rnd() % 4),
            chance(5) ? pick("-1", "86401", "1e300", "99999999999999999999999") : std::to_string(rnd() % 3000),
            "",
        };
        const std::string text = free_text();
        switch (rnd() % 5) {
            case 0: fields[8] = quoted(text); break;
            case 1: fields[8] = unquoted(text); break;             // stray quotes stay literal
            case 2: fields[8] = quoted(text) + unquoted(pick("c", " tail", "x\"")); break;  // "ab"c
            case 3: fields[8] = " " + quoted(unquoted(text)); break;  // a quote after a space is literal
            default: break;
        }
        if (chance(10)) fields[4] = quoted(fields[4]);
        if (chance(3)) fields[4] = unquoted(free_text());
        std::string row;
        const int count = chance(3) ? int(7 + rnd() % 4) : 9;  // wrong field counts
        for (int f = 0; f < count; ++f) row += (f ? "," : "") + (f < 9 ? fields[f] : std::string("extra"));
        if (i == unclosed_row) {
            row += ",\"never closed";
            out.unclosed_quote = true;
        }
        out.csv += row;
        if (i < rows || !chance(30)) out.csv += line_end();  // sometimes no final line end
    }
    return out;
}

}  // namespace cskpi::test
