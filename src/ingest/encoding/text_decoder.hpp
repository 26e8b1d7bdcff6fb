#pragma once
// Turns raw export bytes into UTF-8. GBK/GB18030 never use bytes below 0x40 as trail
// bytes, so records can be split on the raw bytes and only non-ASCII fields decoded.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace cskpi {

enum class Encoding { utf8, gbk, gb18030, utf16 };

Encoding parse_encoding(std::string_view name);  // throws UsageError
std::string_view to_string(Encoding e);

bool is_valid_utf8(std::string_view s);

// RAII over an iconv descriptor; one per thread.
class Iconv {
public:
    Iconv(const char* to, const char* from);
    ~Iconv();
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;
    // Converts all of `in`, appending to `out`; false on an invalid or incomplete sequence.
    bool convert(std::string_view in, std::string& out);
    void* handle() { return cd_; }

private:
    void* cd_;
};

class FieldDecoder {
public:
    explicit FieldDecoder(Encoding encoding);
    // The field as UTF-8 (a view of `raw` when no conversion is needed, else of `scratch`),
    // or nullopt when its bytes are not valid in the encoding.
    std::optional<std::string_view> decode(std::string_view raw, std::string& scratch) {
        // Inline: a validated UTF-8 block, or an ASCII field, is the case of nearly every field.
        if (block_validated_ || is_ascii(raw)) return raw;
        return decode_unvalidated(raw, scratch);
    }
    // For UTF-8 input already validated as a whole block: fields pass through unchecked.
    void set_block_validated(bool validated) { block_validated_ = validated; }
    Encoding encoding() const { return encoding_; }

private:
    std::optional<std::string_view> decode_unvalidated(std::string_view raw, std::string& scratch);

    Encoding encoding_;
    bool block_validated_ = false;
    std::optional<Iconv> iconv_;
};

// UTF-16 (with BOM, else little endian) cannot be split on raw bytes: it is decoded to
// UTF-8 as a stream, block by block, before the CSV layer sees it (no temporary file).
class Utf16Decoder {
public:
    // `label` names the export in errors.
    explicit Utf16Decoder(std::string label);
    // Appends the UTF-8 of `raw` to `out`; a code unit or surrogate pair split at the end of
    // `raw` waits for the next call. `last`: no more bytes follow. Throws InputError naming
    // the export on an invalid sequence or a truncated end.
    void decode(std::string_view raw, std::string& out, bool last);

private:
    std::string label_;
    std::string pending_;         // bytes not decoded yet
    std::uint64_t decoded_ = 0;   // bytes of the file before pending_
    std::optional<Iconv> iconv_;  // set once the byte-order mark (or its absence) is seen
    bool big_endian_ = false;
};

}  // namespace cskpi
