#include "ingest/csv/record_scanner.hpp"

#include <algorithm>
#include <cstring>

#include "ingest/csv/csv_rule.hpp"

namespace cskpi {

// Outside quotes every line end ends a record, so the last record end of a stretch outside
// quotes [from, to) is its last LF, or a CR after it that is not half of a CRLF.
void RecordScanner::note_line_ends(const char* data, std::size_t from, std::size_t to, std::size_t size) {
    from = std::max(from, searched_);
    if (from >= to) return;
    const char* const b = data + from;
    const char* const e = data + to;
    const char* lf = static_cast<const char*>(memrchr(b, '\n', std::size_t(e - b)));
    const char* after_lf = lf ? lf + 1 : b;
    const char* cr = static_cast<const char*>(memrchr(after_lf, '\r', std::size_t(e - after_lf)));
    std::size_t found = 0;
    if (cr && std::size_t(cr - data) + 1 < size) found = std::size_t(cr - data) + 1;  // next byte is not LF
    else if (lf) found = std::size_t(lf - data) + 1;
    if (found > last_end_) last_end_ = found;
    // A CR as the last byte is looked at again once the next byte is there.
    searched_ = (to == size && data[to - 1] == '\r') ? to - 1 : to;
}

std::size_t RecordScanner::scan(const char* data, std::size_t size) {
    std::size_t p = pos_;
    while (p < size) {
        const void* hit = std::memchr(data + p, '"', size - p);
        if (!hit) {
            p = size;
            break;
        }
        const std::size_t q = std::size_t(static_cast<const char*>(hit) - data);
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
