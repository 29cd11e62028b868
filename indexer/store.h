// The store: where an index lives on disk and how its files are named.
//
//   <root>/.git/scry/  inside a git repository (never committed, survives checkouts), else <root>/.scry/
//     catalog.db          SQLite catalog (indexer/catalog.h)
//     LOCK                held by the one writer (flock)
//     segments/<id>.seg   immutable segments (indexer/segment.h)
//     snapshots/<id>.snap immutable snapshot manifests, full or deltas (indexer/manifest.h)
//
// `--store DIR` puts the store anywhere; the indexed root is then read from the catalog.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "indexer/catalog.h"
#include "indexer/manifest.h"
#include "indexer/segment.h"

namespace scry {

struct StoreLocation {
  std::filesystem::path dir;   // the store directory
  std::filesystem::path root;  // the indexed tree, absolute; empty if not known yet
  // The connection to the catalog that FindStore opened to read the root, kept for what reads the
  // catalog next in this command (OpenCatalog): each new connection costs a process a second open
  // and a WAL recovery (indexer/catalog.cc), a tenth of a `scry fork`.  Null from StoreForRoot.  A
  // server, which outlives catalogs that `index --rebuild` replaces, drops it and opens its own.
  std::shared_ptr<Catalog> catalog;
};

// `store.catalog` if FindStore opened one, else a new connection to the store's catalog.
std::shared_ptr<Catalog> OpenCatalog(const StoreLocation& store);

// Where `scry index ROOT` keeps its store.
StoreLocation StoreForRoot(const std::filesystem::path& root,
                           const std::optional<std::filesystem::path>& store);

// The store that serves `cwd`: --store if given, else the nearest enclosing directory with a store.
// Throws scry::Error(kNoStore) suggesting `scry index` when there is none.
StoreLocation FindStore(const std::filesystem::path& cwd, const std::optional<std::filesystem::path>& store);

constexpr const char* kWorktreeSnapshot = "worktree";

std::filesystem::path CatalogPath(const std::filesystem::path& store);
std::filesystem::path SegmentPath(const std::filesystem::path& store, uint64_t id);
std::filesystem::path SnapshotsDir(const std::filesystem::path& store);
std::filesystem::path ManifestPath(const std::filesystem::path& store, uint64_t id);

// Held by the single writer of a store for as long as it lives.
class WriterLock {
 public:
  enum class Wait { kNo, kYes };
  // Throws scry::Error(kBusy) if another process holds it, unless asked to wait for it.
  explicit WriterLock(const std::filesystem::path& store, Wait wait = Wait::kNo);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  int fd_ = -1;
};

// A snapshot opened for reading: its manifest and its segments (in manifest order), pinned for as long
// as this object lives even if a writer publishes and deletes files meanwhile.
struct SnapshotView {
  SnapshotRow row;
  std::unique_ptr<Manifest> manifest;
  std::vector<std::shared_ptr<const Segment>> segments;  // OpenSegment's: shared with other readers
};

// Opens the snapshot `name`.  Throws kNoStore if the store has no such snapshot, kCorrupt if a file is
// damaged.  Retries when a concurrent writer replaced the snapshot between reading the catalog and
// opening its files.
SnapshotView OpenSnapshot(const StoreLocation& store, const std::string& name);

}  // namespace scry
