// One vector per chunk of a segment, for one model: `scry ask`'s semantic side.
//
// Vectors are derived data: a segment's are written after the segment is, by whichever model the store
// uses (indexer/embeddings.h), and can always be computed again.  They live beside the segments:
//
//   <store>/vectors/<segment id>.<model id>.vec   container of indexer/container.h, magic "SCRYCVEC",
//                                                version 1, sections:
//     1 header:  u32 dimension | u32 chunk count | u64 segment id
//     2 vectors: per chunk of the segment, in its chunk order, `dimension` int8 components (the unit
//                vector × 127, rounded); all zeros for a chunk with nothing to embed
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "indexer/container.h"

namespace scry {

std::filesystem::path VectorsDir(const std::filesystem::path& store);
std::filesystem::path ChunkVectorsPath(const std::filesystem::path& store, uint64_t segment_id,
                                       const std::string& model_id);
// The segment and model a file in VectorsDir holds vectors for, if it is a chunk-vectors file.
std::optional<std::pair<uint64_t, std::string>> ChunkVectorsOf(const std::filesystem::path& file);

// Appends a unit vector's int8 form.
void AppendQuantized(std::span<const float> unit, std::string* out);

// Writes `rows` (chunk count × dimension int8) atomically.
void WriteChunkVectors(const std::filesystem::path& path, uint64_t segment_id, uint32_t dimension,
                       std::string_view rows);

class ChunkVectors {
 public:
  // Throws scry::Error(kCorrupt) naming the file if it is damaged or does not fit `chunk_count`.
  ChunkVectors(const std::filesystem::path& path, uint32_t chunk_count);

  uint32_t dimension() const { return dimension_; }
  const int8_t* row(uint32_t chunk) const { return rows_.data() + static_cast<size_t>(chunk) * dimension_; }

 private:
  ContainerReader container_;
  uint32_t dimension_ = 0;
  std::span<const int8_t> rows_;
};

}  // namespace scry
