#include "vcs/revision_snapshot.h"

#include "util/error.h"
#include "vcs/repository.h"

namespace scry {

std::string SnapshotForRevision(const StoreLocation& store, const std::string& rev) {
  if (rev.empty()) return kWorktreeSnapshot;
  std::shared_ptr<Catalog> catalog = OpenCatalog(store);
  if (catalog->Snapshot(rev)) return rev;
  std::optional<Repository> repo = Repository::Discover(store.root);
  if (!repo) {
    throw Error(ExitCode::kBadInput, "no snapshot '" + rev + "' in the index at " + store.dir.string() +
                                         ", and " + store.root.string() + " is not a git repository");
  }
  std::string commit = ObjectIdHex(repo->ResolveCommit(rev));
  if (!catalog->Snapshot(commit)) {
    throw Error(ExitCode::kNoStore, "revision '" + rev + "' (commit " + commit.substr(0, 12) +
                                        ") is not indexed: run `scry index --rev " + rev + "`");
  }
  return commit;
}

}  // namespace scry
