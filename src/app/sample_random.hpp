#pragma once
// The sample generator's random numbers: xoshiro256** seeded through splitmix64, with every
// derived value computed here from raw 64-bit draws. std::*_distribution is avoided on
// purpose: its output differs between standard libraries, and the same seed must give
// byte-identical exports everywhere.
#include <cmath>
#include <cstdint>
#include <span>

namespace cskpi {

constexpr std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A stateless 64-bit hash, for properties that must stay fixed per id (a customer's tier).
constexpr std::uint64_t mix64(std::uint64_t value) {
    std::uint64_t state = value;
    return splitmix64(state);
}

class SampleRandom {
public:
    // `stream` separates the independent sequences drawn from one seed (one per file).
    SampleRandom(std::uint64_t seed, std::uint64_t stream) {
        std::uint64_t state = seed ^ (stream * 0xd1b54a32d192ed03ULL);
        for (auto& word : s_) word = splitmix64(state);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n) by multiply-shift; the bias (n / 2^64) is far below anything visible.
    std::uint64_t below(std::uint64_t n) {
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
    }

    // Uniform in [0, 1) with 53 bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    bool chance(double p) { return unit() < p; }

    // An approximately standard normal value: the sum of four 16-bit uniforms (Irwin-Hall),
    // rescaled. Its tails stop at +-3.46, which keeps durations free of absurd outliers.
    double normalish() {
        const std::uint64_t r = next();
        const double sum = static_cast<double>((r & 0xffff) + ((r >> 16) & 0xffff) +
                                               ((r >> 32) & 0xffff) + (r >> 48));
        return (sum / 65536.0 - 2.0) * 1.7320508075688772;
    }

    // Log-normally distributed around `median`; sigma is the spread of its logarithm.
    double lognormal(double median, double sigma) { return median * std::exp(sigma * normalish()); }

    // Index drawn with the given integer weights (at least one must be positive).
    template <typename Weight>
    std::size_t pick(std::span<const Weight> weights, std::uint64_t total) {
        std::uint64_t r = below(total);
        for (std::size_t i = 0; i + 1 < weights.size(); ++i) {
            const auto w = static_cast<std::uint64_t>(weights[i]);
            if (r < w) return i;
            r -= w;
        }
        return weights.size() - 1;
    }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

}  // namespace cskpi
