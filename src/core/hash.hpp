#pragma once
// Multiplicative ("Fibonacci") hashing: key × 2^64/φ. The product's upper bits depend on
// every bit of the key, so sequential ids spread evenly over a table or a radix pass that
// takes its index from them; the low bits depend only on the key's low bits and are not used.
#include <cstdint>

namespace cskpi {

constexpr std::uint64_t fibonacci_hash(std::uint64_t key) { return key * 0x9E3779B97F4A7C15ull; }

}  // namespace cskpi
