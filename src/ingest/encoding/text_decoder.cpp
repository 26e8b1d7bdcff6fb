#include "ingest/encoding/text_decoder.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <vector>

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

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        // ASCII fast path: 16 bytes at a time while no byte has its high bit set.
        while (end - p >= 16) {
            std::uint64_t a, b;
            std::memcpy(&a, p, 8);
            std::memcpy(&b, p + 8, 8);
            if ((a | b) & 0x8080808080808080ull) break;
            p += 16;
        }
        if (p >= end) break;
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
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

std::optional<std::string_view> FieldDecoder::decode(std::string_view raw, std::string& scratch) {
    if (block_validated_) return raw;
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

void transcode_utf16_file(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::ifstream in(from, std::ios::binary);
    if (!in) throw InputError("cannot read " + from.string());
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError("cannot write " + to.string());
    char head[2] = {0, 0};
    in.read(head, 2);
    const auto got = in.gcount();
    const char* source_encoding = "UTF-16LE";
    std::string pending;
    if (got == 2 && static_cast<unsigned char>(head[0]) == 0xFE && static_cast<unsigned char>(head[1]) == 0xFF)
        source_encoding = "UTF-16BE";
    else if (!(got == 2 && static_cast<unsigned char>(head[0]) == 0xFF && static_cast<unsigned char>(head[1]) == 0xFE))
        pending.assign(head, std::size_t(got));
    Iconv conv("UTF-8", source_encoding);
    std::vector<char> block(1 << 20);
    std::string converted;
    for (;;) {
        in.read(block.data(), std::streamsize(block.size()));
        const auto n = in.gcount();
        if (n <= 0) break;
        pending.append(block.data(), std::size_t(n));
        const std::size_t whole = pending.size() & ~std::size_t(1);
        // Keep a trailing high surrogate for the next block so pairs are not split.
        std::size_t cut = whole;
        if (cut >= 2) {
            const bool be = source_encoding[6] == 'B';
            const unsigned char hi = static_cast<unsigned char>(pending[cut - (be ? 2 : 1)]);
            if (hi >= 0xD8 && hi <= 0xDB) cut -= 2;
        }
        converted.clear();
        if (!conv.convert(std::string_view(pending).substr(0, cut), converted))
            throw InputError(from.string() + ": not valid UTF-16");
        out.write(converted.data(), std::streamsize(converted.size()));
        pending.erase(0, cut);
    }
    if (!pending.empty()) throw InputError(from.string() + ": truncated UTF-16 (odd number of bytes)");
    if (!out) throw InputError("cannot write " + to.string());
}

}  // namespace cskpi
