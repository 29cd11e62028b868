// The semantic side of `scry ask`: the chunks whose vectors are nearest a query's.
//
// A scan of every live chunk in two steps, spread over the cores.  Each chunk's coarse code, the high
// 4 bits of its 8-bit code (indexer/vector_codes.h), gives an estimate of its product with the
// quantised query, and the best estimates (a shortlist of 40 per chunk asked for, at least 4,000) are
// scored exactly on their int8 vectors, which their fine codes, read by pread, complete
// (indexer/chunk_vectors.h).  The coarse codes are half a vector's bytes, and mapping the pages of all
// the Linux kernel's vectors was most of an exact scan's time.  A segment whose vectors file is of
// version 1 without codes is scanned exactly.  An approximate index (HNSW) would need a graph per
// segment, which cannot be merged when segments are.
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
  uint64_t read = 0;              // of those, whose whole vectors were read (after their coarse codes)
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
  std::vector<int8_t> row_;
};

}  // namespace scry
