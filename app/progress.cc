#include "app/progress.h"

#include <unistd.h>

namespace scry {

Progress::Progress(FILE* out)
    : out_(out), enabled_(isatty(fileno(out)) != 0), start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { Clear(); }

void Progress::SetTotal(uint64_t files, uint64_t bytes, bool total_known) {
  total_files_ = files;
  total_bytes_ = bytes;
  total_known_ = total_known;
  Draw(false);
}

void Progress::Advance(uint64_t files, uint64_t bytes) {
  done_files_ += files;
  done_bytes_ += bytes;
  Draw(false);
}

void Progress::Clear() {
  if (!enabled_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
}

void Progress::Draw(bool force) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double mb_per_s = seconds > 0 ? done_bytes_ / 1e6 / seconds : 0;
  double fraction = total_bytes_ > 0 ? static_cast<double>(done_bytes_) / total_bytes_ : 0;
  constexpr int kWidth = 30;
  int filled = static_cast<int>(fraction * kWidth);
  char bar[kWidth + 1];
  for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '-';
  bar[kWidth] = '\0';
  std::fprintf(out_, "\r\033[K[%s] %llu/%llu%s files  %.1f MB/s", bar,
               static_cast<unsigned long long>(done_files_), static_cast<unsigned long long>(total_files_),
               total_known_ ? "" : "+", mb_per_s);
  if (total_known_ && mb_per_s > 0 && total_bytes_ > done_bytes_) {
    std::fprintf(out_, "  ETA %.0fs", (total_bytes_ - done_bytes_) / 1e6 / mb_per_s);
  }
  std::fflush(out_);
}

}  // namespace scry
