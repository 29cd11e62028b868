// Indexing a directory tree as the store's "worktree" snapshot, incrementally.
//
// A run walks the tree (indexer/walk.h), keeps every file whose size and mtime are those of the previous
// snapshot, reads the others, and adds to a new segment only content the store has never seen (documents
// are keyed by git blob id).  It then writes a new manifest and publishes it in one catalog transaction.
// Files that cannot be indexed are skipped and listed with their reason; nothing published before is
// lost, whatever fails or whenever the process is killed.
#pragma once

#include <cstdint>
#include <functional>

#include "indexer/document.h"
#include "indexer/ingest.h"
#include "indexer/store.h"
#include "indexer/walk.h"

namespace scry {

struct IndexOptions {
  WalkOptions walk;
  AnalyzeOptions analyze;
  unsigned threads = 0;  // 0: one per core
  // The snapshot whose files the new one is written as changes to (HEAD's, in a git repository);
  // empty or not indexed: the previous worktree snapshot.
  std::string fork_from;
};

struct IndexSummary {
  uint64_t files = 0;          // in the snapshot
  uint64_t bytes = 0;          // their content
  uint64_t files_read = 0;     // read this run (new or changed)
  uint64_t files_removed = 0;  // in the previous snapshot, gone now
  IngestCounts counts;         // the new documents
  uint64_t skipped = 0;        // left out, with a reason (scry stats --skipped)
  uint64_t symlinks = 0;       // not followed, as rg does by default
  uint64_t store_bytes = 0;    // every file of the store
  double seconds = 0;
};

struct IndexProgress {
  std::function<void(uint64_t files, uint64_t bytes)> walked;    // the work to do is known
  std::function<void(uint64_t files, uint64_t bytes)> advanced;  // some of it is done
};

// Indexes ingest.store().root as the worktree snapshot.  Throws scry::Error(kIo) if it cannot be
// read.
IndexSummary IndexWorktree(Ingest& ingest, const IndexOptions& options, const IndexProgress& progress);

// Total size of the files in the store directory.
uint64_t StoreBytes(const std::filesystem::path& store);

}  // namespace scry
