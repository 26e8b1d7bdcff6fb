#include "ingest/csv/record_scanner.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "ingest/csv/csv_rule.hpp"

namespace cskpi {

namespace {

// The last `c` in [b, e), or nullptr. Between the fields of an export that quotes every
// field the stretches are a byte or two: a loop, not a call, for those.
const char* last_of(const char* b, const char* e, char c) {
    if (e - b > 16) return static_cast<const char*>(memrchr(b, c, std::size_t(e - b)));
    for (const char* p = e; p > b;)
        if (*--p == c) return p;
    return nullptr;
}

// The first quote at or after a position. Where quotes are dense (an export that quotes
// every field) from a 64-byte mask kept while the search moves through its window: a few
// instructions a quote where memchr was a call a quote. Past a window without one, memchr
// takes the long stretches of exports that quote little.
class QuoteFinder {
public:
    QuoteFinder(const char* data, std::size_t size) : data_(data), size_(size) {}
    std::size_t next(std::size_t p) {
        if (p >= size_) return size_;
        if (p < window_ || p - window_ >= 64) load(p);
        if (const std::uint64_t b = bits_ & ~csv_rule::bits_below(std::ptrdiff_t(p - window_)))
            return window_ + std::size_t(__builtin_ctzll(b));
        const std::size_t from = window_ + 64;
        if (from >= size_) return size_;
        const void* hit = std::memchr(data_ + from, '"', size_ - from);
        if (!hit) return size_;
        const std::size_t q = std::size_t(static_cast<const char*>(hit) - data_);
        load(q);
        return q;
    }

private:
    void load(std::size_t p) {
        window_ = p;
        bits_ = csv_rule::match_bits(data_ + p, data_ + size_, '"');
    }

    const char* data_;
    std::size_t size_;
    std::size_t window_ = std::size_t(-1);
    std::uint64_t bits_ = 0;
};

}  // namespace

// Outside quotes every line end ends a record, so the last record end of a stretch outside
// quotes [from, to) is its last LF, or a CR after it that is not half of a CRLF.
void RecordScanner::note_line_ends(const char* data, std::size_t from, std::size_t to, std::size_t size) {
    from = std::max(from, searched_);
    if (from >= to) return;
    const char* const b = data + from;
    const char* const e = data + to;
    const char* lf = last_of(b, e, '\n');
    const char* after_lf = lf ? lf + 1 : b;
    const char* cr = last_of(after_lf, e, '\r');
    std::size_t found = 0;
    if (cr && std::size_t(cr - data) + 1 < size) found = std::size_t(cr - data) + 1;  // next byte is not LF
    else if (lf) found = std::size_t(lf - data) + 1;
    if (found > last_end_) last_end_ = found;
    // A CR as the last byte is looked at again once the next byte is there.
    searched_ = (to == size && data[to - 1] == '\r') ? to - 1 : to;
}

std::size_t RecordScanner::scan(const char* data, std::size_t size) {
    std::size_t p = pos_;
    QuoteFinder quotes(data, size);
    while (p < size) {
        const std::size_t q = quotes.next(p);
        if (q == size) {
            p = size;
            break;
        }
        if (quoted_) {
            if (q + 1 == size) {  // "" or a closing quote: the next byte decides
                p = q;
                break;
            }
            if (data[q + 1] == '"') {
                p = q + 2;
                continue;
            }
            quoted_ = false;  // closed; text up to the next delimiter is literal
            stretch_ = q + 1;
            p = q + 1;
            continue;
        }
        // Outside quotes: data[0] starts a record, and the byte before q is outside quotes.
        if (!csv_rule::opens_quoted_field(data, data + q, delimiter_)) {
            p = q + 1;  // a literal quote inside a field
            continue;
        }
        note_line_ends(data, stretch_, q, size);
        quoted_ = true;
        quote_at_ = q;
        p = q + 1;
    }
    pos_ = p;
    if (!quoted_) note_line_ends(data, stretch_, size, size);
    return last_end_;
}

void RecordScanner::consume(std::size_t cut) {
    auto down = [cut](std::size_t& v) { v = v > cut ? v - cut : 0; };
    down(pos_);
    down(stretch_);
    down(searched_);
    down(last_end_);
    down(quote_at_);
}

}  // namespace cskpi
