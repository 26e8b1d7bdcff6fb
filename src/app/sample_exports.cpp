#include "app/sample_exports.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/sample_random.hpp"
#include "app/sample_writer.hpp"
#include "core/errors.hpp"

// Deliberate faults, so that data-quality reporting has something to show. They sit at fixed
// ordinals (the 1-based position of the generated record in its file, before any repeat) and
// never change a row's field count:
//   tickets.csv, 4 faulty rows per 2000 tickets (0.2 %):
//     ordinal % 2000 ==  250  created_at written day-first, "07.03.2026 10:15:00"  -> bad_timestamp
//     ordinal % 2000 ==  750  contacts = 0                                        -> out_of_range
//     ordinal % 2000 == 1250  the row is written twice (an export that paged twice)
//                             -> the earlier copy is a duplicate_id
//     ordinal % 2000 == 1750  resolved_at two hours before created_at             -> time_order
//   surveys.csv, 3 faulty rows per 1500 surveys (0.2 %):
//     ordinal % 1500 ==  250  csat = 7                                            -> out_of_range
//     ordinal % 1500 ==  750  the row is written twice                            -> duplicate_id
//     ordinal % 1500 == 1250  submitted_at empty                                  -> missing_required
//   calls.csv, 2 faulty rows per 2000 calls (0.1 %):
//     ordinal % 2000 ==  500  wait_sec = -3                                       -> out_of_range
//     ordinal % 2000 == 1500  answered = "maybe"                                  -> bad_enum
//   agents.csv: none. A roster has a few hundred rows, where one bad row would already be
//   more than the share above, and attrition is sensitive to every row.
// tickets.csv therefore holds tickets + floor((tickets + 750) / 2000) rows.

