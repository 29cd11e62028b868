// Many requests, few runs: a burst of requests (a rebase firing a hook per commit) leads to one run,
// or a few, never one run per request.
//
// A request marks `pending` (a file) and tries a non-blocking flock on `lock`.  If another process
// holds it, the request is done: that runner clears the mark before each run and runs again while it
// finds it set, so the run it does last starts after the request.  Before running it waits for the
// requests to stop coming for `quiet` (at most `longest`), taking each one that comes meanwhile.
// After releasing the lock a runner looks at the mark once more, since a request may have come after
// its last look but failed to take the lock it still held.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>

namespace scry {

struct Coalescing {
  std::filesystem::path pending;
  std::filesystem::path lock;
  std::chrono::milliseconds quiet;
  std::chrono::milliseconds longest;
};

// Requests a run and, if no other process is running, runs `run` until no request is pending.
// Returns how many times `run` ran here: 0 when another runner took the request.
int RequestRun(const Coalescing& coalescing, const std::function<void()>& run);

}  // namespace scry
