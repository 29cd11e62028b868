#include "indexer/block_buffer.h"

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>

#include <array>
#include <bit>
#include <cstdint>
#include <mutex>
#include <vector>

namespace scry {

namespace {

constexpr size_t kSlot = 64 * 1024;
constexpr size_t kSlab = 2 * 1024 * 1024;  // an x86-64 huge page
constexpr size_t kLargest = 64 * 1024 * 1024;
constexpr size_t kLargeKept = 256 * 1024 * 1024;

// Maps `size` bytes and fills their page tables at once (Linux 5.14): one call instead of a page
// fault every 4 KiB, which costs most where faults are dearest, in a virtual machine.  Where the
// kernel cannot, the pages fault in as they are first written.
char* MapPopulated(size_t size) {
  void* mapped = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return nullptr;
  madvise(mapped, size, MADV_POPULATE_WRITE);
  return static_cast<char*>(mapped);
}

class SlotPool {
 public:
  // A free slot, or nullptr when no memory can be mapped.
  char* Take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty() && !Grow()) return nullptr;
    char* slot = free_.back();
    free_.pop_back();
    ASAN_UNPOISON_MEMORY_REGION(slot, kSlot);
    return slot;
  }

  // A free slot is poisoned under AddressSanitizer: a read through a released block is reported as
  // it would be for memory from malloc.
  void Give(char* slot) {
    ASAN_POISON_MEMORY_REGION(slot, kSlot);
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(slot);
  }

 private:
  // Maps twice a slab and keeps the slab-aligned half: a huge page must start on its boundary.
  bool Grow() {
    void* mapped = mmap(nullptr, 2 * kSlab, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) return false;
    auto start = reinterpret_cast<uintptr_t>(mapped);
    uintptr_t aligned = (start + kSlab - 1) & ~(kSlab - 1);
    if (aligned > start) munmap(mapped, aligned - start);
    if (uintptr_t end = start + 2 * kSlab; end > aligned + kSlab) {
      munmap(reinterpret_cast<void*>(aligned + kSlab), end - aligned - kSlab);
    }
    auto* slab = reinterpret_cast<char*>(aligned);
    madvise(slab, kSlab, MADV_HUGEPAGE);  // advice: without huge pages, slots still get reused
    madvise(slab, kSlab, MADV_POPULATE_WRITE);
    ASAN_POISON_MEMORY_REGION(slab, kSlab);
    for (size_t offset = kSlab; offset > 0; offset -= kSlot) free_.push_back(slab + offset - kSlot);
    return true;
  }

  std::mutex mutex_;
  std::vector<char*> free_;
};

// Buffers for blocks larger than a slot (a document over 64 KiB is a block of its own), a power of
// two in size, each mapped alone.  Up to 256 MiB of them are kept on free lists by size; past that,
// a released buffer is unmapped.
class LargePool {
 public:
  // A free buffer of `capacity` (a power of two), or nullptr when no memory can be mapped.
  char* Take(size_t capacity) {
    std::vector<char*>& list = free_[std::countr_zero(capacity)];
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!list.empty()) {
        char* buffer = list.back();
        list.pop_back();
        kept_ -= capacity;
        ASAN_UNPOISON_MEMORY_REGION(buffer, capacity);
        return buffer;
      }
    }
    return MapPopulated(capacity);
  }

  void Give(char* buffer, size_t capacity) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (kept_ + capacity <= kLargeKept) {
        ASAN_POISON_MEMORY_REGION(buffer, capacity);
        free_[std::countr_zero(capacity)].push_back(buffer);
        kept_ += capacity;
        return;
      }
    }
    munmap(buffer, capacity);
  }

 private:
  std::mutex mutex_;
  std::array<std::vector<char*>, 64> free_;  // by log2 of the capacity
  size_t kept_ = 0;
};

// Never destroyed: a buffer may be released after static destructors have run.
SlotPool& Slots() {
  static SlotPool* pool = new SlotPool;
  return *pool;
}

LargePool& Large() {
  static LargePool* pool = new LargePool;
  return *pool;
}

}  // namespace

std::shared_ptr<char[]> NewBlockBuffer(size_t size) {
  if (size <= kSlot) {
    if (char* slot = Slots().Take()) return std::shared_ptr<char[]>(slot, [](char* p) { Slots().Give(p); });
  } else if (size <= kLargest) {
    size_t capacity = std::bit_ceil(size);
    if (char* buffer = Large().Take(capacity)) {
      return std::shared_ptr<char[]>(buffer, [capacity](char* p) { Large().Give(p, capacity); });
    }
  }
  return std::make_shared_for_overwrite<char[]>(size);
}

}  // namespace scry