namespace cskpi {
namespace {

constexpr std::int64_t kDaySeconds = 86400;
constexpr int kNever = INT_MAX;

struct Channel {
    std::string_view name;
    std::uint32_t weight;
    double reply_min;     // median first response, normal priority
    double resolve_h;     // median resolution, normal priority
    double handle_sec;    // median agent handling time per contact
};
constexpr std::array<Channel, 6> kChannels{{
    {"phone", 25, 0.6, 0.4, 360},
    {"chat", 30, 1.5, 0.8, 540},
    {"email", 25, 240, 14, 420},
    {"social", 8, 35, 7, 300},
    {"web", 10, 180, 12, 420},
    {"other", 2, 300, 20, 480},
}};
constexpr std::size_t kSocialChannel = 3;

struct Priority {
    std::string_view name;
    std::uint32_t weight;
    double speed;         // multiplies reply and resolution times
    int due_hours;        // contractual deadline when a ticket carries due_at
};
constexpr std::array<Priority, 4> kPriorities{{
    {"urgent", 3, 0.25, 2},
    {"high", 15, 0.5, 6},
    {"normal", 62, 1.0, 16},
    {"low", 20, 1.8, 48},
}};
constexpr std::size_t kHighPriority = 1;
constexpr std::size_t kNormalPriority = 2;

struct Team {
    std::string_view name;
    std::string_view role;
    std::uint32_t weight;  // share of the roster, close to its share of tickets
};
constexpr std::array<Team, 5> kTeams{{
    {"售后组", "phone", 40},
    {"技术支持组", "tech_support", 20},
    {"Billing", "email", 17},
    {"Sales Desk", "chat", 15},
    {"Social Care", "social", 8},
}};
constexpr std::size_t kSocialTeam = 4;

struct Category {
    std::string_view name;
    std::size_t team;
    std::uint32_t weight;
};
constexpr std::array<Category, 9> kCategories{{
    {"order_status", 0, 18},
    {"delivery", 0, 14},
    {"returns", 0, 12},
    {"billing", 2, 10},
    {"refund", 2, 8},
    {"technical", 1, 14},
    {"account", 1, 8},
    {"product_question", 3, 10},
    {"pre_sales", 3, 6},
}};

// Work arrives 10-12 and 14-16; the phone line is nearly silent at night.
constexpr std::array<std::uint32_t, 24> kTicketHours{2,  2,  1,  1,  1,  2,  4,  8,  14, 20, 26, 26,
                                                     16, 18, 24, 24, 18, 14, 10, 10, 10, 8,  6,  4};
constexpr std::array<std::uint32_t, 24> kCallHours{1,  1,  0,  0,  0,  0,  1,  3,  10, 20, 28, 28,
                                                   16, 18, 26, 26, 20, 12, 6,  4,  3,  2,  1,  1};
// Per mille of an average month: the June "618" sale, the November "Double 11" peak and the
// December tail; February holds the Spring Festival lull.
constexpr std::array<std::int64_t, 12> kMonthWeight{950, 850, 950, 950, 1000, 1100, 950, 950, 1000, 1050, 1500, 1200};
constexpr std::array<std::int64_t, 7> kWeekdayWeight{60, 110, 105, 100, 100, 100, 70};  // Sunday first

// Contacts 1..5 and reopens 0..2: the report year resolves more at the first touch.
constexpr std::array<std::uint32_t, 5> kContactsBefore{76, 15, 6, 2, 1};
constexpr std::array<std::uint32_t, 5> kContactsReport{79, 13, 5, 2, 1};
constexpr std::array<std::uint32_t, 3> kReopensBefore{920, 65, 15};
constexpr std::array<std::uint32_t, 3> kReopensReport{935, 55, 10};
// csat 1..5 after a smooth ticket and after a reopened, complained or overdue one.
constexpr std::array<std::uint32_t, 5> kCsatSmoothBefore{3, 3, 7, 25, 62};
constexpr std::array<std::uint32_t, 5> kCsatSmoothReport{2, 3, 6, 24, 65};
constexpr std::array<std::uint32_t, 5> kCsatRough{22, 18, 20, 22, 18};

constexpr std::array<std::string_view, 5> kPraise{
    "Quick and helpful, thanks!", "Great service", "很满意，谢谢", "Solved on the first call",
    "The agent was \"super\" patient"};
constexpr std::array<std::string_view, 2> kNeutral{"OK", "Fine, but the wait was long"};
constexpr std::array<std::string_view, 5> kComplaints{
    "Took too long", "Had to call three times, still not fixed", "Agent said \"resolved\" but it wasn't",
    "退款太慢", "No one replied to my email"};

template <std::size_t N>
std::uint64_t total_of(const std::array<std::uint32_t, N>& weights) {
    std::uint64_t total = 0;
    for (auto w : weights) total += w;
    return total;
}

template <std::size_t N>
std::size_t draw(SampleRandom& rng, const std::array<std::uint32_t, N>& weights) {
    return rng.pick(std::span<const std::uint32_t>(weights), total_of(weights));
}

template <typename Item, std::size_t N>
std::array<std::uint32_t, N> weights_of(const std::array<Item, N>& items) {
    std::array<std::uint32_t, N> weights{};
    for (std::size_t i = 0; i < N; ++i) weights[i] = items[i].weight;
    return weights;
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

template <std::size_t N>
std::vector<std::string> csv_fields(const std::array<std::string_view, N>& texts) {
    std::vector<std::string> fields;
    for (auto text : texts) fields.push_back(csv_field(text));
    return fields;
}

// Splits `total` over the days in proportion to integer weights, exactly: day d gets
// floor(total * W(<=d) / W) - floor(total * W(<d) / W).
std::vector<std::int64_t> allocate(std::int64_t total, const std::vector<std::int64_t>& weights) {
    __int128 sum = 0;
    for (auto w : weights) sum += w;
    std::vector<std::int64_t> counts(weights.size());
    __int128 running = 0;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        running += weights[i];
        const auto upto = static_cast<std::int64_t>(total * running / sum);
        counts[i] = upto - given;
        given = upto;
    }
    return counts;
}

// Seconds of the day for `count` events following an hourly profile, in time order.
void draw_times(SampleRandom& rng, const std::array<std::uint32_t, 24>& hours, std::int64_t count,
                std::vector<std::int32_t>& out) {
    out.resize(static_cast<std::size_t>(count));
    for (auto& second : out) {
        const auto hour = static_cast<std::int32_t>(draw(rng, hours));
        second = hour * 3600 + static_cast<std::int32_t>(rng.below(3600));
    }
    std::sort(out.begin(), out.end());
}

struct Agent {
    int hired = 0;
    int left = kNever;
    std::size_t team = 0;
    bool lead = false;
    bool core = false;
    std::uint32_t number = 0;  // agent_id A0001.. in hiring order
};

struct Period {
    int first_day;    // Jan 1 of year-1
    int report_day;   // Jan 1 of year
    int last_day;     // Dec 31 of year
    std::int64_t exported_at;  // the moment the exports were taken: 2 January, 08:00
};

// Slots per team by largest remainder, so shares hold even for a roster of twelve.
std::vector<std::size_t> team_slots(std::size_t slots) {
    std::uint64_t total = 0;
    for (const auto& team : kTeams) total += team.weight;
    std::vector<std::size_t> count(kTeams.size());
    std::vector<std::pair<std::uint64_t, std::size_t>> remainders;
    std::size_t given = 0;
    for (std::size_t t = 0; t < kTeams.size(); ++t) {
        count[t] = slots * kTeams[t].weight / total;
        given += count[t];
        remainders.emplace_back(slots * kTeams[t].weight % total, t);
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](auto a, auto b) { return a.first > b.first; });
    for (std::size_t i = 0; given < slots; ++i, ++given) ++count[remainders[i].second];
    std::vector<std::size_t> team_of_slot;
    for (std::size_t t = 0; t < kTeams.size(); ++t) team_of_slot.insert(team_of_slot.end(), count[t], t);
    return team_of_slot;
}

// A roster sized to the volume (one agent per 30 tickets a day, at least 12) that loses
// people month by month, a little less often in the report year, and hires replacements
// two to six weeks later. Leavers often go at a month's first day.
std::vector<Agent> simulate_roster(const SampleOptions& options, const SampleCalendar& calendar,
                                   const Period& period, SampleRandom& rng) {
    const double per_day = static_cast<double>(options.tickets) / (period.last_day - period.first_day + 1);
    const auto slots = std::max<std::size_t>(12, static_cast<std::size_t>(std::llround(per_day / 30)));
    const auto team_of_slot = team_slots(slots);

    std::vector<Agent> agents;
    std::vector<std::size_t> current;  // per slot: index into agents
    const int oldest_hire = calendar.day_of(options.year - 7, 1, 1);
    const int veteran_before = calendar.day_of(options.year - 4, 1, 1);
    for (std::size_t slot = 0; slot < slots; ++slot) {
        Agent agent;
        agent.team = team_of_slot[slot];
        agent.lead = slot == 0 || team_of_slot[slot - 1] != agent.team;
        agent.hired = oldest_hire + static_cast<int>(rng.below(static_cast<std::uint64_t>(period.first_day - oldest_hire)));
        agent.core = agent.lead || rng.chance(agent.hired < veteran_before ? 0.5 : 0.12);
        current.push_back(agents.size());
        agents.push_back(agent);
    }
    // The report year's growth: a few extra seats filled in its first half.
    for (std::size_t extra = 0; extra < slots * 6 / 100; ++extra) {
        Agent agent;
        agent.team = team_of_slot[rng.below(slots)];
        agent.hired = period.report_day + static_cast<int>(rng.below(181));
        current.push_back(agents.size());
        agents.push_back(agent);
    }

    const int last_rehire = calendar.day_of(options.year + 1, 1, 31);
    for (int y = options.year - 1; y <= options.year; ++y) {
        const double monthly_rate = y < options.year ? 0.018 : 0.015;
        for (unsigned m = 1; m <= 12; ++m) {
            const int month_start = calendar.day_of(y, m, 1);
            const int month_days = (m == 12 ? calendar.day_of(y + 1, 1, 1) : calendar.day_of(y, m + 1, 1)) - month_start;
            for (auto& index : current) {
                const Agent& agent = agents[index];
                if (agent.hired >= month_start + month_days) continue;
                if (!rng.chance(agent.core ? monthly_rate / 2 : monthly_rate)) continue;
                const int leaves = rng.chance(0.25) ? month_start
                                                    : month_start + 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(month_days - 1)));
                if (leaves <= agent.hired) continue;
                agents[index].left = leaves;
                Agent successor;
                successor.team = agent.team;
                successor.lead = agent.lead;
                successor.core = agent.lead || rng.chance(0.05);
                successor.hired = leaves + 10 + static_cast<int>(rng.below(36));
                if (successor.hired > last_rehire) continue;
                index = agents.size();
                agents.push_back(successor);
            }
        }
    }
    std::stable_sort(agents.begin(), agents.end(), [](const Agent& a, const Agent& b) { return a.hired < b.hired; });
    for (std::size_t i = 0; i < agents.size(); ++i) agents[i].number = static_cast<std::uint32_t>(i + 1);
    return agents;
}

