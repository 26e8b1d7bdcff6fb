#pragma once
// The one quoting rule of docs/contract/inputs.md, shared by the record scanner that cuts
// blocks (record_scanner.hpp) and the tokenizer that splits records into fields
// (csv_tokenizer.hpp), so a block boundary can never split a row differently from a
// whole-file read:
//   - a line ends at LF, CRLF or CR (CRLF is one line end);
//   - a quote opens a quoted field only at the start of a field (the start of a record or
//     right after a delimiter); anywhere else it is a literal character (`15" screen`);
//   - inside a quoted field "" is a quote and line ends are text; the next lone quote
//     closes the field, and what follows it up to the next delimiter or line end is kept
//     literally (`"ab"c` = `abc`);
//   - outside a quoted field every line end ends the record (a blank line is a record of
//     its own, skipped by the reader).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace cskpi::csv_rule {

// How many bytes in [begin, end) equal c. Every block is counted once for its line ends:
// sixteen bytes a step with byte-wide counters (GCC's own std::count widens each match to
// 64 bits and took about a tenth of the parse).
inline std::size_t count_byte(const char* begin, const char* end, char c) {
    std::size_t n = 0;
    const char* p = begin;
#ifdef __SSE2__
    const __m128i needle = _mm_set1_epi8(c);
    while (end - p >= 16) {
        // Up to 255 steps fit the byte counters; then they are summed into n.
        const std::size_t steps = std::min<std::size_t>(255, std::size_t(end - p) / 16);
        __m128i counts = _mm_setzero_si128();
        for (std::size_t i = 0; i < steps; ++i, p += 16) {
            const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(block, needle));  // a match is -1
        }
        const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
        n += std::size_t(_mm_cvtsi128_si64(sums)) + std::size_t(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    }
#endif
    for (; p < end; ++p) n += *p == c;
    return n;
}

inline bool is_line_end(char c) { return c == '\n' || c == '\r'; }

// Bytes of the line end at p (1, or 2 for CRLF); p < end and is_line_end(*p).
inline std::size_t line_end_length(const char* p, const char* end) {
    return (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
}

// Bit i is set where p[i] is one of `bytes`, for the 64 bytes from p (bits past end stay
// clear): a window of a search done with masks instead of a call per hit.
template <class... Bytes>
inline std::uint64_t match_bits(const char* p, const char* end, Bytes... bytes) {
#ifdef __SSE2__
    if (end - p >= 64) {
        auto bits16 = [&](const char* at) {
            const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
            __m128i hits = _mm_setzero_si128();
            ((hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, _mm_set1_epi8(bytes)))), ...);
            return std::uint64_t(static_cast<unsigned>(_mm_movemask_epi8(hits)));
        };
        return bits16(p) | bits16(p + 16) << 16 | bits16(p + 32) << 32 | bits16(p + 48) << 48;
    }
#endif
    std::uint64_t bits = 0;
    const std::ptrdiff_t n = std::min<std::ptrdiff_t>(64, end - p);
    for (std::ptrdiff_t i = 0; i < n; ++i)
        if (((p[i] == bytes) || ...)) bits |= std::uint64_t(1) << i;
    return bits;
}

// Bits [0, n) of a 64-bit mask, n in 0..64.
inline std::uint64_t bits_below(std::ptrdiff_t n) { return n >= 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << n) - 1; }

// Does a quote at `at` open a quoted field? `record_start` is where the record began;
// the byte before `at` must not lie inside a quoted field.
inline bool opens_quoted_field(const char* record_start, const char* at, char delimiter) {
    return at == record_start || at[-1] == delimiter || is_line_end(at[-1]);
}

// Line ends in [begin, end): LF, and CR not followed by LF. `limit` (>= end) bounds the
// look-ahead for a CR at end - 1: a CR followed by LF counts at the LF.
inline std::size_t count_line_ends(const char* begin, const char* end, const char* limit) {
    std::size_t n = count_byte(begin, end, '\n');
    for (const char* p = begin; p < end;) {
        const void* cr = std::memchr(p, '\r', std::size_t(end - p));
        if (!cr) break;
        const char* c = static_cast<const char*>(cr);
        if (c + 1 >= limit || c[1] != '\n') ++n;
        p = c + 1;
    }
    return n;
}

}  // namespace cskpi::csv_rule
