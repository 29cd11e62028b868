#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/paths.h"
#include "indexer/chunk_vectors.h"
#include "indexer/embeddings.h"
#include "indexer/store.h"
#include "util/error.h"

namespace scry {

// Verifies every checksum of every published file, decoding every block and posting list, and the
// current model's chunk vectors with their codes; the first damage found is thrown as kCorrupt naming
// the file.
int RunCheck(const CheckCommand& cmd) {
  namespace fs = std::filesystem;
  StoreLocation store = FindStore(fs::current_path(), cmd.common.store);
  Catalog& catalog = *store.catalog;
  catalog.Verify();
  uint64_t segments = 0, snapshots = 0, vector_files = 0;
  std::optional<std::string> model = CurrentModel(store.dir);
  for (const SegmentRow& row : catalog.Segments()) {
    fs::path path = SegmentPath(store.dir, row.id);
    if (!fs::exists(path)) throw Error(ExitCode::kCorrupt, path.string() + ": missing");
    Segment segment(path);
    segment.VerifyAll();
    ++segments;
    // Vectors are derived data: a segment may have none yet, but those it has must be sound.
    fs::path vectors = model ? ChunkVectorsPath(store.dir, row.id, *model) : fs::path();
    if (model && fs::exists(vectors)) {
      ChunkVectors(vectors, static_cast<uint32_t>(segment.all_chunks().size())).VerifyAll();
      ++vector_files;
    }
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
  std::printf("ok: catalog, %llu segments, %llu snapshots, %llu vector files verified\n",
              static_cast<unsigned long long>(segments), static_cast<unsigned long long>(snapshots),
              static_cast<unsigned long long>(vector_files));
  return 0;
}

}  // namespace scry
