#include <cstdio>
#include <filesystem>
#include <vector>

#include "app/commands.h"
#include "app/paths.h"
#include "indexer/store.h"
#include "util/error.h"

namespace scry {

// Verifies every checksum of every published file, decoding every block and posting list; the first
// damage found is thrown as kCorrupt naming the file.
int RunCheck(const CheckCommand& cmd) {
  namespace fs = std::filesystem;
  StoreLocation store = FindStore(fs::current_path(), cmd.common.store);
  Catalog catalog(CatalogPath(store.dir), false);
  catalog.Verify();
  uint64_t segments = 0, snapshots = 0;
  for (const SegmentRow& row : catalog.Segments()) {
    fs::path path = SegmentPath(store.dir, row.id);
    if (!fs::exists(path)) throw Error(ExitCode::kCorrupt, path.string() + ": missing");
    Segment(path).VerifyAll();
    ++segments;
  }
  for (const SnapshotRow& row : catalog.Snapshots()) {
    fs::path path = ManifestPath(store.dir, row.manifest);
    if (!fs::exists(path)) throw Error(ExitCode::kCorrupt, path.string() + ": missing");
    Manifest manifest(SnapshotsDir(store.dir), row.manifest);
    manifest.VerifyAll();
    std::vector<uint32_t> doc_counts;
    for (uint64_t id : manifest.segment_ids()) {
      if (!fs::exists(SegmentPath(store.dir, id))) {
        throw Error(ExitCode::kCorrupt, path.string() + ": refers to missing segment " + std::to_string(id));
      }
      doc_counts.push_back(Segment(SegmentPath(store.dir, id)).doc_count());
    }
    for (uint32_t h : manifest.InPathOrder()) {
      if (manifest.entry(h).doc >= doc_counts[manifest.entry(h).segment]) {
        throw Error(ExitCode::kCorrupt, path.string() + ": " + std::string(manifest.path(h)) +
                                            " refers to a document its segment does not have");
      }
    }
    ++snapshots;
  }
  std::printf("ok: catalog, %llu segments, %llu snapshots verified\n",
              static_cast<unsigned long long>(segments), static_cast<unsigned long long>(snapshots));
  return 0;
}

}  // namespace scry
