// Block buffers: a freed buffer is reused, by the next block of the usual size or of a large one of
// about its size, and any size can be had.
#include "indexer/block_buffer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <vector>

namespace scry {
namespace {

TEST(BlockBufferTest, AFreedBufferIsTakenAgainByTheNextBlock) {
  const char* first = nullptr;
  {
    std::shared_ptr<char[]> buffer = NewBlockBuffer(64 * 1024);
    std::memset(buffer.get(), 'x', 64 * 1024);
    first = buffer.get();
  }
  EXPECT_EQ(NewBlockBuffer(1000).get(), first);
}

TEST(BlockBufferTest, BuffersInUseNeverOverlap) {
  // More than a slab's 32 buffers, so that the pool grows while others are held.
  std::vector<std::shared_ptr<char[]>> held;
  std::set<const char*> starts;
  for (int i = 0; i < 100; ++i) {
    held.push_back(NewBlockBuffer(64 * 1024));
    std::memset(held.back().get(), i, 64 * 1024);
    starts.insert(held.back().get());
  }
  EXPECT_EQ(starts.size(), held.size());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(held[i][64 * 1024 - 1], static_cast<char>(i));
}

TEST(BlockBufferTest, ABlockLargerThanTheUsualSizeGetsItsOwnBuffer) {
  std::shared_ptr<char[]> big = NewBlockBuffer(3 * 1024 * 1024);
  std::memset(big.get(), 'y', 3 * 1024 * 1024);
  EXPECT_EQ(big[3 * 1024 * 1024 - 1], 'y');
  std::shared_ptr<char[]> other = NewBlockBuffer(3 * 1024 * 1024);
  EXPECT_NE(other.get(), big.get());
}

TEST(BlockBufferTest, AFreedLargeBufferIsTakenAgainByALargeBlockOfAboutItsSize) {
  const char* first = nullptr;
  {
    std::shared_ptr<char[]> buffer = NewBlockBuffer(300 * 1024);
    std::memset(buffer.get(), 'z', 300 * 1024);
    first = buffer.get();
  }
  // Large buffers come in powers of two: 300 KiB and 500 KiB both take 512 KiB.
  std::shared_ptr<char[]> again = NewBlockBuffer(500 * 1024);
  EXPECT_EQ(again.get(), first);
  std::memset(again.get(), 'w', 500 * 1024);
  EXPECT_NE(NewBlockBuffer(600 * 1024).get(), first);
}

TEST(BlockBufferTest, ABlockPastTheLargestPooledSizeStillGetsABuffer) {
  constexpr size_t kSize = 65 * 1024 * 1024;
  std::shared_ptr<char[]> huge = NewBlockBuffer(kSize);
  huge[0] = 'a';
  huge[kSize - 1] = 'b';
  EXPECT_EQ(huge[kSize - 1], 'b');
}

}  // namespace
}  // namespace scry
