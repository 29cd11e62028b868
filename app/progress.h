// A one-line progress bar on stderr while indexing: files, MB/s and ETA.  Silent when stderr is not a
// terminal, so hooks, pipes and CI logs stay clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace scry {

class Progress {
 public:
  explicit Progress(FILE* out);
  ~Progress();

  // Total work is learnt as the walk goes on; the ETA is an estimate until the walk is done.
  void SetTotal(uint64_t files, uint64_t bytes, bool total_known);
  void Advance(uint64_t files, uint64_t bytes);
  // Erases the bar so that the summary line prints clean.
  void Clear();

 private:
  void Draw(bool force);

  FILE* out_;
  bool enabled_;
  uint64_t total_files_ = 0, total_bytes_ = 0, done_files_ = 0, done_bytes_ = 0;
  bool total_known_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace scry
