#include "ingest/csv/csv_tokenizer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "ingest/csv/csv_rule.hpp"

namespace cskpi {

namespace {

using csv_rule::bits_below;
using csv_rule::count_line_ends;
using csv_rule::is_line_end;
using csv_rule::line_end_length;

// Bit i is set where p[i] is the delimiter, LF or CR, for the 64 bytes from p (bits past
// end stay clear). A record's field ends come from one such mask per 64 bytes instead of a
// search from every field start. A quote inside an unquoted field is a literal character
// (csv_rule.hpp), so it is not looked for.
inline std::uint64_t field_end_bits(const char* p, const char* end, char delim) {
    return csv_rule::match_bits(p, end, delim, '\n', '\r');
}

// Field ends of one record, in order: a 64-byte window from the record start and its mask
// with the ends already passed cleared.
class FieldEnds {
public:
    FieldEnds(char* from, char* end, char delim) : end_(end), delim_(delim) { restart(from); }

    // Scan afresh from p (after a quoted field, whose bytes the mask no longer describes).
    void restart(char* p) {
        window_ = p;
        bits_ = field_end_bits(p, end_, delim_);
        quotes_known_ = false;
    }

    // The quoted field whose opening quote is at `open` (a field start, with no end left
    // unreturned before it), when it is the plain kind exports write by the thousand: it
    // closes within 63 bytes, holds no quote pair and no line end, and a delimiter, a line
    // end or the end of the data follows. Returns its closing quote, and next() then goes
    // on after the delimiter that follows it. Anything else returns nullptr and is left to
    // the general path (memchr, unescaping, line counting), which restarts the scan after it.
    char* plain_quoted(char* open) {
        std::uint64_t after = quotes_after(open);
        if (after == 0 && window_ != open) {  // it may run past this window: look from its quote
            restart(open);
            after = quotes_after(open);
        }
        if (after == 0) return nullptr;
        char* const close = window_ + __builtin_ctzll(after);
        const std::ptrdiff_t at = close - window_;
        if (lines_ & bits_below(at) & ~bits_below(open - window_ + 1)) return nullptr;
        char* const next = close + 1;
        if (next < end_ && *next != delim_ && !is_line_end(*next)) return nullptr;
        // The ends inside the field and the one right after it are used up.
        if (at + 2 <= 64) bits_ &= ~bits_below(at + 2);
        else restart(std::min(close + 2, end_));
        return close;
    }
    // The first delimiter, LF or CR at or after the last one returned, or end.
    char* next() {
        while (bits_ == 0) {
            if (end_ - window_ <= 64) return end_;
            window_ += 64;
            bits_ = field_end_bits(window_, end_, delim_);
            quotes_known_ = false;
        }
        char* const at = window_ + __builtin_ctzll(bits_);
        bits_ &= bits_ - 1;
        return at;
    }

private:
    // Quotes after `open` in this window (none when open is not within its first 63
    // bytes), masks made on first use.
    std::uint64_t quotes_after(const char* open) {
        const std::ptrdiff_t i = open - window_;
        if (i < 0 || i >= 63) return 0;
        if (!quotes_known_) {
            quotes_ = csv_rule::match_bits(window_, end_, '"');
            lines_ = csv_rule::match_bits(window_, end_, '\n', '\r');
            quotes_known_ = true;
        }
        return quotes_ & ~bits_below(i + 1);
    }

    char* window_ = nullptr;
    std::uint64_t bits_ = 0;
    std::uint64_t quotes_ = 0, lines_ = 0;  // of the window, once quotes_known_
    bool quotes_known_ = false;
    char* const end_;
    const char delim_;
};

// Any quoted field, from its opening quote at p: unescapes "" in place, counts the line
// ends inside, keeps text between the closing quote and the next delimiter literally.
// Appends the field and returns the byte after it (a delimiter, a line end or end).
char* general_quoted(char* p, char* end, char delim, CsvRecord& out) {
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
    FieldEnds field_ends(p, end, delim);
    for (;;) {
        if (p < end && *p == '"') {  // a quote at the start of a field opens a quoted field
            if (char* const close = field_ends.plain_quoted(p)) {
                out.fields.emplace_back(p + 1, std::size_t(close - p - 1));
                p = close + 1;
            } else {
                p = general_quoted(p, end, delim, out);
                if (p < end) field_ends.restart(p + 1);
            }
        } else {
            char* const start = p;
            p = field_ends.next();
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
