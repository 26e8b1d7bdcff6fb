#include "ingest/ingest.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <Poco/Crypto/DigestEngine.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "core/errors.hpp"
#include "ingest/csv/byte_buffer.hpp"
#include "ingest/csv/csv_tokenizer.hpp"
#include "ingest/dedupe.hpp"
#include "ingest/row_parser.hpp"
#include "ingest/spelling_tally.hpp"

namespace cskpi {

namespace {

template <class Record>
constexpr SourceKind kind_of();
template <>
constexpr SourceKind kind_of<TicketRecord>() { return SourceKind::tickets; }
template <>
constexpr SourceKind kind_of<SurveyRecord>() { return SourceKind::surveys; }
template <>
constexpr SourceKind kind_of<AgentRecord>() { return SourceKind::agents; }
template <>
constexpr SourceKind kind_of<CallRecord>() { return SourceKind::calls; }

std::size_t reason_index(std::string_view reason) {
    for (std::size_t i = 0; i < kRejectReasons.size(); ++i)
        if (kRejectReasons[i] == reason) return i;
    return 0;
}

// RAII file descriptor, read in large blocks (no mmap: RSS stays bounded by the blocks).
class InputFile {
public:
    explicit InputFile(const std::filesystem::path& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd_ < 0) throw InputError("cannot open " + path.string() + ": " + std::strerror(errno));
        ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    ~InputFile() { ::close(fd_); }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    // Fills buf[0..n) as far as the file allows; returns the count read.
    std::size_t read_full(char* buf, std::size_t n) {
        std::size_t got = 0;
        while (got < n) {
            const ssize_t r = ::read(fd_, buf + got, n - got);
            if (r < 0) {
                if (errno == EINTR) continue;
                throw InputError(std::string("read error: ") + std::strerror(errno));
            }
            if (r == 0) break;
            got += std::size_t(r);
        }
        return got;
    }

private:
    int fd_;
};

struct Chunk {
    std::size_t index = 0;
    ByteBuffer data;
};

struct RejectAt {
    std::int64_t line;  // relative to the chunk's first line until rebased
    std::uint8_t reason;
    std::string detail;
};

// The line each kept row starts on, stored only where it stops being "previous + 1"
// (multi-line rows, blank lines, rejected rows): a few entries instead of one per row.
class RowLines {
public:
    void add(std::size_t row, std::int64_t line) {
        const std::int64_t offset = line - std::int64_t(row);
        if (steps_.empty() || steps_.back().second != offset) steps_.emplace_back(row, offset);
    }
    std::int64_t line_of(std::size_t row) const {
        auto it = std::upper_bound(steps_.begin(), steps_.end(), row,
                                   [](std::size_t r, const auto& step) { return r < step.first; });
        return std::int64_t(row) + std::prev(it)->second;
    }

private:
    std::vector<std::pair<std::size_t, std::int64_t>> steps_;  // first row, line - row from there on
};

template <class Record>
struct ChunkResult {
    std::vector<Record> records;
    std::vector<std::uint64_t> keys;
    RowLines lines;  // relative line of each record
    std::int64_t rows_read = 0;
    std::int64_t line_breaks = 0;
    std::array<std::int64_t, kRejectReasons.size()> reject_counts{};
    std::vector<RejectAt> samples;
    std::unordered_map<std::uint32_t, std::string> team_names;
    SpellingTally spellings;
    std::vector<std::pair<std::size_t, SurveyRecord>> ticket_surveys;  // record index, rating
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

// Rows are the bulk of the memory: 2 MiB pages take far fewer page faults to fill.
void advise_huge_pages(void* data, std::size_t bytes) {
    constexpr std::uintptr_t kHuge = std::uintptr_t(2) << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

template <class Record>
void parse_chunk(Chunk& chunk, RowParser& parser, const CsvTokenizer& tokenizer, std::size_t samples_per_reason,
                 ChunkResult<Record>& out) {
    CsvRecord record;
    Reject reject;
    char* cursor = chunk.data.data();
    char* const end = cursor + chunk.data.size();
    // Exact capacity up front: no doubling slack held until the whole file is read.
    const auto max_rows = std::size_t(std::count(cursor, end, '\n')) + 1;
    out.records.reserve(max_rows);
    out.keys.reserve(max_rows);
    advise_huge_pages(out.records.data(), out.records.capacity() * sizeof(Record));
    parser.set_block_validated(is_valid_utf8(chunk.data.view()));
    std::int64_t line = 0;
    std::array<std::size_t, kRejectReasons.size()> sampled{};
    while (tokenizer.next(cursor, end, record)) {
        const std::int64_t row_line = line;
        line += record.line_breaks;
        if (record.blank) continue;
        ++out.rows_read;
        Record r;
        const bool accepted = parser.parse(record, reject) && parser.build(r, reject);
        if (!parser.spelling_events().empty()) out.spellings.add(parser.spelling_events(), row_line);
        if (accepted) {
            out.records.push_back(r);
            if constexpr (std::is_same_v<Record, TicketRecord>) {
                SurveyRecord rating;
                if (parser.ticket_survey(r, rating)) out.ticket_surveys.emplace_back(out.records.size() - 1, rating);
            }
            out.keys.push_back(id_key(parser.value(0).text));
            out.lines.add(out.records.size() - 1, row_line);
            if constexpr (std::is_same_v<Record, TicketRecord>) {
                if (r.team != 0 && !out.team_names.count(r.team))
                    out.team_names.emplace(r.team, std::string(parser.value(tickets_col::team).text));
            }
            continue;
        }
        const std::size_t reason = reason_index(reject.reason);
        ++out.reject_counts[reason];
        if (sampled[reason] < samples_per_reason) {
            ++sampled[reason];
            out.samples.push_back({row_line, std::uint8_t(reason), std::move(reject.detail)});
        }
    }
    out.line_breaks = line;
}

// Reads the header record; returns its bytes consumed. Grows `buffer` from the file as needed.
std::size_t read_header(InputFile& file, std::string& buffer, bool& eof, std::size_t block) {
    for (;;) {
        if (const char* e = last_record_end(buffer.data(), buffer.data() + buffer.size())) {
            // The first '\n' at even quote parity ends the header.
            bool quoted = false;
            for (const char* p = buffer.data(); p < e; ++p) {
                if (*p == '"') quoted = !quoted;
                else if (*p == '\n' && !quoted) return std::size_t(p + 1 - buffer.data());
            }
        }
        if (eof) return buffer.size();
        const std::size_t old = buffer.size();
        buffer.resize(old + block);
        const std::size_t got = file.read_full(buffer.data() + old, block);
        buffer.resize(old + got);
        eof = got < block;
    }
}

}  // namespace

template <class Record>
IngestedSource<Record> ingest_source(const SourceConfig& source, const LocalSource& local,
                                     const IngestOptions& options) {
    constexpr SourceKind kind = kind_of<Record>();
    const std::string label = source.name + " (" + local.display_uri + ")";
    IngestedSource<Record> result;
    result.report.name = source.name;
    result.report.uri = local.display_uri;
    result.report.from_cache = local.from_cache;
    result.report.etag = local.etag;
    result.report.last_modified = local.last_modified;
    result.report.fetched_at = local.fetched_at;

    SourceConfig effective = source;
    std::filesystem::path read_path = local.path;
    std::optional<std::filesystem::path> transcoded;
    Poco::Crypto::DigestEngine sha("SHA256");
    if (parse_encoding(source.encoding) == Encoding::utf16) {
        // Hash the original bytes; parse a UTF-8 copy.
        InputFile original(local.path);
        std::string buf(1 << 20, '\0');
        while (std::size_t n = original.read_full(buf.data(), buf.size())) {
            sha.update(buf.data(), n);
            result.report.bytes += n;
        }
        transcoded = std::filesystem::temp_directory_path() / ("cskpi-utf8-" + std::to_string(::getpid()) + "-" + source.name);
        transcode_utf16_file(local.path, *transcoded);
        read_path = *transcoded;
        effective.encoding = "utf-8";
    }
    struct RemoveOnExit {
        std::optional<std::filesystem::path>& p;
        ~RemoveOnExit() {
            std::error_code ec;
            if (p) std::filesystem::remove(*p, ec);
        }
    } remove_transcoded{transcoded};
    const bool hash_while_reading = !transcoded;

    InputFile file(read_path);
    std::string buffer;
    bool eof = false;
    std::size_t header_end = read_header(file, buffer, eof, options.block_bytes);
    if (hash_while_reading) {
        sha.update(buffer.data(), buffer.size());
        result.report.bytes += buffer.size();
    }
    std::size_t skip = 0;
    if (buffer.size() >= 3 && buffer.compare(0, 3, "\xEF\xBB\xBF") == 0) skip = 3;
    if (header_end <= skip || std::string_view(buffer).substr(skip, header_end - skip).find_first_not_of("\r\n") ==
                                  std::string_view::npos)
        throw InputError(label + ": empty file (no header row)");

    const char delimiter = effective.delimiter ? effective.delimiter
                                               : sniff_delimiter(std::string_view(buffer).substr(skip, header_end - skip));
    const CsvTokenizer tokenizer(delimiter);
    CsvRecord header_record;
    char* hcur = buffer.data() + skip;
    tokenizer.next(hcur, buffer.data() + header_end, header_record);
    const std::int64_t header_lines = std::max(1, header_record.line_breaks);
    FieldDecoder header_decoder(parse_encoding(effective.encoding));
    std::vector<std::string> header;
    for (auto f : header_record.fields) {
        std::string scratch;
        const auto decoded = header_decoder.decode(f, scratch);
        if (!decoded) throw InputError(label + ": header is not valid " + effective.encoding + " (wrong encoding setting?)");
        header.emplace_back(*decoded);
    }
    result.binding = bind_header(kind, header, effective, label);

    // Pipeline: this thread reads blocks and cuts them at record ends; workers parse.
    ChunkQueue queue(options.threads * 2);
    std::vector<ChunkResult<Record>> results;
    std::mutex results_mutex;
    std::vector<std::thread> workers;
    std::atomic<bool> failed{false};
    std::exception_ptr worker_error;
    for (unsigned t = 0; t < std::max(1u, options.threads); ++t) {
        workers.emplace_back([&] {
            std::optional<RowParser> parser;
            while (auto chunk = queue.pop()) {
                // After a failure keep draining, so the reader never blocks on a full queue.
                try {
                    if (failed) continue;
                    if (!parser) parser.emplace(kind, result.binding, effective, options.timezone);
                    ChunkResult<Record> out;
                    parse_chunk(*chunk, *parser, tokenizer, options.samples_per_reason, out);
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
    struct JoinOnExit {
        ChunkQueue& q;
        std::vector<std::thread>& w;
        ~JoinOnExit() {
            q.close();
            for (auto& t : w)
                if (t.joinable()) t.join();
        }
    } join_on_exit{queue, workers};

    std::size_t chunk_index = 0;
    ByteBuffer carry;
    carry.assign(buffer.data() + header_end, buffer.size() - header_end);
    buffer.clear();
    buffer.shrink_to_fit();
    for (;;) {
        Chunk chunk;
        chunk.index = chunk_index;
        chunk.data = queue.take_spare();
        chunk.data.reserve(carry.size() + options.block_bytes);
        chunk.data.assign(carry.data(), carry.size());
        carry.clear();
        if (!eof) {
            const std::size_t old = chunk.data.size();
            chunk.data.resize(old + options.block_bytes);
            const std::size_t got = file.read_full(chunk.data.data() + old, options.block_bytes);
            chunk.data.resize(old + got);
            if (hash_while_reading) {
                sha.update(chunk.data.data() + old, got);
                result.report.bytes += got;
            }
            eof = got < options.block_bytes;
        }
        if (!eof) {
            const char* cut = last_record_end(chunk.data.data(), chunk.data.data() + chunk.data.size());
            if (!cut) {  // one record longer than a block: read on
                carry = std::move(chunk.data);
                continue;
            }
            carry.assign(cut, std::size_t(chunk.data.data() + chunk.data.size() - cut));
            chunk.data.resize(std::size_t(cut - chunk.data.data()));
        }
        const bool last = eof;
        if (!chunk.data.empty()) {
            queue.push(std::move(chunk));
            ++chunk_index;
        }
        if (last) break;
    }
    queue.close();
    for (auto& t : workers) t.join();
    if (worker_error) std::rethrow_exception(worker_error);
    results.resize(chunk_index);

    // Rebase lines, then let the later of two rows with one id win.
    std::vector<std::int64_t> first_line(results.size());
    std::int64_t line = 1 + header_lines;
    for (std::size_t i = 0; i < results.size(); ++i) {
        first_line[i] = line;
        line += results[i].line_breaks;
    }
    std::vector<const std::vector<std::uint64_t>*> key_chunks;
    for (auto& r : results) key_chunks.push_back(&r.keys);
    const auto superseded = find_superseded(key_chunks, options.threads);

    SourceReport& rep = result.report;
    SpellingTally spellings;
    result.rates_satisfaction = result.binding.satisfaction_at >= 0;
    std::vector<RejectSample> samples;
    std::array<std::size_t, kRejectReasons.size()> sample_counts{};
    for (std::size_t i = 0; i < results.size(); ++i) {
        auto& r = results[i];
        rep.rows_read += r.rows_read;
        for (std::size_t k = 0; k < kRejectReasons.size(); ++k)
            if (r.reject_counts[k]) rep.rejects[std::string(kRejectReasons[k])] += r.reject_counts[k];
        for (auto& s : r.samples)
            if (sample_counts[s.reason]++ < options.samples_per_reason)
                samples.push_back({first_line[i] + s.line, std::string(kRejectReasons[s.reason]), std::move(s.detail)});
        const auto& dup = superseded[i];
        spellings.merge(r.spellings, first_line[i]);
        for (const auto& [j, rating] : r.ticket_surveys)
            if (dup.empty() || !dup[j]) result.ticket_surveys.push_back(rating);
        if constexpr (std::is_same_v<Record, TicketRecord>) {
            for (std::size_t j = 0; j < r.records.size(); ++j)
                if (r.records[j].tier == Tier::key && (dup.empty() || !dup[j])) result.key_tier_ids.push_back(r.keys[j]);
        }
        if (!dup.empty()) {
            std::size_t w = 0;
            for (std::size_t j = 0; j < r.records.size(); ++j) {
                if (dup[j]) {
                    ++rep.rejects["duplicate_id"];
                    if (sample_counts[reason_index("duplicate_id")]++ < options.samples_per_reason)
                        samples.push_back({first_line[i] + r.lines.line_of(j), "duplicate_id",
                                           "the id appears again on a later row, which wins"});
                    continue;
                }
                r.records[w++] = r.records[j];
            }
            r.records.resize(w);
        }
        for (auto& [k, name] : r.team_names) result.team_names.emplace(k, std::move(name));
        result.chunks.push_back(std::move(r.records));
        std::vector<std::uint64_t>().swap(r.keys);
    }
    for (const auto& [reason, n] : rep.rejects) rep.rows_rejected += n;
    rep.rows_accepted = rep.rows_read - rep.rows_rejected;
    std::sort(result.key_tier_ids.begin(), result.key_tier_ids.end());
    std::sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
    rep.first_rejects = std::move(samples);
    rep.unknown_spellings = spellings.listing();
    rep.sha256 = Poco::Crypto::DigestEngine::digestToHex(sha.digest());
    return result;
}

template IngestedSource<TicketRecord> ingest_source(const SourceConfig&, const LocalSource&, const IngestOptions&);
template IngestedSource<SurveyRecord> ingest_source(const SourceConfig&, const LocalSource&, const IngestOptions&);
template IngestedSource<AgentRecord> ingest_source(const SourceConfig&, const LocalSource&, const IngestOptions&);
template IngestedSource<CallRecord> ingest_source(const SourceConfig&, const LocalSource&, const IngestOptions&);

}  // namespace cskpi
