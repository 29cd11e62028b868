// Which snapshot a `--rev` argument names.
#pragma once

#include <string>

#include "indexer/store.h"

namespace scry {

// `rev` names a snapshot by its name (`worktree`, a copy made by `scry fork`, a full commit id), or
// else a revision of the store's repository (`main`, `v1.2`, `HEAD~3`) whose commit was indexed.
// Empty: the working tree.  Throws scry::Error: kBadInput for a revision git does not know, kNoStore
// for a commit that is not indexed (saying how to index it).
std::string SnapshotForRevision(const StoreLocation& store, const std::string& rev);

}  // namespace scry
