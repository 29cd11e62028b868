#include "util/ordered_parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace scry {
namespace {

std::vector<size_t> Consumed(unsigned threads, std::set<std::thread::id>* producers) {
  std::vector<size_t> consumed;
  std::mutex mu;
  OrderedParallel<size_t>(
      100, threads, 8,
      [&](unsigned worker, size_t i) {
        EXPECT_LT(worker, std::max(threads, 1u));
        std::lock_guard lock(mu);
        producers->insert(std::this_thread::get_id());
        return i * i;
      },
      [&](size_t i, size_t&& square) {
        EXPECT_EQ(square, i * i);
        consumed.push_back(i);
      });
  return consumed;
}

TEST(OrderedParallelTest, ConsumesInOrderWhateverTheThreads) {
  std::vector<size_t> expected(100);
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = i;
  for (unsigned threads : {1u, 2u, 4u}) {
    std::set<std::thread::id> producers;
    EXPECT_EQ(Consumed(threads, &producers), expected) << threads << " threads";
  }
}

TEST(OrderedParallelTest, OneThreadIsTheCallingThread) {
  std::set<std::thread::id> producers;
  Consumed(1, &producers);
  EXPECT_EQ(producers, std::set<std::thread::id>{std::this_thread::get_id()});
  producers.clear();
  Consumed(2, &producers);
  EXPECT_FALSE(producers.contains(std::this_thread::get_id()));
}

TEST(OrderedParallelTest, TheFirstExceptionStopsTheRunAndIsRethrown) {
  for (unsigned threads : {1u, 3u}) {
    std::atomic<size_t> produced{0};
    auto run = [&] {
      OrderedParallel<int>(
          1000, threads, 4,
          [&](unsigned, size_t i) {
            produced++;
            if (i == 10) throw std::runtime_error("ten");
            return 0;
          },
          [](size_t, int&&) {});
    };
    EXPECT_THROW(run(), std::runtime_error) << threads << " threads";
    EXPECT_LT(produced.load(), 1000u) << threads << " threads";
  }
}

}  // namespace
}  // namespace scry
