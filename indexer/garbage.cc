#include "indexer/garbage.h"

#include <set>

#include "indexer/chunk_vectors.h"
#include "indexer/manifest.h"
#include "indexer/segment.h"
#include "indexer/store.h"

namespace scry {

namespace fs = std::filesystem;

GarbageReport CollectGarbage(const fs::path& store, Catalog& catalog) {
  std::set<fs::path> keep;
  std::set<uint64_t> segments;
  for (const SnapshotRow& row : catalog.Snapshots()) {
    if (!keep.insert(ManifestPath(store, row.manifest)).second) continue;  // forks share manifests
    Manifest manifest(SnapshotsDir(store), row.manifest);
    if (manifest.base()) keep.insert(ManifestPath(store, manifest.base()->id()));
    segments.insert(manifest.segment_ids().begin(), manifest.segment_ids().end());
  }
  // A segment holding the base of a delta some kept segment holds is kept, and so on.
  std::vector<uint64_t> unread(segments.begin(), segments.end());
  while (!unread.empty()) {
    uint64_t id = unread.back();
    unread.pop_back();
    for (uint64_t base : BaseSegmentIdsOf(SegmentPath(store, id))) {
      if (segments.insert(base).second) unread.push_back(base);
    }
  }
  std::vector<uint64_t> dropped;
  for (const SegmentRow& s : catalog.Segments()) {
    if (segments.contains(s.id)) {
      keep.insert(SegmentPath(store, s.id));
    } else {
      dropped.push_back(s.id);
    }
  }
  if (!dropped.empty()) catalog.DropSegments(dropped);
  GarbageReport report;
  for (const char* sub : {"segments", "snapshots", "vectors"}) {
    if (!fs::is_directory(store / sub)) continue;
    for (const fs::directory_entry& e : fs::directory_iterator(store / sub)) {
      if (keep.contains(e.path())) continue;
      // In vectors/ only a dropped segment's vectors go (indexer/embeddings.cc owns the models).
      if (sub == std::string_view("vectors")) {
        auto of = ChunkVectorsOf(e.path());
        if (!of || segments.contains(of->first)) continue;
      }
      std::error_code ec;
      uint64_t size = e.file_size(ec);
      if (fs::remove(e.path(), ec)) {
        report.files++;
        report.bytes += ec ? 0 : size;
      }
    }
  }
  return report;
}

}  // namespace scry
