// Stage 4 of ingest: blocks in file order, lines rebased, later duplicates win.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "ingest/chunk_merge.hpp"

using namespace cskpi;

namespace {

ChunkResult<SurveyRecord> chunk(std::vector<std::uint64_t> keys, std::int64_t line_breaks) {
    ChunkResult<SurveyRecord> c;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        SurveyRecord r;
        r.csat = std::int8_t(keys[i]);
        c.records.push_back(r);
        c.lines.add(i, std::int64_t(i));
    }
    c.keys = std::move(keys);
    c.rows_read = std::int64_t(c.records.size());
    c.line_breaks = line_breaks;
    return c;
}

MergeSettings settings() { return {"surveys (s.csv)", 2, 10, 2}; }

}  // namespace

TEST_CASE("merge: rows in file order, lines rebased, the later duplicate wins", "[ingest][merge]") {
    std::vector<ChunkResult<SurveyRecord>> chunks;
    chunks.push_back(chunk({1, 2, 3}, 3));
    chunks.push_back(chunk({4, 2}, 2));  // id 2 again: line 2 + 3 + 1 = 6 wins over line 3
    auto bad = chunk({5}, 4);
    bad.rows_read = 2;
    bad.reject_counts[index_of(RejectReason::bad_timestamp)] = 1;
    bad.samples.push_back({2, RejectReason::bad_timestamp, "submitted_at: 'x' is not a timestamp"});
    chunks.push_back(std::move(bad));
    IngestedSource<SurveyRecord> out;
    merge_chunks(chunks, settings(), out);
    CHECK(out.report.rows_read == 7);
    CHECK(out.report.rows_rejected == 2);
    CHECK(out.report.rows_accepted == 5);
    CHECK(out.report.rejects == std::map<RejectReason, std::int64_t>{{RejectReason::bad_timestamp, 1},
                                                                     {RejectReason::duplicate_id, 1}});
    REQUIRE(out.report.first_rejects.size() == 2);
    CHECK(out.report.first_rejects[0].line == 3);  // the earlier row of id 2
    CHECK(out.report.first_rejects[0].reason == RejectReason::duplicate_id);
    CHECK(out.report.first_rejects[1].line == 2 + 3 + 2 + 2);
    std::vector<int> kept;
    out.for_each([&](const SurveyRecord& r) { kept.push_back(r.csat); });
    CHECK(kept == std::vector<int>{1, 3, 4, 2, 5});
}

TEST_CASE("merge: a block ending in an open quoted field stops the run at its line", "[ingest][merge]") {
    std::vector<ChunkResult<SurveyRecord>> chunks;
    chunks.push_back(chunk({1, 2}, 40));
    auto open = chunk({3}, 7);
    open.open_quote_line = 5;
    open.open_quote_text = "'never\\nclosed'";
    chunks.push_back(std::move(open));
    IngestedSource<SurveyRecord> out;
    CHECK_THROWS_WITH(merge_chunks(chunks, settings(), out),
                      Catch::Contains("surveys (s.csv): line 47: the quoted field 'never\\nclosed' opened here is "
                                      "never closed"));
}

TEST_CASE("merge: at most samples_per_reason samples per reason, the first by line", "[ingest][merge]") {
    std::vector<ChunkResult<SurveyRecord>> chunks;
    for (int c = 0; c < 3; ++c) {
        auto r = chunk({}, 10);
        for (int i = 0; i < 4; ++i) {
            r.rows_read++;
            r.reject_counts[index_of(RejectReason::out_of_range)]++;
            r.samples.push_back({i, RejectReason::out_of_range, "csat: '9' is out of range"});
        }
        chunks.push_back(std::move(r));
    }
    IngestedSource<SurveyRecord> out;
    MergeSettings s = settings();
    s.samples_per_reason = 5;
    merge_chunks(chunks, s, out);
    CHECK(out.report.rejects.at(RejectReason::out_of_range) == 12);
    REQUIRE(out.report.first_rejects.size() == 5);
    CHECK(out.report.first_rejects.back().line == 12);  // the second block's first reject
}
