#include "ingest/presets.hpp"

#include <string>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace cskpi {

namespace {

using namespace tickets_col;

// Zendesk Support's ticket CSV export and Explore's ticket attributes (docs/presets.md).
Preset zendesk_tickets() {
    return {
        "zendesk",
        {
            {ticket_id, {"Id", "Ticket ID"}},
            {created_at, {"Created at"}},
            {resolved_at, {"Solved at"}},
            {priority, {"Priority", "Ticket priority"}},
            {channel, {"Via", "Ticket channel"}},
            {category, {"Ticket type"}},
            {team, {"Group", "Ticket group"}},
            {agent_id, {"Assignee id", "Assignee", "Assignee name"}},
            {customer_id, {"Requester id", "Requester external id", "Requester email", "Requester"}},
            {reopens, {"Reopens"}},
        },
        {
            // Calendar minutes, not the "... within business hours" variants: the KPIs
            // measure absolute time.
            {first_response_at, created_at, "First reply time in minutes", DurationUnit::minutes},
            {resolved_at, created_at, "Full resolution time in minutes", DurationUnit::minutes},
        },
        {
            // Ticket > Channel as the export's Via column, triggers and Explore write it
            // (docs/presets.md cites Zendesk's pages). The canonical words (Email, Chat)
            // are built in.
            {channel, "Web form", "web"},
            {channel, "Web Widget", "web"},
            {channel, "Answer Bot for Web Widget", "web"},
            {channel, "Mobile SDK", "web"},
            {channel, "Mail", "email"},
            {channel, "Chat transcript", "chat"},
            {channel, "Messaging", "chat"},
            {channel, "Native messaging", "chat"},
            {channel, "Text", "chat"},
            {channel, "WhatsApp", "chat"},
            {channel, "LINE", "chat"},
            {channel, "WeChat", "chat"},
            {channel, "Apple Messages for Business", "chat"},
            {channel, "Google RCS", "chat"},
            {channel, "MessageBird SMS", "chat"},
            {channel, "Twilio SMS", "chat"},
            {channel, "Telegram", "chat"},
            {channel, "KakaoTalk", "chat"},
            {channel, "Viber", "chat"},
            {channel, "Phone call (incoming)", "phone"},
            {channel, "Phone call (outgoing)", "phone"},
            {channel, "Phone call (inbound)", "phone"},
            {channel, "Phone call (outbound)", "phone"},
            {channel, "Voicemail", "phone"},
            {channel, "Twitter", "social"},
            {channel, "Twitter DM", "social"},
            {channel, "X Corp", "social"},
            {channel, "X Corp DM", "social"},
            {channel, "Facebook", "social"},
            {channel, "Facebook Post", "social"},
            {channel, "Facebook Messenger", "social"},
            {channel, "Instagram Direct", "social"},
            {channel, "Web service (API)", "other"},
            {channel, "API", "other"},
            {channel, "Closed ticket", "other"},
            {channel, "Ticket sharing", "other"},
            {channel, "Sample ticket", "other"},
        },
        // A channel label Zendesk adds later lands in `other` and is listed, not rejected.
        {{channel, "other"}},
        PresetSatisfaction{
            {"Satisfaction Score", "Satisfaction"},
            {"Updated at"},
            // Zendesk's CSAT is good / (good + bad): good = 5, bad = 1 on the survey scale.
            {{0, "Good", "5"}, {0, "Bad", "1"}},
            {"Offered", "Not Offered", "Unoffered"},
        },
    };
}

// Freshdesk's ticket export (Tickets > Export, CSV), docs/presets.md.
Preset freshdesk_tickets() {
    return {
        "freshdesk",
        {
            {ticket_id, {"Ticket ID"}},
            {created_at, {"Created time"}},
            {first_response_at, {"Initial response time"}},
            {resolved_at, {"Resolved time"}},
            {due_at, {"Due by Time"}},
            {priority, {"Priority"}},
            {channel, {"Source"}},
            {category, {"Type"}},
            {team, {"Group"}},
            {agent_id, {"Agent"}},
            {customer_id, {"Contact ID", "Requester ID", "Requester email", "Email"}},
            {contacts, {"Customer interactions"}},
        },
        {
            {first_response_at, created_at, "First response time (in hrs)", DurationUnit::hours},
            {resolved_at, created_at, "Resolution time (in hrs)", DurationUnit::hours},
        },
        {
            {priority, "Medium", "normal"},
            {channel, "Outbound Email", "email"},
            {channel, "Portal", "web"},
            {channel, "Feedback Widget", "web"},
            {channel, "Mobihelp", "web"},
            {channel, "WhatsApp", "chat"},
            {channel, "Twitter", "social"},
            {channel, "Facebook", "social"},
            {channel, "Forum", "social"},
            {channel, "Ecommerce", "other"},
            // A ticket an agent opened (outbound email, logged call) has no customer
            // message; it still took one contact.
            {contacts, "0", "1"},
        },
        {{channel, "other"}},
    };
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

const Preset& preset_for(std::string_view name, SourceKind kind) {
    static const Preset generic{"generic", {}, {}, {}};
    static const Preset zendesk_other{"zendesk", {}, {}, {}};
    static const Preset freshdesk_other{"freshdesk", {}, {}, {}};
    static const Preset zendesk = zendesk_tickets();
    static const Preset freshdesk = freshdesk_tickets();
    const std::string_view n = trim(name);
    if (n.empty() || iequals(n, "generic")) return generic;
    if (iequals(n, "zendesk")) return kind == SourceKind::tickets ? zendesk : zendesk_other;
    if (iequals(n, "freshdesk")) return kind == SourceKind::tickets ? freshdesk : freshdesk_other;
    throw UsageError("unknown preset '" + std::string(name) + "' (use generic, zendesk or freshdesk)");
}

std::optional<double> parse_duration_ms(std::string_view text, DurationUnit unit) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        const auto n = parse_number(text);
        if (!n) return std::nullopt;
        switch (unit) {
            case DurationUnit::seconds: return *n * 1000.0;
            case DurationUnit::minutes: return *n * double(kMsPerMinute);
            default: return *n * double(kMsPerHour);
        }
    }
    // hours:minutes[:seconds]; the hours may exceed 24, minutes and seconds are two digits.
    bool negative = false;
    std::string_view hours = text.substr(0, colon);
    if (!hours.empty() && hours.front() == '-') {
        negative = true;
        hours.remove_prefix(1);
    }
    std::string_view rest = text.substr(colon + 1);
    const std::size_t colon2 = rest.find(':');
    const std::string_view minutes = rest.substr(0, colon2);
    const std::string_view seconds = colon2 == std::string_view::npos ? std::string_view("00") : rest.substr(colon2 + 1);
    if (!all_digits(hours) || minutes.size() != 2 || !all_digits(minutes) || seconds.size() != 2 ||
        !all_digits(seconds))
        return std::nullopt;
    const auto h = parse_int(hours), m = parse_int(minutes), s = parse_int(seconds);
    if (!h || *m > 59 || *s > 59) return std::nullopt;
    const double ms = double(*h) * double(kMsPerHour) + double(*m) * double(kMsPerMinute) + double(*s) * 1000.0;
    return negative ? -ms : ms;
}

}  // namespace cskpi
