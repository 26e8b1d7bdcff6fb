#include "ingest/parallel_scan.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "core/errors.hpp"
#include "ingest/chunk_parser.hpp"
#include "ingest/csv/csv_rule.hpp"
#include "ingest/csv/record_scanner.hpp"
#include "ingest/row_parser.hpp"

namespace cskpi {

namespace {

struct Chunk {
    std::size_t index = 0;
    ByteBuffer data;
};

// A bounded queue so the reader never runs far ahead of the parsers.
class ChunkQueue {
public:
    explicit ChunkQueue(std::size_t capacity) : capacity_(capacity) {}
    void push(Chunk chunk) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return queue_.size() < capacity_; });
        queue_.push_back(std::move(chunk));
        not_empty_.notify_one();
    }
    std::optional<Chunk> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return std::nullopt;
        Chunk c = std::move(queue_.front());
        queue_.pop_front();
        not_full_.notify_one();
        return c;
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        not_empty_.notify_all();
    }
    // Parsed buffers come back for the reader to fill again.
    void recycle(ByteBuffer buffer) {
        std::lock_guard lock(mutex_);
        buffer.clear();
        spare_.push_back(std::move(buffer));
    }
    ByteBuffer take_spare() {
        std::lock_guard lock(mutex_);
        if (spare_.empty()) return {};
        ByteBuffer b = std::move(spare_.back());
        spare_.pop_back();
        return b;
    }

private:
    std::vector<ByteBuffer> spare_;
    std::size_t capacity_;
    std::deque<Chunk> queue_;
    bool closed_ = false;
    std::mutex mutex_;
    std::condition_variable not_empty_, not_full_;
};

// Appends up to `n` bytes of `in` to `buffer`; returns false once the export has ended.
bool append_from(ExportStream& in, ByteBuffer& buffer, std::size_t n) {
    const std::size_t old = buffer.size();
    buffer.resize(old + n);
    const std::size_t got = in.read(buffer.data() + old, n);
    buffer.resize(old + got);
    return got == n;
}

std::string too_long_message(const ScanSettings& s, std::int64_t line, bool in_quotes) {
    const std::string limit = std::to_string(s.max_record_bytes >> 20) + " MiB";
    if (in_quotes)
        return s.label + ": line " + std::to_string(line) + ": a quoted field opened here is not closed within " +
               limit + ", so the rows after it cannot be told apart (a quote opens a field only at its start)";
    return s.label + ": line " + std::to_string(line) + ": a row longer than " + limit;
}

}  // namespace

