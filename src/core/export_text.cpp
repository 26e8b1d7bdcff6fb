#include "core/export_text.hpp"

#include <algorithm>
#include <cstdint>

namespace cskpi {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_byte_escape(std::string& out, unsigned char c) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
}

void append_code_point_escape(std::string& out, std::uint32_t cp) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
}

// Length of the valid UTF-8 sequence at p (1..4) with its code point, or 0 when invalid.
std::size_t utf8_sequence(const unsigned char* p, std::size_t left, std::uint32_t& cp) {
    const unsigned char c = p[0];
    std::size_t len;
    std::uint32_t min;
    if ((c & 0xE0) == 0xC0) len = 2, min = 0x80, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000, cp = c & 0x07;
    else return 0;
    if (left < len) return 0;
    for (std::size_t i = 1; i < len; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

// Code points a terminal or an editor acts on rather than shows.
bool is_control_code_point(std::uint32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F)                        // C1 controls (CSI is U+009B)
           || cp == 0x200E || cp == 0x200F                   // LRM, RLM
           || (cp >= 0x2028 && cp <= 0x202E)                 // separators, bidi embeddings/overrides
           || (cp >= 0x2066 && cp <= 0x2069)                 // bidi isolates
           || cp == 0xFEFF;                                  // zero-width no-break space / BOM
}

bool is_plain_ascii(std::string_view s) {
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x7F) return false;
    }
    return true;
}

// The longest prefix of at most max_bytes that does not end inside a UTF-8 sequence.
std::size_t character_boundary(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s.size();
    std::size_t cut = max_bytes;
    // Step back over at most three continuation bytes.
    for (int i = 0; i < 3 && cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80; ++i) --cut;
    return cut;
}

}  // namespace

std::string escape_controls(std::string_view text) {
    if (is_plain_ascii(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 16);
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* const end = p + text.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c >= 0x20 && c < 0x7F) {
            out += char(c);
            ++p;
        } else if (c < 0x80) {
            switch (c) {
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                default: append_byte_escape(out, c);
            }
            ++p;
        } else {
            std::uint32_t cp = 0;
            const std::size_t len = utf8_sequence(p, std::size_t(end - p), cp);
            if (len == 0) {
                append_byte_escape(out, c);
                ++p;
            } else {
                if (is_control_code_point(cp)) append_code_point_escape(out, cp);
                else out.append(reinterpret_cast<const char*>(p), len);
                p += len;
            }
        }
    }
    return out;
}

std::string clip_export_text(std::string_view text, std::size_t max_bytes, std::size_t total_bytes) {
    const std::size_t keep = character_boundary(text, max_bytes);
    const std::size_t total = std::max(total_bytes, text.size());
    std::string out = escape_controls(text.substr(0, keep));
    if (keep < total) out += "… (" + std::to_string(total) + " bytes)";
    return out;
}

std::string quote_export_text(std::string_view text, std::size_t max_bytes) {
    const std::size_t keep = character_boundary(text, max_bytes);
    std::string out(1, '\'');
    out += escape_controls(text.substr(0, keep));
    if (keep == text.size()) return out += '\'';
    out += "…' (";
    out += std::to_string(text.size());
    return out += " bytes)";
}

}  // namespace cskpi
