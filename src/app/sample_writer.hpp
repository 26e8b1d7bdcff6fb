#pragma once
// Fast CSV output for the sample generator: rows are formatted straight into a large
// buffer (no allocation per field, no iostream formatting) that goes to an AtomicFile, so
// gigabytes of exports take seconds and a failed run leaves no partial file behind.
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "core/atomic_file.hpp"

namespace cskpi {

class SampleCsvWriter {
public:
    // Longest row any sample file writes, with room to spare.
    static constexpr std::size_t max_row_bytes = 1024;

    explicit SampleCsvWriter(std::filesystem::path target);  // throws OutputError
    ~SampleCsvWriter();
    SampleCsvWriter(SampleCsvWriter&& other) noexcept
        : file_(std::move(other.file_)), fd_(other.fd_), buffer_(std::move(other.buffer_)), used_(other.used_) {
        other.fd_ = -1;
        other.used_ = 0;
    }
    SampleCsvWriter& operator=(SampleCsvWriter&&) = delete;  // would have to flush or drop the old file
    SampleCsvWriter(const SampleCsvWriter&) = delete;
    SampleCsvWriter& operator=(const SampleCsvWriter&) = delete;

    // Returns where the next row goes; the caller formats at most max_row_bytes there and
    // hands back the end of what it wrote.
    char* row_begin() {
        if (buffer_size - used_ < max_row_bytes) flush();
        return buffer_.get() + used_;
    }
    void row_end(char* end) { used_ = static_cast<std::size_t>(end - buffer_.get()); }

    // Flushes, closes and renames the file into place; throws OutputError.
    void commit();

private:
    static constexpr std::size_t buffer_size = std::size_t{4} << 20;
    void flush();
    [[noreturn]] void fail(const char* what) const;

    AtomicFile file_;
    int fd_ = -1;
    std::unique_ptr<char[]> buffer_;
    std::size_t used_ = 0;
};

inline char* put_text(char* p, std::string_view text) {
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
}

inline char* put_int(char* p, std::int64_t value) { return std::to_chars(p, p + 24, value).ptr; }

// `prefix` then `value` zero-padded to at least `width` digits, e.g. T00001234.
inline char* put_id(char* p, std::string_view prefix, std::uint64_t value, int width) {
    p = put_text(p, prefix);
    char digits[24];
    const auto len = static_cast<int>(std::to_chars(digits, digits + sizeof digits, value).ptr - digits);
    for (int i = len; i < width; ++i) *p++ = '0';
    std::memcpy(p, digits, static_cast<std::size_t>(len));
    return p + len;
}

// Formats dates and wall-clock timestamps from precomputed text: day 0 is `first_year`-01-01
// and a timestamp counts seconds from its midnight, so there is no calendar arithmetic per row.
class SampleCalendar {
public:
    SampleCalendar(int first_year, int last_year);  // covers first_year-01-01..last_year-12-31

    int day_of(int year, unsigned month, unsigned day) const;  // day index of a civil date
    int days() const { return static_cast<int>(text_.size()); }
    unsigned month(int day) const { return month_[static_cast<std::size_t>(day)]; }
    unsigned weekday(int day) const { return weekday_[static_cast<std::size_t>(day)]; }  // 0 = Sunday
    unsigned day_of_month(int day) const { return mday_[static_cast<std::size_t>(day)]; }

    char* put_date(char* p, int day) const {
        std::memcpy(p, text_[static_cast<std::size_t>(day)].data(), 10);
        return p + 10;
    }
    // YYYY-MM-DD HH:MM:SS; `seconds` must fall inside the covered years.
    char* put_timestamp(char* p, std::int64_t seconds) const {
        const auto day = static_cast<int>(seconds / 86400);
        auto second_of_day = static_cast<unsigned>(seconds % 86400);
        p = put_date(p, day);
        *p++ = ' ';
        p = put_two(p, second_of_day / 3600);
        *p++ = ':';
        p = put_two(p, second_of_day / 60 % 60);
        *p++ = ':';
        return put_two(p, second_of_day % 60);
    }
    // DD.MM.YYYY HH:MM:SS: a deliberately non-canonical spelling for injected faults.
    char* put_day_first_timestamp(char* p, std::int64_t seconds) const;

private:
    static char* put_two(char* p, unsigned value) {
        *p++ = static_cast<char>('0' + value / 10);
        *p++ = static_cast<char>('0' + value % 10);
        return p;
    }
    int first_day_number_;  // days since 1970-01-01 of day 0
    std::vector<std::array<char, 10>> text_;
    std::vector<unsigned char> month_, weekday_, mday_;
};

}  // namespace cskpi
