#include "metrics/period_frame.hpp"

#include <algorithm>
#include <cstdio>

namespace cskpi {

PeriodFrame make_period_frame(int year, Millis as_of, ZoneClock& clock) {
    PeriodFrame f;
    f.year = year;
    f.timezone = clock.name();
    f.as_of = as_of;
    f.as_of_local = clock.to_local(as_of);
    f.as_of_day = std::int32_t((f.as_of_local >= 0 ? f.as_of_local : f.as_of_local - kMsPerDay + 1) / kMsPerDay);
    for (int m = 0; m <= kMonths; ++m) {
        const CivilDate first{year - 1 + m / 12, m % 12 + 1, 1};
        f.month_first_day[std::size_t(m)] = std::int32_t(days_from_civil(first));
        f.month_start[std::size_t(m)] = clock.to_utc(Millis(f.month_first_day[std::size_t(m)]) * kMsPerDay);
    }
    return f;
}

std::string PeriodFrame::month_label(int m) const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year - 1 + m / 12, m % 12 + 1);
    return buf;
}

Millis default_as_of(int year, int month, ZoneClock& clock) {
    const CivilDate end = month == 0 ? CivilDate{year + 1, 1, 1}
                                     : (month == 12 ? CivilDate{year + 1, 1, 1} : CivilDate{year, month + 1, 1});
    return clock.to_utc(days_from_civil(end) * kMsPerDay);
}

std::vector<int> year_months(int which) { return month_range(which * 12, which * 12 + 11); }

std::vector<int> month_range(int first, int last) {
    std::vector<int> v;
    for (int m = first; m <= last; ++m) v.push_back(m);
    return v;
}

}  // namespace cskpi
