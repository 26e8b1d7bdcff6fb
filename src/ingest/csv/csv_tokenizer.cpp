#include "ingest/csv/csv_tokenizer.hpp"

#include <algorithm>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace cskpi {

namespace {

// The first delimiter or '\n' in [p, end), or end. Sixteen bytes at a time where SSE2 is
// there (every x86-64): most fields end within the first block.
inline char* find_field_end(char* p, char* end, char delim) {
#ifdef __SSE2__
    const __m128i d = _mm_set1_epi8(delim);
    const __m128i nl = _mm_set1_epi8('\n');
    while (end - p >= 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(block, d), _mm_cmpeq_epi8(block, nl)));
        if (mask) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (p < end && *p != delim && *p != '\n') ++p;
    return p;
}

}  // namespace

bool CsvTokenizer::next(char*& cursor, char* end, CsvRecord& out) const {
    out.fields.clear();
    out.line_breaks = 0;
    out.blank = false;
    char* p = cursor;
    if (p >= end) return false;

    if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'))) {
        out.blank = true;
        p += (*p == '\r') ? 1 : 0;
        if (p < end) {
            ++p;
            out.line_breaks = 1;
        }
        cursor = p;
        return true;
    }

    const char delim = delimiter_;
    for (;;) {
        if (p < end && *p == '"') {
            // Quoted field: copy segments between quotes down over the escape characters.
            ++p;
            char* write = p;
            char* const start = p;
            for (;;) {
                char* q = static_cast<char*>(std::memchr(p, '"', std::size_t(end - p)));
                char* seg_end = q ? q : end;
                out.line_breaks += int(std::count(p, seg_end, '\n'));
                if (write != p) std::memmove(write, p, std::size_t(seg_end - p));
                write += seg_end - p;
                if (!q) {  // unterminated quote: the field runs to the end of the data
                    p = end;
                    break;
                }
                if (q + 1 < end && q[1] == '"') {
                    *write++ = '"';
                    p = q + 2;
                    continue;
                }
                p = q + 1;
                break;
            }
            // Characters after the closing quote (malformed) are kept, as spreadsheets do.
            while (p < end && *p != delim && *p != '\n') *write++ = *p++;
            char* fend = write;
            if (p < end && *p == '\n' && fend > start && fend[-1] == '\r') --fend;
            out.fields.emplace_back(start, std::size_t(fend - start));
        } else {
            char* const start = p;
            p = find_field_end(p, end, delim);
            char* fend = p;
            if (fend > start && fend[-1] == '\r' && (p == end || *p == '\n')) --fend;
            out.fields.emplace_back(start, std::size_t(fend - start));
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
        ++p;  // '\n'
        ++out.line_breaks;
        break;
    }
    cursor = p;
    return true;
}

const char* last_record_end(const char* begin, const char* end) {
    std::size_t quotes_before = std::size_t(std::count(begin, end, '"'));
    const char* scan_end = end;
    while (scan_end > begin) {
        const void* nl = memrchr(begin, '\n', std::size_t(scan_end - begin));
        if (!nl) return nullptr;
        const char* n = static_cast<const char*>(nl);
        quotes_before -= std::size_t(std::count(n + 1, scan_end, '"'));
        if (quotes_before % 2 == 0) return n + 1;
        scan_end = n;
    }
    return nullptr;
}

char sniff_delimiter(std::string_view line) {
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n') break;
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
    }
    if (tabs > commas && tabs >= semicolons) return '\t';
    if (semicolons > commas) return ';';
    return ',';
}

}  // namespace cskpi
