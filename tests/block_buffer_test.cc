// Block buffers: a freed buffer of the usual size is reused, and any size can be had.
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
}

}  // namespace
}  // namespace scry
