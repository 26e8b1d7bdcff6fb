#include "ingest/encoding/text_decoder.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/errors.hpp"
#include "core/text.hpp"

namespace cskpi {

Encoding parse_encoding(std::string_view name) {
    const std::string n = to_lower_ascii(name);
    if (n.empty() || n == "utf-8" || n == "utf8") return Encoding::utf8;
    if (n == "gbk" || n == "cp936") return Encoding::gbk;
    if (n == "gb18030" || n == "gb2312") return Encoding::gb18030;  // GB18030 is a superset of both
    if (n == "utf-16" || n == "utf16" || n == "utf-16le" || n == "utf-16be") return Encoding::utf16;
    throw UsageError("unknown encoding '" + std::string(name) + "' (use utf-8, gbk, gb18030 or utf-16)");
}

std::string_view to_string(Encoding e) {
    switch (e) {
        case Encoding::gbk: return "gbk";
        case Encoding::gb18030: return "gb18030";
        case Encoding::utf16: return "utf-16";
        default: return "utf-8";
    }
}

namespace {

// The first byte at or after p with its high bit set, or end. Export text is mostly ASCII:
// 64 bytes a step with SSE2 (every x86-64), eight otherwise.
const unsigned char* skip_ascii(const unsigned char* p, const unsigned char* end) {
#ifdef __SSE2__
    auto load = [](const unsigned char* at) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at)); };
    while (end - p >= 64) {
        const __m128i any = _mm_or_si128(_mm_or_si128(load(p), load(p + 16)), _mm_or_si128(load(p + 32), load(p + 48)));
        if (_mm_movemask_epi8(any)) break;
        p += 64;
    }
    while (end - p >= 16) {
        if (const int high = _mm_movemask_epi8(load(p))) return p + __builtin_ctz(static_cast<unsigned>(high));
        p += 16;
    }
#else
    while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (word & 0x8080808080808080ull) break;
        p += 8;
    }
#endif
    while (p < end && *p < 0x80) ++p;
    return p;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        if (*p < 0x80) {  // not after a multi-byte character in a run of them (Chinese text)
            p = skip_ascii(p, end);
            if (p >= end) break;
        }
        const unsigned char c = *p;
        int len;
        unsigned min;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) len = 2, min = 0x80, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000, cp = c & 0x07;
        else return false;
        if (end - p < len) return false;
        for (int i = 1; i < len; ++i) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        p += len;
    }
    return true;
}

Iconv::Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {
    if (cd_ == reinterpret_cast<void*>(-1)) throw UsageError(std::string("encoding not available: ") + from);
}

Iconv::~Iconv() { iconv_close(static_cast<iconv_t>(cd_)); }

bool Iconv::convert(std::string_view in, std::string& out) {
    auto cd = static_cast<iconv_t>(cd_);
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
    char* inp = const_cast<char*>(in.data());
    std::size_t inleft = in.size();
    char buf[4096];
    while (inleft > 0) {
        char* outp = buf;
        std::size_t outleft = sizeof buf;
        const std::size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
        out.append(buf, std::size_t(outp - buf));
        if (r == std::size_t(-1) && errno != E2BIG) return false;
    }
    return true;
}

FieldDecoder::FieldDecoder(Encoding encoding) : encoding_(encoding) {
    if (encoding == Encoding::gbk) iconv_.emplace("UTF-8", "GBK");
    if (encoding == Encoding::gb18030) iconv_.emplace("UTF-8", "GB18030");
}

std::optional<std::string_view> FieldDecoder::decode_unvalidated(std::string_view raw, std::string& scratch) {
    bool ascii = true;
    for (char c : raw)
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) return raw;
    if (!iconv_) {
        if (!is_valid_utf8(raw)) return std::nullopt;
        return raw;
    }
    scratch.clear();
    if (!iconv_->convert(raw, scratch)) return std::nullopt;
    return std::string_view(scratch);
}

Utf16Decoder::Utf16Decoder(std::string label) : label_(std::move(label)) {}

void Utf16Decoder::decode(std::string_view raw, std::string& out, bool last) {
    pending_.append(raw);
    if (!iconv_) {
        if (pending_.size() < 2 && !last) return;
        const auto b0 = pending_.size() > 0 ? static_cast<unsigned char>(pending_[0]) : 0;
        const auto b1 = pending_.size() > 1 ? static_cast<unsigned char>(pending_[1]) : 0;
        if (b0 == 0xFE && b1 == 0xFF) {
            iconv_.emplace("UTF-8", "UTF-16BE");
            pending_.erase(0, 2);
            decoded_ = 2;
        } else {
            if (b0 == 0xFF && b1 == 0xFE) pending_.erase(0, 2), decoded_ = 2;
            iconv_.emplace("UTF-8", "UTF-16LE");
        }
    }
    auto cd = static_cast<iconv_t>(iconv_->handle());
    char* in = pending_.data();
    std::size_t in_left = pending_.size();
    char buf[16384];
    while (in_left > 0) {
        char* o = buf;
        std::size_t o_left = sizeof buf;
        const std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        out.append(buf, std::size_t(o - buf));
        if (r != std::size_t(-1) || errno == E2BIG) continue;
        if (errno == EINVAL) break;  // a unit or pair split at the end: wait for more bytes
        throw InputError(label_ + ": not valid UTF-16 (at byte " +
                         std::to_string(decoded_ + std::uint64_t(in - pending_.data())) + ")");
    }
    decoded_ += pending_.size() - in_left;
    pending_.erase(0, pending_.size() - in_left);
    if (last && !pending_.empty())
        throw InputError(label_ + ": truncated UTF-16 (the file ends inside a character)");
}

}  // namespace cskpi
