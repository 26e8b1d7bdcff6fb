// Repeat contacts through the whole fold, on enough customers that their pairs spread
// over every part and bucket the fold places them in, against a direct count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "pipeline_run.hpp"

using cskpi::test::exactly;
using cskpi::test::ExportFiles;
using cskpi::test::kpi;
using cskpi::test::run_pipeline;
using cskpi::test::ScratchDir;

TEST_CASE("repeat contacts of thousands of customers match a direct count", "[metrics][repeat]") {
    ScratchDir dir("cskpi-repeat-fold");
    constexpr int kTickets = 30000;
    constexpr int kCustomers = 4000;
    constexpr int kWindowMin = 7 * 24 * 60;  // repeat_window_days = 7
    std::mt19937 rng(11);
    std::map<int, std::vector<int>> minutes_of;  // customer -> created, minutes after 2026-02-01 00:00
    std::string csv = "ticket_id,created_at,customer_id\n";
    for (int id = 1; id <= kTickets; ++id) {
        const int customer = int(rng() % kCustomers);
        const int minute = int(rng() % (200 * 24 * 60 / 30)) * 30;  // half hours: some equal times
        minutes_of[customer].push_back(minute);
        char created[32];
        const int day = minute / (24 * 60), hour = minute / 60 % 24, min = minute % 60;
        // Days after 2026-02-01 as a date: months of 2026 from February (28 days) on.
        static constexpr int kMonthDays[] = {28, 31, 30, 31, 30, 31, 31, 30, 31, 30};
        int month = 2, d = day;
        while (d >= kMonthDays[month - 2]) d -= kMonthDays[month++ - 2];
        std::snprintf(created, sizeof created, "2026-%02d-%02d %02d:%02d", month, d + 1, hour, min);
        csv += std::to_string(id) + "," + created + ",C" + std::to_string(customer) + "\n";
    }
    // A ticket is a repeat when an earlier one of its customer lies within the window before it.
    int repeats = 0;
    for (auto& [customer, minutes] : minutes_of) {
        std::sort(minutes.begin(), minutes.end());
        for (std::size_t i = 0; i < minutes.size(); ++i) {
            const auto earlier = std::lower_bound(minutes.begin(), minutes.end(), minutes[i]);
            if (earlier != minutes.begin() && *(earlier - 1) >= minutes[i] - kWindowMin) ++repeats;
        }
    }
    REQUIRE(repeats > 1000);
    ExportFiles files;
    files.tickets = dir.write("tickets.csv", csv);
    const auto s = run_pipeline(files);
    REQUIRE(kpi(s, "repeat.rate").current.value);
    CHECK(*kpi(s, "repeat.rate").current.value == exactly(double(repeats) / kTickets));
}
