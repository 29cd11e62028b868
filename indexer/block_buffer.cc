#include "indexer/block_buffer.h"

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>

#include <cstdint>
#include <mutex>
#include <vector>

namespace scry {

namespace {

constexpr size_t kSlot = 64 * 1024;
constexpr size_t kSlab = 2 * 1024 * 1024;  // an x86-64 huge page

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
    ASAN_POISON_MEMORY_REGION(slab, kSlab);
    for (size_t offset = kSlab; offset > 0; offset -= kSlot) free_.push_back(slab + offset - kSlot);
    return true;
  }

  std::mutex mutex_;
  std::vector<char*> free_;
};

// Never destroyed: a buffer may be released after static destructors have run.
SlotPool& Pool() {
  static SlotPool* pool = new SlotPool;
  return *pool;
}

}  // namespace

std::shared_ptr<char[]> NewBlockBuffer(size_t size) {
  char* slot = size <= kSlot ? Pool().Take() : nullptr;
  if (slot == nullptr) return std::make_shared_for_overwrite<char[]>(size);
  return std::shared_ptr<char[]>(slot, [](char* p) { Pool().Give(p); });
}

}  // namespace scry
