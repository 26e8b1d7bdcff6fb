#pragma once
// The numbers of one run: what the summary JSON, the workbook and the mail all show.
#include <cstdint>
#include <map>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "model/kpi_catalog.hpp"
#include "model/staffing_plan.hpp"
#include "model/reject_reason.hpp"
#include "model/scorecard.hpp"
#include "model/target_plan.hpp"

namespace cskpi {

struct KpiValue {
    std::optional<double> value;
    std::string unavailable_reason;  // set when value is empty
};

struct KpiComparison {
    const KpiInfo* info = nullptr;
    KpiValue current;
    KpiValue previous;
    std::optional<double> change;      // current - previous
    std::optional<double> change_pct;  // change / |previous|
    std::optional<bool> better;
    std::optional<TargetPlan> target;
    std::string status;                // monthly: on_track | at_risk | alert; year-end: ok | alert
};

struct RejectSample {
    std::int64_t line = 0;  // physical line where the row starts (header = 1)
    RejectReason reason = RejectReason::field_count;
    std::string detail;     // e.g. "created_at: '2026-13-01' is not a timestamp" (export text escaped)
};

// A value no spelling knew (docs/presets.md "Unknown spellings"): read through the
// column's catch-all, or rejected as bad_enum.
struct UnknownSpelling {
    std::string column;         // canonical column; for a ticket's satisfaction rating, its header
    std::string spelling;       // as exported (trimmed); empty = further spellings past the listing's limit
    std::int64_t count = 0;     // rows
    std::int64_t first_line = 0;
    std::string read_as;        // the catch-all's value; empty = the row was rejected (or: not a response)
};

struct SourceReport {
    std::string name;
    std::string uri;  // credentials stripped
    std::string sha256;
    std::uint64_t bytes = 0;
    std::int64_t rows_read = 0;
    std::int64_t rows_accepted = 0;
    std::int64_t rows_rejected = 0;
    std::map<RejectReason, std::int64_t> rejects;  // reason -> count (JSON: by to_string(reason))
    std::int64_t out_of_period = 0;
    std::vector<RejectSample> first_rejects;      // the first few per reason, by line
    std::vector<UnknownSpelling> unknown_spellings;  // by column, then most rows first
    bool from_cache = false;
    std::string etag, last_modified, fetched_at;
};

struct ReportInfo {
    std::string kind;             // year-end | monthly
    std::string period;           // "2026" | "2026-10"
    std::string previous_period;  // "2025" | "2025-10"
    std::string as_of;            // ISO 8601 with offset
    std::string timezone;
    std::string generated_at;
    std::string tool_version;
    int year = 0;                 // report year
    int month = 0;                // 1..12 for monthly runs, 0 for year-end
};

// The report year: `year`, else the year `period` starts with.
inline int report_year(const ReportInfo& report) {
    return report.year != 0 ? report.year : std::atoi(report.period.c_str());
}

// One KPI split by a ticket attribute (channel, priority, team), current vs previous.
struct BreakdownRow {
    std::string dimension;  // channel | priority | team
    std::string key;        // e.g. "phone", or a team name from the export
    std::string kpi_id;
    std::optional<double> current;
    std::optional<double> previous;
};

struct Summary {
    ReportInfo report;
    std::vector<SourceReport> sources;
    std::vector<KpiComparison> kpis;  // catalog order; for monthly runs: the month
    std::optional<std::vector<KpiComparison>> ytd;  // monthly runs: year to date
    // kpi id -> "YYYY-MM" -> value, both compared years, months started by as_of
    std::map<std::string, std::map<std::string, std::optional<double>>> monthly;
    std::vector<BreakdownRow> breakdowns;
    // Settings shown on the Definitions sheet (name -> value as text).
    std::vector<std::pair<std::string, std::string>> settings;
    // Year-end runs: next year's staffing plan (docs/contract/staffing.md).
    std::optional<StaffingPlan> staffing;
    // Year-end runs with [scorecard] enabled: role scorecards (docs/contract/scorecards.md).
    std::optional<Scorecards> scorecards;

    const KpiComparison* find(std::string_view id) const {
        for (const auto& k : kpis)
            if (k.info && k.info->id == id) return &k;
        return nullptr;
    }
};

}  // namespace cskpi
