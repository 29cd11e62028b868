// The ignore files in force for one directory of a walk: its own and, through `parent`, those of every
// directory above it, up to the filesystem root.  Matching applies ripgrep 13's precedence (see walk.cc).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "indexer/ignore_rules.h"

namespace scry {

struct IgnoreLevel {
  const IgnoreLevel* parent = nullptr;
  IgnoreRules rgignore;
  IgnoreRules ignore;
  IgnoreRules gitignore;
  IgnoreRules git_exclude;  // $GIT_DIR/info/exclude, only on a level that has .git
  bool has_git = false;     // this directory holds a .git directory or file
  bool any_git = false;     // this directory or one above it does

  // A walk path (relative to the walk root) becomes relative to this level's directory by dropping its
  // first `strip` bytes (levels inside the walk) or by prefixing `lead` (levels above the walk root).
  size_t strip = 0;
  std::string lead;

  // Reads whichever of .rgignore, .ignore and .gitignore exist in `dir`; `has_git` must be set first
  // when info/exclude is wanted, and `dot_git_is_file` says whether dir/.git is a file.
  void Load(const std::filesystem::path& dir, bool read_rgignore, bool read_ignore, bool read_gitignore,
            bool dot_git_is_file);
  bool empty() const {
    return rgignore.empty() && ignore.empty() && gitignore.empty() && git_exclude.empty();
  }
};

// Reads a gitignore-syntax file; a missing file gives no rules.  Lines whose glob does not parse are
// skipped, as ripgrep skips them (it warns and carries on with the rest of the file).
IgnoreRules ReadIgnoreFile(const std::filesystem::path& path);

// `path` is relative to the walk root; `global` is git's global excludes file, relative to that root.
RuleMatch MatchIgnoreLevels(const IgnoreLevel& level, const IgnoreRules& global, std::string_view path,
                            bool is_dir);

}  // namespace scry
