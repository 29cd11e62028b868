// Buffers that content blocks are decompressed into, kept and reused for the life of the process.
//
// A search keeps the decompressed block of every file it reports until the file is printed, and a
// ranked search keeps up to 256 MiB of them at once.  Taken from malloc, each is fresh memory that
// the kernel faults in and zeroes 4 KiB at a time as LZ4 first writes it: a quarter of a common
// search's time (`-F 'container_of('` on Linux: 98,000 page faults).  Buffers of the usual block
// size come instead from 2 MiB slabs that ask for transparent huge pages (a fault a slab), and a
// buffer freed goes back to a free list for the next block rather than to the kernel.
#pragma once

#include <cstddef>
#include <memory>

namespace scry {

// A buffer of at least `size` bytes, not zero-filled; 64 KiB from the pool whenever `size` fits.
std::shared_ptr<char[]> NewBlockBuffer(size_t size);

}  // namespace scry
