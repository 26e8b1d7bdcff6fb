#pragma once
// Giving freed heap memory back to the system while a large structure is released piece
// by piece (the rows as the months are folded). glibc serves multi-MiB blocks from its
// arenas' heaps, and a block freed in the middle of a heap stays resident until trimmed,
// so releasing the rows would not lower the peak that the next structures add to.
namespace cskpi {

// Returns the free pages of every arena to the system; a no-op where the C library keeps
// no such pages. Costs a walk of the free lists: call it every few MiB released, not per row.
void return_freed_memory();

}  // namespace cskpi