void write_agents(SampleCsvWriter& out, const std::vector<Agent>& agents, const SampleCalendar& calendar) {
    char* p = out.row_begin();
    out.row_end(put_text(p, "agent_id,hired_at,left_at,team,role,core\n"));
    for (const auto& agent : agents) {
        p = out.row_begin();
        p = put_id(p, "A", agent.number, 4);
        *p++ = ',';
        p = calendar.put_date(p, agent.hired);
        *p++ = ',';
        if (agent.left != kNever) p = calendar.put_date(p, agent.left);
        *p++ = ',';
        p = put_text(p, kTeams[agent.team].name);
        *p++ = ',';
        p = put_text(p, agent.lead ? "team_lead" : kTeams[agent.team].role);
        *p++ = ',';
        p = put_text(p, agent.core ? "yes\n" : "no\n");
        out.row_end(p);
    }
}

// Agents on duty on one day, per team, refreshed day by day.
class DutyRoster {
public:
    explicit DutyRoster(const std::vector<Agent>& agents) : agents_(agents), by_team_(kTeams.size()) {}

    void set_day(int day) {
        for (auto& team : by_team_) team.clear();
        everyone_.clear();
        for (const auto& agent : agents_) {
            if (agent.hired <= day && day < agent.left) {
                by_team_[agent.team].push_back(agent.number);
                everyone_.push_back(agent.number);
            }
        }
    }
    // 0 when nobody is on duty at all.
    std::uint32_t pick(SampleRandom& rng, std::size_t team) const {
        const auto& pool = by_team_[team].empty() ? everyone_ : by_team_[team];
        return pool.empty() ? 0 : pool[rng.below(pool.size())];
    }

private:
    const std::vector<Agent>& agents_;
    std::vector<std::vector<std::uint32_t>> by_team_;
    std::vector<std::uint32_t> everyone_;
};

