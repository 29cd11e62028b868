// Walking a source tree the way ripgrep does by default.
//
// Honours .gitignore (inside a git repository), .ignore, .rgignore, .git/info/exclude and git's global
// excludes file, with nested files overriding their parents; skips hidden files and directories and does
// not follow symbolic links unless asked.  What is left out for a reason ripgrep does not share is never
// dropped silently: it is counted in WalkReport.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace scry {

struct WalkOptions {
  bool follow_symlinks = false;  // rg -L
  bool hidden = false;           // rg --hidden: also walk dotfiles
  bool ignore_files = true;      // false = rg --no-ignore
};

struct WalkedFile {
  std::string path;  // relative to the root, '/'-separated, no leading "./"
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

struct SkippedPath {
  std::string path;
  std::string reason;  // "unreadable: Permission denied", "symlink loop", ...
};

struct WalkReport {
  uint64_t symlinks_not_followed = 0;
  std::vector<SkippedPath> skipped;  // unreadable directories or files, symlink loops
};

// Calls on_file for every file ripgrep would search under root, in an unspecified order.
// Throws scry::Error(kIo) if root itself cannot be read.
void WalkTree(const std::filesystem::path& root, const WalkOptions& options,
              const std::function<void(WalkedFile&&)>& on_file, WalkReport* report);

}  // namespace scry
