#pragma once
// The calendar a run measures: the 24 local months of the previous and the report year,
// and the as_of cut-off (docs/contract/kpis.md "Periods and the cut-off").
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/timestamp.hpp"

namespace cskpi {

inline constexpr int kMonths = 24;  // index 0 = January of year-1, 23 = December of year

struct PeriodFrame {
    int year = 0;
    std::string timezone = "UTC";          // the report zone (IANA name)
    Millis as_of = 0;                       // instant
    Millis as_of_local = 0;                 // its wall clock in the report zone
    std::int32_t as_of_day = 0;             // its local date, days since 1970-01-01
    std::array<Millis, kMonths + 1> month_start{};     // instants of local month starts
    std::array<std::int32_t, kMonths + 1> month_first_day{};  // local dates of the same

    // Month index of an instant, or -1 when outside both years or at/after as_of.
    // Called for every row: counts the month starts passed, without branches (rows in
    // another order than by time would make a binary search's branches miss).
    int month_of(Millis instant) const {
        if (instant >= as_of || instant < month_start.front() || instant >= month_start.back()) return -1;
        int passed = 0;
        for (std::size_t m = 1; m < kMonths; ++m) passed += instant >= month_start[m];
        return passed;
    }
    bool month_started(int m) const { return month_start[std::size_t(m)] < as_of; }
    // Whether a local date counts as having happened: its midnight is before as_of.
    bool day_before_as_of(std::int32_t day) const { return Millis(day) * kMsPerDay < as_of_local; }
    std::string month_label(int m) const;  // "2026-03"
};

// PeriodFrame::month_of for rows that mostly come in time order (the exports do): the span
// of the last month found answers most rows with two comparisons, instead of a count over
// every month start. Exactly month_of's answer in any order. One per thread.
class MonthCursor {
public:
    explicit MonthCursor(const PeriodFrame& frame) : frame_(frame) {}
    int month_of(Millis instant) {
        if (instant >= from_ && instant < until_) return month_;
        month_ = frame_.month_of(instant);
        if (month_ < 0) {
            from_ = until_ = 0;  // no span: asks month_of again next time
        } else {
            from_ = frame_.month_start[std::size_t(month_)];
            until_ = std::min(frame_.month_start[std::size_t(month_) + 1], frame_.as_of);
        }
        return month_;
    }

private:
    const PeriodFrame& frame_;
    int month_ = -1;
    Millis from_ = 0, until_ = 0;  // the instants of month_ before as_of: [from_, until_)
};

PeriodFrame make_period_frame(int year, Millis as_of, ZoneClock& clock);

// Default cut-off: the end of the report's period (local midnight after it).
Millis default_as_of(int year, int month, ZoneClock& clock);  // month 0 = the whole year

// Month index sets of the periods a report compares.
std::vector<int> year_months(int which);        // 0 = previous year, 1 = report year
std::vector<int> month_range(int first, int last);  // inclusive

}  // namespace cskpi
