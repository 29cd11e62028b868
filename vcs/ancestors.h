// Which indexed commit a new commit's snapshot should fork: the one whose tree is likely nearest.
#pragma once

#include <optional>
#include <vector>

#include "vcs/repository.h"

namespace scry {

// The nearest of the `indexed` commits (newest first) to `commit`: the first met walking `commit`'s
// first parents (the usual case: the previous commit of a branch), else, among the 64 newest, the
// one with the fewest commits between it and `commit` through their merge base (a branch forked
// from an indexed one).  nullopt when none shares history with it.
std::optional<ObjectId> NearestIndexed(const Repository& repo, const ObjectId& commit,
                                       const std::vector<ObjectId>& indexed);

}  // namespace scry
