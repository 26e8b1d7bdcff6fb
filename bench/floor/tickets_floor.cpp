// The least work one pass over a generated tickets.csv can do: how far the budget the
// speed aims leave (docs/benchmarks.md) is from what reading and splitting alone cost.
// Specialised to the layout `cskpi sample` writes (16 columns, no quotes, fixed-format
// timestamps): no SHA-256, no UTF-8 or field checks, no rejects, no duplicates, no
// breakdowns, one distribution. Not part of cskpi; build and run by hand:
//   g++ -O3 -std=c++20 bench/floor/tickets_floor.cpp -o /tmp/tickets_floor
//   /usr/bin/time -v /tmp/tickets_floor DIR/tickets.csv
#include <emmintrin.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

constexpr std::size_t kBlock = std::size_t(2) << 20;
constexpr std::size_t kSlack = 64;  // the 64-byte field scan may look past the last line end

int two_digits(const char* p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

// "YYYY-MM-DD HH:MM:SS" as ms since the epoch (as if UTC), -1 for anything else.
std::int64_t timestamp(const char* p, const char* end) {
    if (end - p != 19) return -1;
    const int year = two_digits(p) * 100 + two_digits(p + 2);
    const std::int64_t day = days_from_civil(year, unsigned(two_digits(p + 5)), unsigned(two_digits(p + 8)));
    return ((day * 24 + two_digits(p + 11)) * 60 + two_digits(p + 14)) * 60000 + two_digits(p + 17) * 1000;
}

std::uint64_t id_number(const char* p, const char* end) {
    std::uint64_t v = 0;
    while (p < end && (*p < '0' || *p > '9')) v = v * 64 + std::uint64_t(*p++ & 63);
    for (; p < end; ++p) v = v * 10 + std::uint64_t(*p - '0');
    return v;
}

std::int64_t whole_number(const char* p, const char* end) {
    std::int64_t v = 0;
    for (; p < end; ++p) v = v * 10 + (*p - '0');
    return v;
}

// Bit i set where p[i] is a comma or a line feed.
std::uint64_t separators(const char* p) {
    std::uint64_t bits = 0;
    for (int j = 0; j < 4; ++j) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * j));
        const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(',')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\n')));
        bits |= std::uint64_t(unsigned(_mm_movemask_epi8(hit))) << (16 * j);
    }
    return bits;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: tickets_floor TICKETS_CSV\n");
        return 2;
    }
    const int fd = ::open(argv[1], O_RDONLY);
    if (fd < 0) {
        std::perror(argv[1]);
        return 1;
    }
    std::vector<char> buffer(kBlock + kSlack, '\n');
    struct Month {
        std::int64_t tickets = 0, frt_ms = 0, resolution_ms = 0, with_customer = 0, complaints = 0, handle_sec = 0;
    };
    std::vector<Month> months(64);
    std::vector<std::int64_t> frt;  // the one distribution kept
    frt.reserve(std::size_t(1) << 20);
    std::uint64_t rows = 0, checksum = 0;
    bool header = true;
    std::size_t have = 0;
    for (bool eof = false; !eof;) {
        const ssize_t got = ::read(fd, buffer.data() + have, kBlock - have);
        if (got < 0) {
            std::perror("read");
            return 1;
        }
        eof = got == 0;
        have += std::size_t(got);
        char* const begin = buffer.data();
        char* const last = static_cast<char*>(memrchr(begin, '\n', have));
        if (!last) break;
        char* const stop = last + 1;
        for (char* p = begin; p < stop;) {
            const char* field[18];
            int fields = 0;
            field[fields++] = p;
            char* line_end = nullptr;
            for (char* window = p; !line_end; window += 64) {
                for (std::uint64_t bits = separators(window); bits; bits &= bits - 1) {
                    char* at = window + __builtin_ctzll(bits);
                    if (*at == '\n') {
                        line_end = at;
                        break;
                    }
                    if (fields < 17) field[fields++] = at + 1;
                }
            }
            field[fields] = line_end + 1;
            if (!header && fields == 16) {
                const std::int64_t created = timestamp(field[1], field[2] - 1);
                const std::int64_t replied = timestamp(field[2], field[3] - 1);
                const std::int64_t resolved = timestamp(field[3], field[4] - 1);
                Month& m = months[std::size_t((created / 86400000 / 30) & 63)];
                ++m.tickets;
                if (replied >= 0) {
                    m.frt_ms += replied - created;
                    frt.push_back(replied - created);
                }
                if (resolved >= 0) m.resolution_ms += resolved - created;
                m.with_customer += id_number(field[10], field[11] - 1) != 0;
                m.complaints += field[14][0] == 't';
                m.handle_sec += whole_number(field[15], field[16] - 1);
                checksum += id_number(field[0], field[1] - 1) + (field[5][0] == 'u') + (field[6][0] == 'p') +
                            (field[11][0] == 'k') + std::uint64_t(whole_number(field[12], field[13] - 1));
                ++rows;
            }
            header = false;
            p = line_end + 1;
        }
        have = std::size_t(begin + have - stop);
        std::memmove(begin, stop, have);
    }
    std::int64_t total = 0;
    for (const Month& m : months) total += m.tickets + m.frt_ms + m.resolution_ms + m.with_customer + m.complaints + m.handle_sec;
    std::printf("%llu rows, checksums %lld %llu, %zu reply times\n", static_cast<unsigned long long>(rows),
                static_cast<long long>(total), static_cast<unsigned long long>(checksum), frt.size());
    ::close(fd);
}
