#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "app/progress.h"
#include "indexer/worktree_indexer.h"

namespace scry {

namespace {

std::string HumanBytes(uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof(text), unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

}  // namespace

int RunIndex(const IndexCommand& cmd) {
  StoreLocation store = StoreForRoot(
      cmd.dir, cmd.common.store ? std::optional<std::filesystem::path>(*cmd.common.store) : std::nullopt);
  if (cmd.rebuild) std::filesystem::remove_all(store.dir);
  Progress bar(stderr);
  IndexOptions options;
  options.walk = cmd.walk;
  options.threads = cmd.threads;
  options.analyze.parse = !cmd.no_parse;
  options.analyze.budget = cmd.budget;
  options.analyze.max_parse_bytes = cmd.max_parse_bytes;
  IndexProgress progress{[&](uint64_t files, uint64_t bytes) { bar.SetTotal(files, bytes, true); },
                         [&](uint64_t files, uint64_t bytes) { bar.Advance(files, bytes); }};
  IndexSummary s = IndexWorktree(store, options, progress);
  bar.Clear();
  std::printf(
      "indexed %llu files (%s) in %.1fs: %llu read, %llu new documents, %llu chunks, %llu symbols, "
      "%llu removed; index %s (%.2fx)",
      static_cast<unsigned long long>(s.files), HumanBytes(s.bytes).c_str(), s.seconds,
      static_cast<unsigned long long>(s.files_read), static_cast<unsigned long long>(s.counts.docs_added),
      static_cast<unsigned long long>(s.counts.chunks), static_cast<unsigned long long>(s.counts.symbols),
      static_cast<unsigned long long>(s.files_removed), HumanBytes(s.store_bytes).c_str(),
      s.bytes ? static_cast<double>(s.store_bytes) / s.bytes : 0.0);
  if (s.skipped)
    std::printf("; %llu skipped (scry stats --skipped)", static_cast<unsigned long long>(s.skipped));
  if (s.counts.parse_fell_back) {
    std::printf("; %llu parses ran out of time (line windows)",
                static_cast<unsigned long long>(s.counts.parse_fell_back));
  }
  if (s.counts.too_large_to_parse) {
    std::printf("; %llu files over %llu bytes not parsed (line windows)",
                static_cast<unsigned long long>(s.counts.too_large_to_parse),
                static_cast<unsigned long long>(options.analyze.max_parse_bytes));
  }
  if (s.symlinks) std::printf("; %llu symlinks not followed", static_cast<unsigned long long>(s.symlinks));
  std::printf("\n");
  return 0;
}

}  // namespace scry
