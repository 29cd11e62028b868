// Runs produce(worker, i) for i in [0, n) on `threads` worker threads (worker in [0, threads)) and consume(i,
// result) on the calling thread in order of i.  At most `window` results wait between the two, which bounds
// memory however slow the consumer is.  The first exception thrown by either side stops the workers and is
// rethrown here.  With one thread, both run in turn on the calling thread (worker 0): a server that
// gives each request one thread starts none per request.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace scry {

template <typename Result, typename Produce, typename Consume>
void OrderedParallel(size_t n, unsigned threads, size_t window, Produce produce, Consume consume) {
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) consume(i, Result(produce(0u, i)));
    return;
  }
  std::vector<std::optional<Result>> slots(n);
  std::mutex mu;
  std::condition_variable ready, room;
  size_t next = 0, consumed = 0;
  bool stop = false;
  std::exception_ptr error;

  auto work = [&](unsigned worker) {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mu);
        room.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
        if (stop || next >= n) return;
        i = next++;
      }
      std::optional<Result> result;
      try {
        result.emplace(produce(worker, i));
      } catch (...) {
        std::lock_guard lock(mu);
        if (!error) error = std::current_exception();
        stop = true;
        ready.notify_all();
        room.notify_all();
        return;
      }
      std::lock_guard lock(mu);
      slots[i] = std::move(result);
      ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) workers.emplace_back(work, t);

  try {
    for (size_t i = 0; i < n; ++i) {
      std::optional<Result> result;
      {
        std::unique_lock lock(mu);
        ready.wait(lock, [&] { return stop || slots[i].has_value(); });
        if (stop) break;
        result = std::move(slots[i]);
        slots[i].reset();
        consumed = i + 1;
        room.notify_all();
      }
      consume(i, std::move(*result));
    }
  } catch (...) {
    std::lock_guard lock(mu);
    if (!error) error = std::current_exception();
    stop = true;
    room.notify_all();
  }
  for (std::thread& t : workers) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace scry