class ExportGenerator {
public:
    ExportGenerator(const SampleOptions& options, const SampleCalendar& calendar, const Period& period)
        : options_(options),
          calendar_(calendar),
          period_(period),
          ticket_rng_(options.seed, 1),
          survey_rng_(options.seed, 2),
          call_rng_(options.seed, 3),
          customers_(std::max<std::int64_t>(100, options.tickets * 55 / 100)),
          recent_(static_cast<std::size_t>(std::max<std::int64_t>(16, options.tickets / 365))),
          praise_(csv_fields(kPraise)),
          neutral_(csv_fields(kNeutral)),
          complaints_(csv_fields(kComplaints)),
          tickets_(options.out_dir / "tickets.csv"),
          surveys_(options.out_dir / "surveys.csv"),
          calls_(options.out_dir / "calls.csv") {}

    void run(const std::vector<Agent>& agents) {
        put_header(tickets_,
                   "ticket_id,created_at,first_response_at,resolved_at,due_at,priority,channel,category,team,"
                   "agent_id,customer_id,customer_tier,contacts,reopens,complaint,handle_time_sec\n");
        put_header(surveys_, "survey_id,submitted_at,ticket_id,csat,nps,comment\n");
        put_header(calls_, "call_id,offered_at,answered,wait_sec,handle_sec\n");

        const auto weights = day_weights();
        const auto ticket_counts = allocate(options_.tickets, weights);
        const auto call_counts = allocate(options_.tickets / 2, weights);
        double mean_weight = 0;
        for (auto w : weights) mean_weight += static_cast<double>(w) / static_cast<double>(weights.size());
        DutyRoster roster(agents);
        std::vector<std::int32_t> seconds;
        for (int day = period_.first_day; day <= period_.last_day; ++day) {
            const auto d = static_cast<std::size_t>(day - period_.first_day);
            roster.set_day(day);
            draw_times(ticket_rng_, kTicketHours, ticket_counts[d], seconds);
            for (auto second : seconds) write_ticket(day, day * kDaySeconds + second, roster);
            draw_times(call_rng_, kCallHours, call_counts[d], seconds);
            const double load = static_cast<double>(weights[d]) / mean_weight;
            for (auto second : seconds) write_call(day, day * kDaySeconds + second, load);
        }
    }

    void commit() {
        tickets_.commit();
        surveys_.commit();
        calls_.commit();
    }

private:
    static void put_header(SampleCsvWriter& out, std::string_view header) {
        out.row_end(put_text(out.row_begin(), header));
    }

