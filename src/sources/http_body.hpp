#pragma once
// Reads an HTTP response body straight off the connection and checks its framing: a
// Content-Length body must deliver every byte, a chunked body must reach its final chunk.
// Poco's own body streams end quietly when the peer closes early, which would turn a cut
// connection into a short export; this streambuf reports it instead.
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <streambuf>
#include <string>
#include <vector>

namespace cskpi {

class HttpBodyStreamBuf : public std::streambuf {
public:
    // Reads up to n raw bytes after the response header; returns 0 at end of connection.
    using RawRead = std::function<int(char* buffer, std::streamsize n)>;
    enum class Framing { content_length, chunked, until_close };

    HttpBodyStreamBuf(RawRead read, Framing framing, std::int64_t content_length);

    // Bytes of body received on the wire (chunk framing excluded, before any decoding).
    std::int64_t received() const { return received_; }
    // Set when the connection ended before the framing said the body was complete.
    bool truncated() const { return truncated_; }
    // A network error (timeout, reset) met while reading; the stream then reports EOF.
    std::exception_ptr failure() const { return failure_; }

protected:
    int_type underflow() override;

private:
    int next_raw_byte();            // -1 at end of connection
    std::streamsize fill_raw();
    std::streamsize copy_buffered(char* out, std::streamsize n);
    std::streamsize read_body(char* out, std::streamsize n);
    std::streamsize read_chunked(char* out, std::streamsize n);
    bool read_line(std::string& line);  // false at end of connection

    RawRead read_;
    Framing framing_;
    std::int64_t remaining_;        // content_length: bytes still due; chunked: in this chunk
    bool done_ = false;
    bool truncated_ = false;
    std::int64_t received_ = 0;
    std::exception_ptr failure_;
    std::vector<char> raw_;         // bytes read but not yet consumed
    std::size_t raw_pos_ = 0;
    std::vector<char> out_;         // the get area handed to the reader
};

}  // namespace cskpi
