// Compaction: merging the small segments that per-commit indexing leaves behind.
//
// Each indexed commit adds a segment with the blobs it was first to hold: often a few kilobytes.
// Left alone, a store with a thousand indexed commits has a thousand segments, and every search and
// every indexing run opens them all.  Compaction copies the documents that some snapshot still holds
// out of the small segments into one new segment (documents no snapshot holds are dropped on the
// way), writes new manifests for the snapshots that referred to them — full manifests first, then
// each delta again over its rewritten base — and publishes all of it in one catalog transaction.
// The old files are then garbage.  A reader that opened a snapshot before keeps its files through
// its memory maps; a crash before the transaction leaves only new files that nothing names, which
// the next writer deletes.  The caller holds the writer lock.
#pragma once

#include <cstdint>

#include "indexer/catalog.h"
#include "indexer/store.h"

namespace scry {

struct CompactionPolicy {
  uint64_t small_bytes = 16ull << 20;  // a segment with less content than this is small
  size_t min_small = 16;               // merge when there are at least this many of them
  // Tiered: merge only small segments of about the same size (each at most 4 times the average of
  // the smaller ones), so that a segment merged before is not copied again at every compaction —
  // that made each compaction on Linux slower than the last.  `scry gc` merges them all.
  bool tiered = true;
};

struct CompactionReport {
  size_t segments_merged = 0;
  uint64_t docs_copied = 0;
  size_t manifests_rewritten = 0;
};

CompactionReport CompactSegments(const StoreLocation& store, Catalog& catalog,
                                 const CompactionPolicy& policy);

}  // namespace scry
