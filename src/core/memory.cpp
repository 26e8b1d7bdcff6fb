#include "core/memory.hpp"

#include <sys/mman.h>

#include <cstdlib>  // defines __GLIBC__ where it applies
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace cskpi {

void return_freed_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void* map_pages(std::size_t bytes) {
    void* data = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data == MAP_FAILED) throw std::bad_alloc();
    return data;
}

void unmap_pages(void* data, std::size_t bytes) noexcept { ::munmap(data, bytes); }

}  // namespace cskpi
