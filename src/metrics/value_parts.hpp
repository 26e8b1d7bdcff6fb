#pragma once
// The values of one distribution (a period's first-response minutes, say), for percentiles.
// They are kept in blocks: adding a value never moves the ones stored (a vector grown by
// doubling copies and faults in every value again), and a quarter or a year shares its
// months' blocks instead of copying millions of values. A block that is shared is never
// written again: the next value a state adds opens a block of its own.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "core/memory.hpp"

namespace cskpi {

class ValueParts {
public:
    static constexpr std::size_t kFirstBlock = 1024;           // most breakdown-free states are small
    static constexpr std::size_t kLargestBlock = std::size_t(1) << 16;  // 512 KiB, mapped on its own

    void push_back(double v) {
        if (blocks_.empty() || blocks_.back().use_count() != 1 || blocks_.back()->size() == blocks_.back()->capacity())
            open_block();
        blocks_.back()->push_back(v);
        ++size_;
    }
    // Adds `other`'s values after this state's own, sharing its blocks.
    void append(const ValueParts& other) {
        blocks_.insert(blocks_.end(), other.blocks_.begin(), other.blocks_.end());
        size_ += other.size_;
    }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // The values in the order they were added, block by block.
    std::vector<std::span<const double>> blocks() const {
        std::vector<std::span<const double>> out;
        out.reserve(blocks_.size());
        for (const auto& b : blocks_)
            if (!b->empty()) out.emplace_back(b->data(), b->size());
        return out;
    }

private:
    using Block = std::vector<double, MappedAllocator<double>>;

    // Out of line: push_back's common path stays small enough to inline into every add.
    [[gnu::noinline]] void open_block() {
        auto block = std::make_shared<Block>();
        block->reserve(std::clamp(size_, kFirstBlock, kLargestBlock));
        blocks_.push_back(std::move(block));
    }

    std::vector<std::shared_ptr<Block>> blocks_;
    std::size_t size_ = 0;
};

}  // namespace cskpi
