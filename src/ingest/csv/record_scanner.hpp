#pragma once
// Finds where records end in a stream of blocks, by the quoting rule of csv_rule.hpp: the
// block cutter of the parallel reader.
//
// Why not quote parity: parity treats every quote as opening or closing, but a quote opens a
// field only at a field's start (`15" screen` is literal), so parity and the tokenizer
// disagree, a block can be cut inside a row, and one stray quote makes every later line
// look quoted (the whole rest of the file gets buffered). Instead this is the tokenizer's
// own state machine with the field splitting left out, run over every byte in file order
// on the reader thread, so a cut is always exactly where the tokenizer ends a record and
// block boundaries never change a row. It stays cheap: outside quotes it only looks for
// the next quote (a 64-byte mask at a time) and, once per block and per quoted field, for
// the last line end before it (memrchr, or a short loop between quoted fields); inside
// quotes for the closing quote. No per-byte loop over the data.
#include <cstddef>

namespace cskpi {

class RecordScanner {
public:
    explicit RecordScanner(char delimiter) : delimiter_(delimiter) {}

    // data[0, size) holds the stream from a record start on; the bytes before the size of
    // the previous call were scanned already (the caller only appends). Returns one past the
    // last record end found in data[0, size), 0 when there is none yet. A CR as the last
    // byte is not taken as an end until the next byte is known (it may be half of a CRLF).
    std::size_t scan(const char* data, std::size_t size);

    // The caller hands data[0, cut) on (cut = a value scan returned) and keeps the rest at
    // the start of its buffer: positions move down by cut.
    void consume(std::size_t cut);

    // At the end of what was scanned, a quoted field is open; it opened at quote_offset().
    bool in_quoted_field() const { return quoted_; }
    std::size_t quote_offset() const { return quote_at_; }

private:
    void note_line_ends(const char* data, std::size_t from, std::size_t to, std::size_t size);

    char delimiter_;
    bool quoted_ = false;
    std::size_t pos_ = 0;          // next byte to examine
    std::size_t stretch_ = 0;      // start of the current stretch outside quotes
    std::size_t searched_ = 0;     // line ends before this offset were looked for
    std::size_t last_end_ = 0;     // one past the last record end found
    std::size_t quote_at_ = 0;     // the opening quote of the open quoted field
};

}  // namespace cskpi
