#pragma once
// Export text in messages. An export is written by someone else: a field can be 50 MB long,
// hold terminal escape sequences, or not be UTF-8 at all. Every message that quotes export
// text (reject details, errors, `validate`'s output, logs) goes through these helpers, so a
// message quotes at most ~kMaxQuotedBytes of it and never carries a control character.
#include <cstddef>
#include <string>
#include <string_view>

namespace cskpi {

inline constexpr std::size_t kMaxQuotedBytes = 200;

// `text` with every control character written out: \n \r \t, other C0 bytes and DEL as \xNN,
// C1 controls, bidirectional overrides and line separators as \uNNNN, and bytes that are not
// UTF-8 as \xNN. Printable UTF-8 (Chinese included) passes unchanged. Backslashes are kept
// as they are, so escaping escaped text changes nothing (a safety net can run twice).
std::string escape_controls(std::string_view text);

// At most `max_bytes` of `text` (cut on a character boundary), escaped; a cut is marked
// "… (N bytes)" with the full length (`total_bytes` when `text` is itself a prefix).
std::string clip_export_text(std::string_view text, std::size_t max_bytes = kMaxQuotedBytes,
                             std::size_t total_bytes = 0);

// The same in single quotes: 'like this', or 'the first bytes…' (N bytes).
std::string quote_export_text(std::string_view text, std::size_t max_bytes = kMaxQuotedBytes);

}  // namespace cskpi
