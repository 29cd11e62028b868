// Buffers that content blocks are decompressed into, kept and reused for the life of the process.
//
// A search keeps the decompressed block of every file it reports until the file is printed, and a
// ranked search keeps up to 256 MiB of them at once.  Taken from malloc, each is fresh memory that
// the kernel faults in and zeroes 4 KiB at a time as LZ4 first writes it: a quarter of a common
// search's time (`-F 'container_of('` on Linux: 98,000 page faults).  Buffers of the usual block
// size come instead from 2 MiB slabs that ask for transparent huge pages (a fault a slab), and a
// buffer freed goes back to a free list for the next block rather than to the kernel.  A larger
// block (a document over 64 KiB is a block of its own) gets a buffer of a power-of-two size, mapped
// alone and kept on a free list by size, up to 256 MiB of them.  Memory is mapped with its page
// tables filled at once where the kernel can (MADV_POPULATE_WRITE, Linux 5.14): on a virtual
// machine without huge pages, a fault every 4 KiB cost `0x[0-9a-f]{8}` on Linux a fifth of its
// time.
#pragma once

#include <cstddef>
#include <memory>

namespace scry {

// A buffer of at least `size` bytes, not zero-filled: 64 KiB, or the next power of two up to 64 MiB,
// from the pools; from malloc past that.
std::shared_ptr<char[]> NewBlockBuffer(size_t size);

}  // namespace scry
