#include "ingest/encoding/text_decoder.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <simdjson.h>

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

// simdjson runs the widest kernel the CPU has. Where that is AVX-512 the whole run took 3 %
// more CPU than with its AVX2 kernel (the wide vectors slow the code around them), which
// took 1.6 % less than the byte loop it replaced: the AVX2 kernel where the CPU runs it.
const simdjson::implementation& utf8_checker() {
    static const simdjson::implementation* const chosen = [] {
        const simdjson::implementation* avx2 = simdjson::get_available_implementations()["haswell"];
        if (avx2 && avx2->supported_by_runtime_system()) return avx2;
        return static_cast<const simdjson::implementation*>(simdjson::get_active_implementation());
    }();
    return *chosen;
}

}  // namespace

bool is_valid_utf8(std::string_view s) { return utf8_checker().validate_utf8(s.data(), s.size()); }

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

// decode() has passed ASCII fields through already.
std::optional<std::string_view> FieldDecoder::decode_unvalidated(std::string_view raw, std::string& scratch) {
    if (!iconv_) {
        if (!is_valid_utf8(raw)) return std::nullopt;
        return raw;
    }
    scratch.clear();
    if (!iconv_->convert(raw, scratch)) return std::nullopt;
    return std::string_view(scratch);
}

Utf16Decoder::Utf16Decoder(std::string label) : label_(std::move(label)) {}

namespace {

// The UTF-16 code unit at p (two bytes).
inline unsigned unit_at(const char* p, bool big_endian) {
    const auto b0 = static_cast<unsigned char>(p[0]), b1 = static_cast<unsigned char>(p[1]);
    return big_endian ? (b0 << 8 | b1) : (b1 << 8 | b0);
}

// Narrows the ASCII code units from `from` on (up to `to`, an even distance) to bytes at
// `o`; returns where the first non-ASCII unit (or `to`) is. Sixteen units a step: exports
// are mostly ASCII, and that is where iconv's per-character work went.
std::size_t narrow_ascii(const char* data, std::size_t from, std::size_t to, bool big_endian, char*& o) {
    std::size_t j = from;
#ifdef __SSE2__
    const __m128i high = _mm_set1_epi16(std::int16_t(0xFF80));
    const __m128i zero = _mm_setzero_si128();
    for (; j + 32 <= to; j += 32, o += 16) {
        __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + j));
        __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + j + 16));
        if (big_endian) {
            a = _mm_or_si128(_mm_srli_epi16(a, 8), _mm_slli_epi16(a, 8));
            b = _mm_or_si128(_mm_srli_epi16(b, 8), _mm_slli_epi16(b, 8));
        }
        const __m128i wide = _mm_and_si128(_mm_or_si128(a, b), high);
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(wide, zero)) != 0xFFFF) break;
        _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm_packus_epi16(a, b));
    }
#endif
    for (; j + 1 < to; j += 2) {
        const unsigned unit = unit_at(data + j, big_endian);
        if (unit >= 0x80) break;
        *o++ = char(unit);
    }
    return j;
}

}  // namespace

void Utf16Decoder::decode(std::string_view raw, std::string& out, bool last) {
    pending_.append(raw);
    if (!iconv_) {
        if (pending_.size() < 2 && !last) return;
        const auto b0 = pending_.size() > 0 ? static_cast<unsigned char>(pending_[0]) : 0;
        const auto b1 = pending_.size() > 1 ? static_cast<unsigned char>(pending_[1]) : 0;
        if (b0 == 0xFE && b1 == 0xFF) {
            iconv_.emplace("UTF-8", "UTF-16BE");
            big_endian_ = true;
            pending_.erase(0, 2);
            decoded_ = 2;
        } else {
            if (b0 == 0xFF && b1 == 0xFE) pending_.erase(0, 2), decoded_ = 2;
            iconv_.emplace("UTF-8", "UTF-16LE");
        }
    }
    auto cd = static_cast<iconv_t>(iconv_->handle());
    const char* const data = pending_.data();
    const std::size_t units_end = pending_.size() & ~std::size_t(1);  // an odd last byte waits
    constexpr std::size_t kStep = std::size_t(32) << 10;             // bytes of units narrowed per append
    char narrowed[kStep / 2 + 16];
    char buf[16384];
    std::size_t i = 0;
    while (i < units_end) {
        // ASCII units, narrowed here; the rest, up to the next ASCII unit, by iconv (a
        // surrogate pair is never cut: both its units are past ASCII).
        char* o = narrowed;
        const std::size_t step_end = std::min(units_end, i + kStep);
        const std::size_t j = narrow_ascii(data, i, step_end, big_endian_, o);
        out.append(narrowed, std::size_t(o - narrowed));
        i = j;
        if (i == step_end) continue;
        std::size_t k = i + 2;
        while (k < units_end && unit_at(data + k, big_endian_) >= 0x80) k += 2;
        char* in = const_cast<char*>(data + i);
        std::size_t in_left = k - i;
        bool waiting = false;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
        while (in_left > 0) {
            char* b = buf;
            std::size_t b_left = sizeof buf;
            const std::size_t r = iconv(cd, &in, &in_left, &b, &b_left);
            out.append(buf, std::size_t(b - buf));
            if (r != std::size_t(-1) || errno == E2BIG) continue;
            if (errno == EINVAL && k == units_end) {  // a pair split at the end: wait for more bytes
                waiting = true;
                break;
            }
            throw InputError(label_ + ": not valid UTF-16 (at byte " +
                             std::to_string(decoded_ + std::uint64_t(in - data)) + ")");
        }
        i = std::size_t(in - data);
        if (waiting) break;
    }
    decoded_ += i;
    pending_.erase(0, i);
    if (last && !pending_.empty())
        throw InputError(label_ + ": truncated UTF-16 (the file ends inside a character)");
}

}  // namespace cskpi
