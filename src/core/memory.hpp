#pragma once
// How a run gives memory back while a large structure is released piece by piece (the rows,
// as the months are folded), so that what the next phase allocates does not stack on top.
#include <cstddef>
#include <new>

namespace cskpi {

// Returns the free pages of every arena to the system; a no-op where the C library keeps
// no such pages. Costs a walk of the free lists and one madvise per free chunk, each
// flushing the other core's TLB: call it between phases, not per block.
void return_freed_memory();

// Whole pages straight from the kernel; bytes is what was asked for, not rounded.
void* map_pages(std::size_t bytes);  // throws std::bad_alloc
void unmap_pages(void* data, std::size_t bytes) noexcept;

// For the blocks of rows a run frees one by one: a large one is mapped by itself, so
// freeing it returns its pages at once. From the heap it would stay resident until a trim,
// and a trim per few blocks advised every free chunk again (tens of thousands of TLB
// flushes on 10 M tickets). Small ones (tests, short files) come from the heap.
template <class T>
struct MappedAllocator {
    using value_type = T;
    static constexpr std::size_t kMappedFrom = std::size_t(64) << 10;

    MappedAllocator() = default;
    template <class U>
    MappedAllocator(const MappedAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kMappedFrom) return static_cast<T*>(::operator new(bytes));
        return static_cast<T*>(map_pages(bytes));
    }
    void deallocate(T* data, std::size_t n) noexcept {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kMappedFrom) {
            ::operator delete(data);
        } else {
            unmap_pages(data, bytes);
        }
    }
    template <class U>
    bool operator==(const MappedAllocator<U>&) const noexcept {
        return true;
    }
};

}  // namespace cskpi
