#pragma once
// Remembers a value for each of a few short texts (ids of agents, teams): a hit costs a
// couple of word compares where the full lookup hashes the text and probes a hash map.
// Direct mapped: a text whose slot another text took is simply looked up the slow way.
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/hash.hpp"

namespace cskpi {

// `Slots`: a power of two, well above the number of texts expected.
template <class Value, std::size_t Slots = 2048>
class ShortTextCache {
public:
    static constexpr std::size_t kMaxSize = 16;  // longer texts are never cached

    // The value stored for exactly `text`, or nullptr.
    const Value* find(std::string_view text) const {
        if (text.size() > kMaxSize) return nullptr;
        const Key key = key_of(text);
        const Slot& slot = slots_[slot_of(key)];
        return slot.key == key ? &slot.value : nullptr;
    }
    void store(std::string_view text, const Value& value) {
        if (text.size() > kMaxSize) return;
        const Key key = key_of(text);
        slots_[slot_of(key)] = {key, value};
    }

private:
    static_assert((Slots & (Slots - 1)) == 0, "slots are picked by the top bits of a hash");
    static constexpr unsigned kSlotBits = std::countr_zero(Slots);

    // The size and the bytes of a text of at most 16 bytes, without reading past its end:
    // for 8..16 bytes the first and the last eight cover them all, overlapping; shorter
    // texts are read in two overlapping halves of four bytes, or byte by byte.
    struct Key {
        std::uint64_t head = 0, tail = 0;
        std::size_t size = kMaxSize + 1;  // no text has it: an empty slot
        bool operator==(const Key&) const = default;
    };
    struct Slot {
        Key key;
        Value value{};
    };

    static std::uint64_t load(const char* p, std::size_t bytes) {
        std::uint64_t v = 0;
        std::memcpy(&v, p, bytes);
        return v;
    }
    static Key key_of(std::string_view text) {
        const char* p = text.data();
        const std::size_t n = text.size();
        if (n >= 8) return {load(p, 8), load(p + n - 8, 8), n};
        if (n >= 4) return {load(p, 4), load(p + n - 4, 4), n};
        if (n == 0) return {0, 0, 0};
        const auto byte = [&](std::size_t i) { return std::uint64_t(static_cast<unsigned char>(p[i])); };
        return {byte(0) | byte(n / 2) << 8, byte(n - 1), n};
    }
    static std::size_t slot_of(const Key& key) {
        const std::uint64_t mixed = (key.head ^ fibonacci_hash(key.tail) ^ key.size) * 0xFF51AFD7ED558CCDull;
        return std::size_t(mixed >> (64 - kSlotBits));
    }

    std::array<Slot, Slots> slots_{};
};

}  // namespace cskpi
