#pragma once
// The first stage of ingest: an export's bytes as the CSV layer reads them. Reads the file
// in large blocks (no mmap: memory stays bounded by the blocks), hashes the original bytes
// (SHA-256, for the summary) and decodes UTF-16 to UTF-8 on the fly: no temporary file.
// Other encodings pass through as they are; their fields are decoded after the split.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "ingest/encoding/text_decoder.hpp"
#include "sources/byte_reader.hpp"

namespace cskpi {

class ExportStream {
public:
    // Throws InputError naming `label` when the file cannot be opened.
    ExportStream(const std::filesystem::path& path, Encoding encoding, std::string label);
    // Reads `reader` (a warehouse's COPY) instead of a file.
    ExportStream(std::shared_ptr<ByteReader> reader, Encoding encoding, std::string label);
    ~ExportStream();
    ExportStream(const ExportStream&) = delete;
    ExportStream& operator=(const ExportStream&) = delete;

    // Fills buf[0, n) as far as the export allows and returns the count: less than n only
    // at the end. Throws InputError on a read error or invalid UTF-16.
    std::size_t read(char* buf, std::size_t n);

    // What the CSV layer sees: UTF-8 after transcoding UTF-16, else the file's encoding.
    Encoding text_encoding() const { return utf16_ ? Encoding::utf8 : encoding_; }
    std::uint64_t bytes_read() const { return bytes_; }  // of the original file
    // SHA-256 of the original bytes read so far, in hex (the whole file once read to the end).
    std::string sha256_hex();

private:
    std::size_t read_raw(char* buf, std::size_t n);

    std::string label_;
    Encoding encoding_;
    int fd_ = -1;
    std::shared_ptr<ByteReader> reader_;
    std::uint64_t bytes_ = 0;
    bool raw_end_ = false;
    struct Digest;
    std::unique_ptr<Digest> digest_;
    std::optional<Utf16Decoder> utf16_;
    std::string decoded_;       // UTF-8 not handed out yet
    std::size_t decoded_at_ = 0;
    std::string raw_block_;
};

}  // namespace cskpi
