#include "app/coalesced_runs.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

#include "util/error.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

int Open(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(ExitCode::kIo, "cannot open " + path.string() + ": " + std::strerror(errno));
  return fd;
}

// The runner lock, released when this goes out of scope (or the process dies).
class RunnerLock {
 public:
  explicit RunnerLock(const fs::path& path) : fd_(Open(path)) {}
  ~RunnerLock() { ::close(fd_); }
  RunnerLock(const RunnerLock&) = delete;
  RunnerLock& operator=(const RunnerLock&) = delete;
  bool TryLock() { return ::flock(fd_, LOCK_EX | LOCK_NB) == 0; }

 private:
  int fd_;
};

// Waits until no request has come for `quiet`, or for `longest`, taking the requests that come.
void AwaitQuiet(const Coalescing& coalescing) {
  auto deadline = std::chrono::steady_clock::now() + coalescing.longest;
  do {
    std::this_thread::sleep_for(coalescing.quiet);
  } while (fs::remove(coalescing.pending) && std::chrono::steady_clock::now() < deadline);
}

}  // namespace

int RequestRun(const Coalescing& coalescing, const std::function<void()>& run) {
  ::close(Open(coalescing.pending));
  int runs = 0;
  while (fs::exists(coalescing.pending)) {
    RunnerLock lock(coalescing.lock);
    if (!lock.TryLock()) break;
    while (fs::remove(coalescing.pending)) {
      AwaitQuiet(coalescing);
      run();
      ++runs;
    }
  }
  return runs;
}

}  // namespace scry
