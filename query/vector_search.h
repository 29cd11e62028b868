// The semantic side of `scry ask`: the chunks whose vectors are nearest a query's.
//
// An exact scan: every live chunk's int8 vector (indexer/chunk_vectors.h) is dotted with the
// quantised query, spread over the cores.  At 64 bytes a chunk the Linux kernel's 2.4 million chunks
// are 150 MB, a scan of tens of milliseconds; an approximate index (HNSW) would trade exactness and
// a graph per segment, which cannot be merged when segments are, for time we have not needed yet.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "indexer/chunk_vectors.h"
#include "indexer/store.h"

namespace scry {

// A chunk of the snapshot: segment index in the manifest, chunk index in the segment.
struct ChunkRef {
  uint32_t segment = 0;
  uint32_t chunk = 0;
  bool operator==(const ChunkRef&) const = default;
};

struct ScoredChunk {
  ChunkRef ref;
  float score = 0;  // cosine similarity, -1 to 1
};

struct VectorSearchStats {
  uint64_t chunks = 0;            // scanned
  uint32_t segments_without = 0;  // live segments with no vectors for the model
};

// The `k` live chunks nearest the unit vector `query`, best first.  `include_doc(segment, doc)`, if
// set, leaves out the documents it rejects (path filters).
std::vector<ScoredChunk> NearestChunks(const SnapshotView& snapshot, const std::filesystem::path& store,
                                       const std::string& model_id, std::span<const float> query, size_t k,
                                       const std::function<bool(uint32_t, uint32_t)>& include_doc,
                                       VectorSearchStats* stats);

// The cosine between a query and chunks picked one by one (`scry search --hybrid`): each segment's
// vectors are opened the first time one of its chunks is asked for.
class ChunkSimilarity {
 public:
  ChunkSimilarity(const SnapshotView& snapshot, std::filesystem::path store, std::string model_id,
                  std::span<const float> query);

  // 0 for a chunk with no vector: its segment has none for the model, or it has no word the model knows.
  float Cosine(const ChunkRef& ref);

 private:
  const SnapshotView& snapshot_;
  std::filesystem::path store_;
  std::string model_id_;
  std::string quantized_;  // the query's int8 form
  std::vector<std::unique_ptr<ChunkVectors>> vectors_;
  std::vector<bool> opened_;
};

}  // namespace scry
