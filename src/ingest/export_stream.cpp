#include "ingest/export_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <Poco/Crypto/DigestEngine.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/errors.hpp"

namespace cskpi {

namespace {
constexpr std::size_t kHashPiece = std::size_t(64) << 10;
}  // namespace

struct ExportStream::Digest {
    Poco::Crypto::DigestEngine sha{"SHA256"};
};

ExportStream::ExportStream(const std::filesystem::path& path, Encoding encoding, std::string label)
    : label_(std::move(label)), encoding_(encoding), digest_(std::make_unique<Digest>()) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw InputError("cannot open " + path.string() + ": " + std::strerror(errno));
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    if (encoding == Encoding::utf16) {
        utf16_.emplace(label_);
        raw_block_.resize(std::size_t(1) << 20);
    }
}

ExportStream::ExportStream(std::shared_ptr<ByteReader> reader, Encoding encoding, std::string label)
    : label_(std::move(label)), encoding_(encoding), reader_(std::move(reader)), digest_(std::make_unique<Digest>()) {
    if (encoding == Encoding::utf16) {
        utf16_.emplace(label_);
        raw_block_.resize(std::size_t(1) << 20);
    }
}

ExportStream::~ExportStream() {
    if (fd_ >= 0) ::close(fd_);
}

std::size_t ExportStream::read_raw(char* buf, std::size_t n) {
    std::size_t got = 0;
    if (reader_) {
        if (!raw_end_) got = reader_->read(buf, n);
        raw_end_ = got < n;
        if (got) digest_->sha.update(buf, got);
    }
    // From a file, a piece at a time, each hashed while the copy is still in the core's
    // cache (a whole block hashed after its read came back from further out).
    while (!reader_ && got < n && !raw_end_) {
        const ssize_t r = ::read(fd_, buf + got, std::min(n - got, kHashPiece));
        if (r < 0) {
            if (errno == EINTR) continue;
            throw InputError(label_ + ": read error: " + std::strerror(errno));
        }
        if (r == 0) raw_end_ = true;
        digest_->sha.update(buf + got, std::size_t(r));
        got += std::size_t(r);
    }
    bytes_ += got;
    return got;
}

std::size_t ExportStream::read(char* buf, std::size_t n) {
    if (!utf16_) return read_raw(buf, n);
    std::size_t got = 0;
    while (got < n) {
        if (decoded_at_ == decoded_.size()) {
            decoded_.clear();
            decoded_at_ = 0;
            if (raw_end_) break;
            const std::size_t raw = read_raw(raw_block_.data(), raw_block_.size());
            utf16_->decode(std::string_view(raw_block_.data(), raw), decoded_, raw_end_);
            continue;
        }
        const std::size_t take = std::min(n - got, decoded_.size() - decoded_at_);
        std::memcpy(buf + got, decoded_.data() + decoded_at_, take);
        decoded_at_ += take;
        got += take;
    }
    return got;
}

std::string ExportStream::sha256_hex() { return Poco::Crypto::DigestEngine::digestToHex(digest_->sha.digest()); }

}  // namespace cskpi
