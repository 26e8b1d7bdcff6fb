// libFuzzer harness for ingest (tests/fuzz/CMakeLists.txt, scripts/fuzz.sh). Each input is
// one config byte and an export. The export is read whole on one thread and in blocks in
// parallel; both must come to the same rows, rejects with their lines and details, or the
// same error: a difference, a crash, a sanitizer report or an exception other than
// InputError is a finding.
//
// Config byte: bits 0-1 the block size (1, 7, 64, 4096), bit 2 the threads (1 or 2), bit 3
// surveys instead of tickets, bit 4 a canonical header goes first, bits 5-6 the delimiter
// (',', ';', tab, sniffed), bit 7 the export is UTF-16 (the bytes after the config as is).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ingest/ingest_compare.hpp"

using namespace cskpi;

namespace {

// The export lives in memory: a memfd, opened by path like a file.
class MemoryFile {
public:
    explicit MemoryFile(const std::string& bytes) : fd_(::memfd_create("export", MFD_CLOEXEC)) {
        if (fd_ < 0 || ::write(fd_, bytes.data(), bytes.size()) != ssize_t(bytes.size())) std::abort();
        path_ = "/proc/self/fd/" + std::to_string(fd_);
    }
    ~MemoryFile() { ::close(fd_); }
    const std::string& path() const { return path_; }

private:
    int fd_;
    std::string path_;
};

template <class Record>
void check(const std::string& bytes, const SourceConfig& source, std::size_t block, unsigned threads) {
    MemoryFile file(bytes);
    const LocalSource local{file.path(), "export.csv"};
    IngestOptions whole;
    whole.timezone = "Asia/Shanghai";
    whole.whole_file = true;
    whole.samples_per_reason = 1000000;
    whole.max_record_bytes = std::size_t(1) << 20;
    IngestOptions parallel = whole;
    parallel.whole_file = false;
    parallel.block_bytes = block;
    parallel.threads = threads;
    const auto a = test::ingest_outcome<Record>(source, local, whole);
    const auto b = test::ingest_outcome<Record>(source, local, parallel);
    const std::string diff = test::difference(a, b);
    if (!diff.empty()) {
        std::fprintf(stderr, "whole-file and block reads differ (block %zu, threads %u): %s\n", block, threads,
                     diff.c_str());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t config = data[0];
    static constexpr std::size_t kBlocks[] = {1, 7, 64, 4096};
    static constexpr char kDelimiters[] = {',', ';', '\t', 0};
    const std::size_t block = kBlocks[config & 3];
    const unsigned threads = (config & 4) ? 2 : 1;
    const bool surveys = config & 8;
    const char delimiter = kDelimiters[(config >> 5) & 3];
    SourceConfig source;
    source.name = surveys ? "surveys" : "tickets";
    source.delimiter = delimiter;
    if (config & 0x80) source.encoding = "utf-16";
    std::string bytes;
    if ((config & 0x10) && !(config & 0x80)) {
        const char* header = surveys ? "survey_id,submitted_at,ticket_id,csat,nps,comment"
                                     : "ticket_id,created_at,first_response_at,resolved_at,priority,channel,team,"
                                       "customer_tier,contacts,reopens,complaint,handle_time_sec";
        for (const char* p = header; *p; ++p) bytes += *p == ',' && delimiter ? delimiter : *p;
        bytes += '\n';
    }
    bytes.append(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (surveys) check<SurveyRecord>(bytes, source, block, threads);
    else check<TicketRecord>(bytes, source, block, threads);
    return 0;
}
