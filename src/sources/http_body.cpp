#include "sources/http_body.hpp"

#include <algorithm>
#include <cstring>

namespace cskpi {

namespace {
constexpr std::size_t buffer_size = 64 * 1024;
}

HttpBodyStreamBuf::HttpBodyStreamBuf(RawRead read, Framing framing, std::int64_t content_length)
    : read_(std::move(read)), framing_(framing), remaining_(framing == Framing::content_length ? content_length : 0),
      out_(buffer_size) {
    if (framing_ == Framing::content_length && remaining_ == 0) done_ = true;
}

HttpBodyStreamBuf::int_type HttpBodyStreamBuf::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (done_ || failure_) return traits_type::eof();
    std::streamsize n = 0;
    try {
        n = read_body(out_.data(), static_cast<std::streamsize>(out_.size()));
    } catch (...) {
        // Exceptions thrown through istream are swallowed into badbit; keep it for the caller.
        failure_ = std::current_exception();
        return traits_type::eof();
    }
    if (n <= 0) return traits_type::eof();
    setg(out_.data(), out_.data(), out_.data() + n);
    return traits_type::to_int_type(*gptr());
}

std::streamsize HttpBodyStreamBuf::fill_raw() {
    raw_.resize(buffer_size);
    raw_pos_ = 0;
    const int n = read_(raw_.data(), static_cast<std::streamsize>(raw_.size()));
    raw_.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return n;
}

int HttpBodyStreamBuf::next_raw_byte() {
    if (raw_pos_ >= raw_.size() && fill_raw() <= 0) return -1;
    return static_cast<unsigned char>(raw_[raw_pos_++]);
}

// Up to n body bytes from the buffer, refilled from the socket when empty; 0 when the
// connection has ended.
std::streamsize HttpBodyStreamBuf::copy_buffered(char* out, std::streamsize n) {
    if (raw_pos_ >= raw_.size() && fill_raw() <= 0) return 0;
    const auto take = std::min<std::streamsize>(n, static_cast<std::streamsize>(raw_.size() - raw_pos_));
    std::memcpy(out, raw_.data() + raw_pos_, static_cast<std::size_t>(take));
    raw_pos_ += static_cast<std::size_t>(take);
    received_ += take;
    return take;
}

std::streamsize HttpBodyStreamBuf::read_body(char* out, std::streamsize n) {
    if (framing_ == Framing::chunked) return read_chunked(out, n);
    if (framing_ == Framing::content_length) n = std::min<std::int64_t>(n, remaining_);
    const std::streamsize take = copy_buffered(out, n);
    if (take == 0) {
        if (framing_ == Framing::content_length) truncated_ = true;
        done_ = true;
        return 0;
    }
    if (framing_ == Framing::content_length) {
        remaining_ -= take;
        if (remaining_ == 0) done_ = true;
    }
    return take;
}

bool HttpBodyStreamBuf::read_line(std::string& line) {
    line.clear();
    for (int c = next_raw_byte(); c != '\n'; c = next_raw_byte()) {
        if (c < 0) return false;
        if (c != '\r') line += static_cast<char>(c);
    }
    return true;
}

std::streamsize HttpBodyStreamBuf::read_chunked(char* out, std::streamsize n) {
    std::string line;
    if (remaining_ == 0) {
        if (!read_line(line)) {
            truncated_ = true;
            done_ = true;
            return 0;
        }
        // "1a3f;ext=1": the size is hex, extensions are ignored.
        const auto size_text = line.substr(0, line.find(';'));
        std::size_t parsed = 0;
        std::int64_t size = -1;
        try {
            size = std::stoll(size_text, &parsed, 16);
        } catch (const std::exception&) {
        }
        if (size < 0 || parsed == 0) {
            truncated_ = true;  // garbage where a chunk size belongs: the body cannot be trusted
            done_ = true;
            return 0;
        }
        if (size == 0) {
            // Trailer fields until the empty line that ends the message.
            while (true) {
                if (!read_line(line)) {
                    truncated_ = true;
                    break;
                }
                if (line.empty()) break;
            }
            done_ = true;
            return 0;
        }
        remaining_ = size;
    }
    n = std::min<std::int64_t>(n, remaining_);
    const std::streamsize take = copy_buffered(out, n);
    if (take == 0) {
        truncated_ = true;
        done_ = true;
        return 0;
    }
    remaining_ -= take;
    if (remaining_ == 0 && (!read_line(line) || !line.empty())) {
        // Every chunk's data ends in CRLF; anything else means the stream is cut or garbled.
        truncated_ = true;
        done_ = true;
    }
    return take;
}

}  // namespace cskpi