    // Relative ticket volume per day: month, weekday, the Double 11 spike, +8 % in the
    // report year, and +-15 % day-to-day noise.
    std::vector<std::int64_t> day_weights() {
        std::vector<std::int64_t> weights;
        for (int day = period_.first_day; day <= period_.last_day; ++day) {
            std::int64_t w = kMonthWeight[calendar_.month(day) - 1] * kWeekdayWeight[calendar_.weekday(day)];
            w *= day >= period_.report_day ? 108 : 100;
            if (calendar_.month(day) == 11 && calendar_.day_of_month(day) == 11) w = w * 22 / 10;
            if (calendar_.month(day) == 11 && calendar_.day_of_month(day) == 12) w = w * 16 / 10;
            w = w * static_cast<std::int64_t>(85 + ticket_rng_.below(31)) / 100;
            weights.push_back(w);
        }
        return weights;
    }

    std::size_t tier_of(std::uint64_t customer) const {
        const auto h = mix64(customer ^ (options_.seed * 0x2545f4914f6cdd1dULL)) % 100;
        return h < 5 ? 0 : h < 25 ? 1 : 2;  // key 5 %, potential 20 %, regular 75 %
    }

    // A share of tickets comes from a customer seen in the last couple of days (contacting
    // again); the rest from the whole customer base.
    struct Customer {
        std::uint64_t id;
        bool returning;  // picked as someone contacting again
    };
    Customer next_customer(bool report_year) {
        Customer customer{0, recent_filled_ > 0 && ticket_rng_.chance(report_year ? 0.085 : 0.10)};
        if (customer.returning) {
            customer.id = recent_[ticket_rng_.below(recent_filled_)];
        } else {
            customer.id = 1 + ticket_rng_.below(static_cast<std::uint64_t>(customers_));
        }
        recent_[recent_next_] = customer.id;
        recent_next_ = (recent_next_ + 1) % recent_.size();
        recent_filled_ = std::min(recent_filled_ + 1, recent_.size());
        return customer;
    }

