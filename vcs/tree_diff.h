// What changes between two commits' trees, as `git diff-tree -r` reports it (without rename detection).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vcs/repository.h"

namespace scry {

struct TreeChange {
  std::string path;
  bool removed = false;  // else added or changed to `blob` with `mode`
  ObjectId blob{};
  uint32_t mode = 0;  // git's file mode: 0100644, 0100755, 0120000 (symlink), 0160000 (submodule)
};

constexpr uint32_t kSymlinkMode = 0120000;
constexpr uint32_t kGitlinkMode = 0160000;

// The changes that turn the tree of `from` (nullopt: the empty tree) into the tree of `to`.  A path
// whose type changed (file to symlink) is one change, not a removal and an addition.
std::vector<TreeChange> DiffCommits(const Repository& repo, const std::optional<ObjectId>& from,
                                    const ObjectId& to);

}  // namespace scry
