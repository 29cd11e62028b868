#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "app/human_bytes.h"
#include "app/paths.h"
#include "indexer/compaction.h"
#include "indexer/garbage.h"
#include "indexer/store.h"
#include "indexer/worktree_indexer.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

void PrintCollected(const GarbageReport& report, const fs::path& store) {
  std::printf("removed %llu files (%s); the store holds %s\n", static_cast<unsigned long long>(report.files),
              HumanBytes(report.bytes).c_str(), HumanBytes(StoreBytes(store)).c_str());
}

}  // namespace

// Merges every small segment (two are enough), then collects.
int RunGc(const GcCommand& cmd) {
  StoreLocation store = FindStore(fs::current_path(), cmd.common.store);
  WriterLock lock(store.dir, WriterLock::Wait::kYes);
  Catalog& catalog = *store.catalog;
  CompactionReport merged = CompactSegments(store, catalog, {.min_small = 2, .tiered = false});
  if (merged.segments_merged > 0) {
    std::printf("merged %zu small segments (%llu documents still held) and rewrote %zu manifests\n",
                merged.segments_merged, static_cast<unsigned long long>(merged.docs_copied),
                merged.manifests_rewritten);
  }
  PrintCollected(CollectGarbage(store.dir, catalog), store.dir);
  return 0;
}

// Drops every named snapshot or none: all names are resolved before the first is dropped.
int RunDrop(const DropCommand& cmd) {
  StoreLocation store = FindStore(fs::current_path(), cmd.common.store);
  WriterLock lock(store.dir, WriterLock::Wait::kYes);
  Catalog& catalog = *store.catalog;
  std::vector<std::string> snapshots;
  for (const std::string& name : cmd.names) snapshots.push_back(SnapshotForRevision(store, name));
  for (const std::string& snapshot : snapshots) catalog.DropSnapshot(snapshot);
  PrintCollected(CollectGarbage(store.dir, catalog), store.dir);
  return 0;
}

}  // namespace scry
