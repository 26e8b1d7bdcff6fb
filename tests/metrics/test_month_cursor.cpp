// MonthCursor against PeriodFrame::month_of: the same month for instants in time order, in
// random order, around every month start and as_of, in a zone with daylight saving time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "core/timestamp.hpp"
#include "metrics/period_frame.hpp"

using cskpi::Millis;

TEST_CASE("MonthCursor gives month_of's month in any order", "[metrics][edges]") {
    cskpi::ZoneClock clock("Europe/Berlin");
    const cskpi::PeriodFrame year_end = cskpi::make_period_frame(2026, Millis(1798761600000), clock);  // 2027-01-01Z
    const cskpi::PeriodFrame mid_year = cskpi::make_period_frame(2026, Millis(1781049600000), clock);  // 2026-06-10Z
    for (const auto* frame : {&year_end, &mid_year}) {
        std::vector<Millis> instants;
        for (const Millis start : frame->month_start)
            for (const Millis d : {-1, 0, 1}) instants.push_back(start + d);
        for (const Millis d : {-1, 0, 1}) instants.push_back(frame->as_of + d);
        std::mt19937_64 rng(3);
        const Millis from = frame->month_start.front() - 86400000, span = frame->month_start.back() - from + 2 * 86400000;
        for (int i = 0; i < 20000; ++i) instants.push_back(from + Millis(rng() % std::uint64_t(span)));
        auto sorted = instants;
        std::sort(sorted.begin(), sorted.end());
        for (const auto* order : {&sorted, &instants}) {
            cskpi::MonthCursor cursor(*frame);
            for (const Millis t : *order) {
                INFO("instant " << t);
                REQUIRE(cursor.month_of(t) == frame->month_of(t));
            }
        }
    }
}
