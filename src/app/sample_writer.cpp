#include "app/sample_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>

#include "core/errors.hpp"

namespace cskpi {

SampleCsvWriter::SampleCsvWriter(std::filesystem::path target)
    : file_(std::move(target)), buffer_(new char[buffer_size]) {
    fd_ = ::open(file_.temp_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("cannot create");
}

SampleCsvWriter::~SampleCsvWriter() {
    if (fd_ >= 0) ::close(fd_);
}

void SampleCsvWriter::fail(const char* what) const {
    const int error = errno;  // before any allocation can touch it
    throw OutputError(std::string(what) + " " + file_.target_path().string() + ": " + std::strerror(error));
}

void SampleCsvWriter::flush() {
    const char* data = buffer_.get();
    std::size_t left = used_;
    while (left > 0) {
        const ssize_t written = ::write(fd_, data, left);
        if (written < 0) {
            if (errno == EINTR) continue;
            fail("cannot write");
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    used_ = 0;
}

void SampleCsvWriter::commit() {
    flush();
    const int fd = fd_;
    fd_ = -1;
    // close() is where some file systems (NFS, quotas) finally report a failed write.
    if (::close(fd) != 0) fail("cannot write");
    file_.commit();
}

SampleCalendar::SampleCalendar(int first_year, int last_year) {
    namespace chr = std::chrono;
    const chr::sys_days first{chr::year{first_year} / chr::January / 1};
    const chr::sys_days end{chr::year{last_year + 1} / chr::January / 1};
    first_day_number_ = static_cast<int>(first.time_since_epoch().count());
    const auto count = static_cast<std::size_t>((end - first).count());
    text_.resize(count);
    month_.resize(count);
    weekday_.resize(count);
    mday_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const chr::sys_days day = first + chr::days{static_cast<int>(i)};
        const chr::year_month_day ymd{day};
        const int y = static_cast<int>(ymd.year());
        const unsigned m = static_cast<unsigned>(ymd.month());
        const unsigned d = static_cast<unsigned>(ymd.day());
        char* p = text_[i].data();
        *p++ = static_cast<char>('0' + y / 1000);
        *p++ = static_cast<char>('0' + y / 100 % 10);
        *p++ = static_cast<char>('0' + y / 10 % 10);
        *p++ = static_cast<char>('0' + y % 10);
        *p++ = '-';
        p = put_two(p, m);
        *p++ = '-';
        put_two(p, d);
        month_[i] = static_cast<unsigned char>(m);
        weekday_[i] = static_cast<unsigned char>(chr::weekday{day}.c_encoding());
        mday_[i] = static_cast<unsigned char>(d);
    }
}

int SampleCalendar::day_of(int y, unsigned m, unsigned d) const {
    namespace chr = std::chrono;
    const chr::sys_days day{chr::year{y} / chr::month{m} / chr::day{d}};
    return static_cast<int>(day.time_since_epoch().count()) - first_day_number_;
}

char* SampleCalendar::put_day_first_timestamp(char* p, std::int64_t seconds) const {
    const auto& iso = text_[static_cast<std::size_t>(seconds / 86400)];
    p = put_text(p, std::string_view(iso.data() + 8, 2));
    *p++ = '.';
    p = put_text(p, std::string_view(iso.data() + 5, 2));
    *p++ = '.';
    p = put_text(p, std::string_view(iso.data(), 4));
    char canonical[19];
    put_timestamp(canonical, seconds);
    return put_text(p, std::string_view(canonical + 10, 9));  // " HH:MM:SS"
}

}  // namespace cskpi
