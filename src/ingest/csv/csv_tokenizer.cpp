#include "ingest/csv/csv_tokenizer.hpp"

#include <algorithm>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ingest/csv/csv_rule.hpp"

namespace cskpi {

namespace {

using csv_rule::count_line_ends;
using csv_rule::is_line_end;
using csv_rule::line_end_length;

// The first delimiter, LF or CR in [p, end), or end. Sixteen bytes at a time where SSE2 is
// there (every x86-64): most fields end within the first block. A quote inside an unquoted
// field is a literal character (csv_rule.hpp), so it is not looked for.
inline char* find_field_end(char* p, char* end, char delim) {
#ifdef __SSE2__
    const __m128i d = _mm_set1_epi8(delim);
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    while (end - p >= 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(block, d),
                                          _mm_or_si128(_mm_cmpeq_epi8(block, lf), _mm_cmpeq_epi8(block, cr)));
        if (const int mask = _mm_movemask_epi8(hits)) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (p < end && *p != delim && !is_line_end(*p)) ++p;
    return p;
}

}  // namespace

bool CsvTokenizer::next(char*& cursor, char* end, CsvRecord& out) const {
    out.fields.clear();
    out.line_breaks = 0;
    out.blank = false;
    out.open_quote = false;
    out.open_quote_line = 0;
    char* p = cursor;
    if (p >= end) return false;

    if (is_line_end(*p)) {
        out.blank = true;
        out.line_breaks = 1;
        cursor = p + line_end_length(p, end);
        return true;
    }

    const char delim = delimiter_;
    for (;;) {
        if (p < end && *p == '"') {  // a quote at the start of a field opens a quoted field
            const int quote_line = out.line_breaks;
            ++p;
            char* write = p;
            char* const start = p;
            bool closed = false;
            for (;;) {
                char* q = static_cast<char*>(std::memchr(p, '"', std::size_t(end - p)));
                char* seg_end = q ? q : end;
                out.line_breaks += int(count_line_ends(p, seg_end, end));
                if (write != p) std::memmove(write, p, std::size_t(seg_end - p));
                write += seg_end - p;
                if (!q) {  // never closed: the field runs to the end of the data
                    p = end;
                    break;
                }
                if (q + 1 < end && q[1] == '"') {  // "" is one quote
                    *write++ = '"';
                    p = q + 2;
                    continue;
                }
                p = q + 1;
                closed = true;
                break;
            }
            if (!closed) {
                out.open_quote = true;
                out.open_quote_line = quote_line;
            }
            // Text between the closing quote and the next delimiter is kept literally.
            while (p < end && *p != delim && !is_line_end(*p)) *write++ = *p++;
            out.fields.emplace_back(start, std::size_t(write - start));
        } else {
            char* const start = p;
            p = find_field_end(p, end, delim);
            out.fields.emplace_back(start, std::size_t(p - start));
        }
        if (p >= end) break;
        if (*p == delim) {
            ++p;
            if (p >= end) {  // trailing delimiter at end of data: one more empty field
                out.fields.emplace_back(p, 0);
                break;
            }
            continue;
        }
        p += line_end_length(p, end);
        ++out.line_breaks;
        break;
    }
    cursor = p;
    return true;
}

char sniff_delimiter(std::string_view line) {
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (is_line_end(c)) break;
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
    }
    if (tabs > commas && tabs >= semicolons) return '\t';
    if (semicolons > commas) return ';';
    return ',';
}

}  // namespace cskpi
