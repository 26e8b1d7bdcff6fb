// What the page-cache copy of read() costs against mapping the same pages: the reader's
// work on one export (SHA-256 in 64 KiB pieces and a search for quotes, as the record
// scanner does) over 2 MiB blocks, read into one recycled buffer or mapped 2 MiB at a time
// (mode 1 with MAP_POPULATE, mode 2 page by page). A second thread keeps the other core
// busy, as the parsers do, so unmapping pays its TLB shootdowns. Not part of cskpi; build
// and run by hand (its user time includes the busy thread's, about the wall time):
//   g++ -O2 -std=c++20 bench/floor/read_or_map.cpp -o /tmp/read_or_map -lcrypto -pthread
//   /usr/bin/time -v /tmp/read_or_map DIR/tickets.csv 0|1|2
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t kBlock = std::size_t(2) << 20;
constexpr std::size_t kPiece = std::size_t(64) << 10;
volatile unsigned long g_sink;

std::size_t count_quotes(const char* p, const char* end) {
    std::size_t n = 0;
    for (; (p = static_cast<const char*>(std::memchr(p, '"', std::size_t(end - p)))); ++p) ++n;
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s FILE 0|1|2  (0 read, 1 mmap + MAP_POPULATE, 2 mmap)\n", argv[0]);
        return 2;
    }
    const int mode = std::atoi(argv[2]);
    const int fd = open(argv[1], O_RDONLY);
    struct stat st {};
    if (fd < 0 || fstat(fd, &st) != 0) {
        std::perror(argv[1]);
        return 1;
    }
    std::atomic<bool> stop{false};
    std::thread busy([&] {
        unsigned long x = 0;
        while (!stop.load(std::memory_order_relaxed)) x += x * 7 + 1;
        g_sink = x;
    });
    EVP_MD_CTX* sha = EVP_MD_CTX_new();
    EVP_DigestInit_ex(sha, EVP_sha256(), nullptr);
    std::size_t quotes = 0;
    if (mode == 0) {
        std::vector<char> block(kBlock);
        for (std::size_t got = kBlock; got == kBlock;) {
            got = 0;
            while (got < kBlock) {
                const ssize_t n = read(fd, block.data() + got, std::min(kPiece, kBlock - got));
                if (n <= 0) break;
                EVP_DigestUpdate(sha, block.data() + got, std::size_t(n));
                got += std::size_t(n);
            }
            quotes += count_quotes(block.data(), block.data() + got);
        }
    } else {
        const auto size = std::size_t(st.st_size);
        for (std::size_t offset = 0; offset < size; offset += kBlock) {
            const std::size_t length = std::min(kBlock, size - offset);
            void* mapped = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | (mode == 1 ? MAP_POPULATE : 0), fd,
                                off_t(offset));
            if (mapped == MAP_FAILED) {
                std::perror("mmap");
                return 1;
            }
            const char* p = static_cast<const char*>(mapped);
            for (std::size_t i = 0; i < length; i += kPiece) EVP_DigestUpdate(sha, p + i, std::min(kPiece, length - i));
            quotes += count_quotes(p, p + length);
            munmap(mapped, length);
        }
    }
    unsigned char digest[32];
    unsigned digest_length = 0;
    EVP_DigestFinal_ex(sha, digest, &digest_length);
    EVP_MD_CTX_free(sha);
    stop = true;
    busy.join();
    std::printf("sha256 %02x%02x%02x%02x…, %zu quotes\n", digest[0], digest[1], digest[2], digest[3], quotes);
    return 0;
}