    void write_ticket(int day, std::int64_t created, const DutyRoster& roster) {
        auto& rng = ticket_rng_;
        const std::uint64_t ordinal = ++ticket_ordinal_;
        const bool report_year = day >= period_.report_day;
        const double pace = report_year ? 0.9 : 1.0;  // the report year is a little faster

        const std::size_t channel = draw(rng, channel_weights_);
        const std::size_t category = draw(rng, category_weights_);
        const std::size_t team = channel == kSocialChannel ? kSocialTeam : kCategories[category].team;
        const Customer customer = next_customer(report_year);
        const std::size_t tier = tier_of(customer.id);
        std::size_t priority = draw(rng, priority_weights_);
        if (tier == 0 && priority == kNormalPriority && rng.chance(0.3)) priority = kHighPriority;
        const auto& ch = kChannels[channel];
        const auto& pr = kPriorities[priority];

        std::int64_t response = -1;
        const bool replied = !rng.chance(0.004);
        if (replied) {
            response = created + std::max<std::int64_t>(5, std::llround(60 * rng.lognormal(ch.reply_min * pr.speed * pace, 0.9)));
        }
        const auto contacts = static_cast<std::int64_t>(1 + draw(rng, report_year ? kContactsReport : kContactsBefore));
        const auto reopens = static_cast<std::int64_t>(draw(rng, report_year ? kReopensReport : kReopensBefore));
        double hours = rng.lognormal(ch.resolve_h * pr.speed * pace, 1.0);
        for (std::int64_t c = 1; c < contacts; ++c) hours += rng.lognormal(6, 0.8);
        for (std::int64_t r = 0; r < reopens; ++r) hours += rng.lognormal(30, 0.7);
        std::int64_t resolved = created + std::llround(hours * 3600);
        if (response >= 0) resolved = std::max(resolved, response + 60);
        // A few tickets are never closed; the weeks before the export hold a backlog still open.
        const double age_days = static_cast<double>(period_.exported_at - created) / kDaySeconds;
        const double backlog = age_days < 120 ? 0.35 * std::exp(-age_days / 12) : 0.0;
        if (rng.chance(replied ? 0.006 + backlog : 0.6)) resolved = -1;
        // Whatever happens after the export was taken is not in it yet.
        if (response >= period_.exported_at) response = -1;
        if (resolved >= period_.exported_at) resolved = -1;

        std::int64_t due = -1;
        if (rng.chance(tier == 0 ? 0.4 : 0.03)) due = created + pr.due_hours * 3600;
        // Slow: open, or closed after its deadline (or twice the contractual hours without one).
        const bool slow = resolved < 0 || resolved > (due >= 0 ? due : created + pr.due_hours * 3600 * 2);
        double complaint_p = report_year ? 0.018 : 0.022;
        if (customer.returning) complaint_p *= 2;
        if (reopens > 0) complaint_p *= 3;
        if (resolved < 0) complaint_p *= 2;
        const bool complaint = rng.chance(complaint_p);
        std::int64_t handle = -1;
        if (!rng.chance(0.02)) handle = std::llround(rng.lognormal(ch.handle_sec, 0.6)) * contacts;
        const std::uint32_t agent = roster.pick(rng, team);

        const std::uint64_t fault = ordinal % 2000;
        const bool faulty = fault == 250 || fault == 750 || fault == 1250 || fault == 1750;
        char* p = tickets_.row_begin();
        char* const row = p;
        p = put_id(p, "T", ordinal, 8);
        *p++ = ',';
        p = fault == 250 ? calendar_.put_day_first_timestamp(p, created) : calendar_.put_timestamp(p, created);
        *p++ = ',';
        if (response >= 0) p = calendar_.put_timestamp(p, response);
        *p++ = ',';
        if (fault == 1750) {
            p = calendar_.put_timestamp(p, created - 7200);
        } else if (resolved >= 0) {
            p = calendar_.put_timestamp(p, resolved);
        }
        *p++ = ',';
        if (due >= 0) p = calendar_.put_timestamp(p, due);
        *p++ = ',';
        p = put_text(p, pr.name);
        *p++ = ',';
        p = put_text(p, ch.name);
        *p++ = ',';
        p = put_text(p, kCategories[category].name);
        *p++ = ',';
        p = put_text(p, kTeams[team].name);
        *p++ = ',';
        if (agent != 0) p = put_id(p, "A", agent, 4);
        *p++ = ',';
        p = put_id(p, "C", customer.id, 7);
        *p++ = ',';
        p = put_text(p, tier == 0 ? "key" : tier == 1 ? "potential" : "regular");
        *p++ = ',';
        p = put_int(p, fault == 750 ? 0 : contacts);
        *p++ = ',';
        p = put_int(p, reopens);
        *p++ = ',';
        p = put_text(p, complaint ? "true" : "false");
        *p++ = ',';
        if (handle >= 0) p = put_int(p, handle);
        *p++ = '\n';
        if (fault == 1250) {
            const auto length = static_cast<std::size_t>(p - row);
            std::memcpy(p, row, length);
            p += length;
        }
        tickets_.row_end(p);

        // About a fifth of the tickets get a survey once resolved; faulty rows get none, so
        // every survey joins a well-formed ticket.
        if (resolved >= 0 && !faulty && survey_rng_.chance(0.205)) {
            write_survey(ordinal, resolved, report_year, reopens > 0 || complaint || slow);
        }
    }

    void write_survey(std::uint64_t ticket, std::int64_t resolved, bool report_year, bool rough) {
        auto& rng = survey_rng_;
        const std::int64_t submitted = resolved + 60 + std::llround(rng.lognormal(3 * 3600, 1.2));
        if (submitted >= period_.exported_at) return;
        const std::uint64_t ordinal = ++survey_ordinal_;
        const auto csat = static_cast<std::int64_t>(
            1 + draw(rng, rough ? kCsatRough : report_year ? kCsatSmoothReport : kCsatSmoothBefore));
        constexpr std::array<std::int64_t, 5> nps_center{1, 3, 6, 8, 9};
        const auto nps = std::clamp<std::int64_t>(nps_center[static_cast<std::size_t>(csat - 1)] +
                                                      static_cast<std::int64_t>(rng.below(3)) - 1,
                                                  0, 10);
        // Both scores 70 %, csat only 18 %, nps only 10 %, neither 2 %.
        const auto answered = rng.below(100);
        const std::uint64_t fault = ordinal % 1500;
        const bool with_csat = answered < 88 || fault == 250;
        const bool with_nps = answered < 70 || (answered >= 88 && answered < 98);
        const std::string* comment = nullptr;
        if (rng.chance(0.25)) {
            const auto& pool = csat >= 4 ? praise_ : csat == 3 ? neutral_ : complaints_;
            comment = &pool[rng.below(pool.size())];
        }

        char* p = surveys_.row_begin();
        char* const row = p;
        p = put_id(p, "S", ordinal, 8);
        *p++ = ',';
        if (fault != 1250) p = calendar_.put_timestamp(p, submitted);
        *p++ = ',';
        p = put_id(p, "T", ticket, 8);
        *p++ = ',';
        if (with_csat) p = put_int(p, fault == 250 ? 7 : csat);
        *p++ = ',';
        if (with_nps) p = put_int(p, nps);
        *p++ = ',';
        if (comment != nullptr) p = put_text(p, *comment);
        *p++ = '\n';
        if (fault == 750) {
            const auto length = static_cast<std::size_t>(p - row);
            std::memcpy(p, row, length);
            p += length;
        }
        surveys_.row_end(p);
    }

