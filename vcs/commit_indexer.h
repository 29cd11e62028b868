// Indexing commits: each commit's snapshot is a fork of its nearest indexed ancestor's.
//
// A commit's snapshot is named by its full id.  Indexing commit C finds the nearest commit that has a
// snapshot (walking C's first parents, then trying merge bases with the indexed commits), diffs that
// commit's tree with C's through libgit2, reads from git's objects only the blobs the store has never
// seen, and publishes the ancestor's manifest plus the changes as a delta (indexer/manifest.h).  Work
// follows the size of the diff, not of the tree.  A commit with no indexed ancestor is read whole.
//
// Which files a commit holds follows `git grep -I REV`, not rg's walk of a work tree: every blob of
// the tree, hidden and ignored files included; symbolic links and gitlinks (submodules) are skipped
// and listed; a blob is binary, and skipped, when git says so: a NUL byte in its first 8,000 bytes,
// or a `-diff`/`binary` attribute (and `diff` makes any blob text).  Attributes are read as git grep reads
// them, from the work tree and the index; `linguist-generated` and `linguist-vendored` lower a file in
// ranking.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "indexer/document.h"
#include "indexer/ingest.h"
#include "vcs/repository.h"

namespace scry {

struct CommitToIndex {
  ObjectId commit;
  std::string revision;  // as the user named it: recorded with the snapshot
};

struct CommitSummary {
  std::string commit;            // hex id: the snapshot's name
  std::string parent;            // the snapshot forked, or empty when the commit was read whole
  bool already_indexed = false;  // nothing was done
  uint64_t files = 0;            // in the snapshot
  uint64_t bytes = 0;
  uint64_t changed = 0;     // paths added, changed or removed relative to the parent
  uint64_t blobs_read = 0;  // read from git's objects: content the store had not seen
  uint64_t skipped = 0;     // binary files and submodules left out
  IngestCounts counts;      // the new documents
  double seconds = 0;
};

struct CommitIndexOptions {
  AnalyzeOptions analyze;
  unsigned threads = 0;  // 0: one per core
};

// Reports each commit as it is published.
using CommitProgress = std::function<void(const CommitSummary&)>;

// Indexes the commits in order, each published as soon as it is done.
// Throws scry::Error: kIo when git's objects cannot be read.
void IndexCommits(Ingest& ingest, const Repository& repo, const std::vector<CommitToIndex>& commits,
                  const CommitIndexOptions& options, const CommitProgress& progress);

}  // namespace scry
