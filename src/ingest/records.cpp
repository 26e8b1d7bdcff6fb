#include "ingest/records.hpp"

#include <functional>

namespace cskpi {

std::string_view to_string(Priority p) {
    static constexpr std::string_view names[] = {"urgent", "high", "normal", "low"};
    return names[int(p)];
}

std::string_view to_string(Channel c) {
    static constexpr std::string_view names[] = {"phone", "chat", "email", "social", "web", "other"};
    return names[int(c)];
}

std::uint64_t id_key(std::string_view id) {
    constexpr std::uint64_t kNumeric = 1ull << 62;
    constexpr std::uint64_t kHashed = 1ull << 63;
    if (!id.empty() && id.size() <= 18 && (id.size() == 1 || id[0] != '0')) {
        std::uint64_t v = 0;
        bool digits = true;
        for (char c : id) {
            if (c < '0' || c > '9') {
                digits = false;
                break;
            }
            v = v * 10 + std::uint64_t(c - '0');
        }
        if (digits) return v | kNumeric;
    }
    return (std::hash<std::string_view>{}(id) & ~kNumeric) | kHashed;
}

}  // namespace cskpi