    // Busy days (load > 1) queue longer and lose more callers; the report year staffs better.
    void write_call(int day, std::int64_t offered, double load) {
        auto& rng = call_rng_;
        const std::uint64_t ordinal = ++call_ordinal_;
        const bool report_year = day >= period_.report_day;
        const double abandon_p = std::min(0.35, (report_year ? 0.045 : 0.055) * load * load);
        const bool answered = !rng.chance(abandon_p);
        std::int64_t wait;
        std::int64_t handle = -1;
        if (answered) {
            wait = std::llround(rng.lognormal(14 * load * load, 1.0));
            if (!rng.chance(0.01)) handle = std::llround(rng.lognormal(300, 0.5));
        } else if (rng.chance(0.3)) {
            wait = static_cast<std::int64_t>(rng.below(5));  // a short abandon: hung up at once
        } else {
            wait = 5 + std::llround(rng.lognormal(45, 0.8));
        }
        const std::uint64_t fault = ordinal % 2000;

        char* p = calls_.row_begin();
        p = put_id(p, "CALL", ordinal, 8);
        *p++ = ',';
        p = calendar_.put_timestamp(p, offered);
        *p++ = ',';
        p = put_text(p, fault == 1500 ? "maybe" : answered ? "1" : "0");
        *p++ = ',';
        p = put_int(p, fault == 500 ? -3 : wait);
        *p++ = ',';
        if (handle >= 0) p = put_int(p, handle);
        *p++ = '\n';
        calls_.row_end(p);
    }

    const SampleOptions& options_;
    const SampleCalendar& calendar_;
    const Period& period_;
    SampleRandom ticket_rng_;
    SampleRandom survey_rng_;
    SampleRandom call_rng_;
    std::int64_t customers_;
    std::vector<std::uint64_t> recent_;
    std::size_t recent_next_ = 0;
    std::size_t recent_filled_ = 0;
    std::vector<std::string> praise_, neutral_, complaints_;
    const std::array<std::uint32_t, kChannels.size()> channel_weights_ = weights_of(kChannels);
    const std::array<std::uint32_t, kCategories.size()> category_weights_ = weights_of(kCategories);
    const std::array<std::uint32_t, kPriorities.size()> priority_weights_ = weights_of(kPriorities);
    std::uint64_t ticket_ordinal_ = 0;
    std::uint64_t survey_ordinal_ = 0;
    std::uint64_t call_ordinal_ = 0;
    SampleCsvWriter tickets_;
    SampleCsvWriter surveys_;
    SampleCsvWriter calls_;
};

}  // namespace

void write_sample_exports(const SampleOptions& options) {
    if (options.tickets < 1) throw UsageError("sample: --tickets must be at least 1");
    if (options.year < 1910 || options.year > 9998) throw UsageError("sample: --year must lie in 1910..9998");
    // Agents may have been hired up to seven years before the compared years; resolutions
    // and surveys run past the last day into the next year.
    const SampleCalendar calendar(options.year - 8, options.year + 1);
    const Period period{calendar.day_of(options.year - 1, 1, 1), calendar.day_of(options.year, 1, 1),
                        calendar.day_of(options.year, 12, 31),
                        calendar.day_of(options.year + 1, 1, 2) * kDaySeconds + 8 * 3600};

    SampleRandom roster_rng(options.seed, 0);
    const auto agents = simulate_roster(options, calendar, period, roster_rng);
    SampleCsvWriter agents_csv(options.out_dir / "agents.csv");
    write_agents(agents_csv, agents, calendar);
    ExportGenerator generator(options, calendar, period);
    generator.run(agents);
    // Nothing is renamed into place before all four files are complete.
    agents_csv.commit();
    generator.commit();
}

}  // namespace cskpi