template <class Record>
std::vector<ChunkResult<Record>> scan_parallel(ExportStream& in, ByteBuffer head, bool end_of_file,
                                               const ScanSettings& settings) {
    const unsigned threads = std::max(1u, settings.threads);
    const CsvTokenizer tokenizer(settings.delimiter);
    // The reader's work per block (read, SHA-256, record scan) comes in bursts: with one
    // block queued per worker the parsers waited on it about a tenth of the time.
    ChunkQueue queue(threads * 4);
    std::vector<ChunkResult<Record>> results;
    std::mutex results_mutex;
    std::vector<std::thread> workers;
    std::atomic<bool> failed{false};
    std::exception_ptr worker_error;
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            std::optional<RowParser> parser;
            AgentNumbering agents(t);
            while (auto chunk = queue.pop()) {
                // After a failure keep draining, so the reader never blocks on a full queue.
                try {
                    if (failed) continue;
                    if (!parser) parser.emplace(settings.kind, *settings.binding, *settings.source, settings.timezone);
                    ChunkResult<Record> out;
                    parse_chunk(chunk->data.data(), chunk->data.data() + chunk->data.size(), *parser, agents,
                                tokenizer, settings.samples_per_reason, out);
                    queue.recycle(std::move(chunk->data));
                    std::lock_guard lock(results_mutex);
                    if (results.size() <= chunk->index) results.resize(chunk->index + 1);
                    results[chunk->index] = std::move(out);
                } catch (...) {
                    std::lock_guard lock(results_mutex);
                    worker_error = std::current_exception();
                    failed = true;
                }
            }
        });
    }
    auto join = [&] {
        queue.close();
        for (auto& t : workers)
            if (t.joinable()) t.join();
    };
    struct JoinOnExit {
        decltype(join)& j;
        ~JoinOnExit() { j(); }
    } join_on_exit{join};

    // The reader: every block ends at a record end the scanner found, so the workers'
    // tokenizer reads exactly the rows a whole-file read would.
    RecordScanner scanner(settings.delimiter);
    ByteBuffer carry = std::move(head);
    bool eof = end_of_file;
    std::size_t chunk_index = 0;
    while (!failed) {
        Chunk chunk;
        chunk.index = chunk_index;
        chunk.data = queue.take_spare();
        chunk.data.reserve(carry.size() + settings.block_bytes);
        chunk.data.assign(carry.data(), carry.size());
        std::size_t cut = 0;
        std::size_t want = settings.block_bytes;
        for (;;) {
            if (!eof) eof = !append_from(in, chunk.data, want);
            if (eof) {  // the rest is the last block (a final row may lack its line end)
                cut = chunk.data.size();
                break;
            }
            cut = scanner.scan(chunk.data.data(), chunk.data.size());
            if (cut > 0) break;
            if (chunk.data.size() > settings.max_record_bytes) {
                // Name the line: the blocks before this one hold every line end before it.
                join();
                if (worker_error) std::rethrow_exception(worker_error);
                std::int64_t line = settings.first_line;
                for (std::size_t i = 0; i < std::min(chunk_index, results.size()); ++i) line += results[i].line_breaks;
                const bool quoted = scanner.in_quoted_field();
                const char* d = chunk.data.data();
                const std::size_t upto = quoted ? scanner.quote_offset() : 0;
                line += std::int64_t(csv_rule::count_line_ends(d, d + upto, d + chunk.data.size()));
                throw InputError(too_long_message(settings, line, quoted));
            }
            want = std::max(settings.block_bytes, chunk.data.size());  // one row longer than a block: read on
        }
        carry.assign(chunk.data.data() + cut, chunk.data.size() - cut);
        chunk.data.resize(cut);
        scanner.consume(cut);
        if (!chunk.data.empty()) {
            queue.push(std::move(chunk));
            ++chunk_index;
        }
        if (eof && carry.empty()) break;
    }
    join();
    if (worker_error) std::rethrow_exception(worker_error);
    results.resize(chunk_index);
    return results;
}

template <class Record>
std::vector<ChunkResult<Record>> scan_whole(ExportStream& in, ByteBuffer head, bool end_of_file,
                                            const ScanSettings& settings) {
    ByteBuffer data = std::move(head);
    if (!end_of_file)
        for (std::size_t want = std::max<std::size_t>(settings.block_bytes, 1 << 16);
             append_from(in, data, want); want = std::max(want, data.size())) {
        }
    std::vector<ChunkResult<Record>> results(1);
    RowParser parser(settings.kind, *settings.binding, *settings.source, settings.timezone);
    AgentNumbering agents;
    parse_chunk(data.data(), data.data() + data.size(), parser, agents, CsvTokenizer(settings.delimiter),
                settings.samples_per_reason, results[0]);
    return results;
}

#define CSKPI_SCAN(Record)                                                                                       \
    template std::vector<ChunkResult<Record>> scan_parallel(ExportStream&, ByteBuffer, bool, const ScanSettings&); \
    template std::vector<ChunkResult<Record>> scan_whole(ExportStream&, ByteBuffer, bool, const ScanSettings&);
CSKPI_SCAN(TicketRecord)
CSKPI_SCAN(SurveyRecord)
CSKPI_SCAN(AgentRecord)
CSKPI_SCAN(CallRecord)
#undef CSKPI_SCAN

}  // namespace cskpi
