#pragma once
// A stream of export bytes that does not come from a file: the ingest reads it as it would
// read a file (export_stream.hpp), block by block, never holding the whole export.
#include <cstddef>

namespace cskpi {

class ByteReader {
public:
    virtual ~ByteReader() = default;
    // Fills buf[0, n) as far as the stream allows and returns the count: less than n only
    // at the end. Throws InputError when the stream fails before its end.
    virtual std::size_t read(char* buf, std::size_t n) = 0;
};

}  // namespace cskpi
