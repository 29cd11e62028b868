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
//     3 codes:   per chunk, in the same order, its vector's 4-bit code (indexer/vector_codes.h)
//     4 scales:  per component, f32 low | f32 step
//     5 zeros:   ceil(chunk count / 8) bytes: bit c % 8 of byte c / 8 set if chunk c's vector is zeros
// A scan reads sections 3 and 5 to pick the few chunks whose vectors it reads.  Files written before
// sections 3-5 existed are scanned vector by vector, and `scry index` adds them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "indexer/container.h"
#include "indexer/vector_codes.h"
#include "util/file.h"

namespace scry {

std::filesystem::path VectorsDir(const std::filesystem::path& store);
std::filesystem::path ChunkVectorsPath(const std::filesystem::path& store, uint64_t segment_id,
                                       const std::string& model_id);
// The segment and model a file in VectorsDir holds vectors for, if it is a chunk-vectors file.
std::optional<std::pair<uint64_t, std::string>> ChunkVectorsOf(const std::filesystem::path& file);

// Appends a unit vector's int8 form.
void AppendQuantized(std::span<const float> unit, std::string* out);

// Writes `rows` (chunk count × dimension int8) and their codes atomically.
void WriteChunkVectors(const std::filesystem::path& path, uint64_t segment_id, uint32_t dimension,
                       std::string_view rows);

class ChunkVectors {
 public:
  // Throws scry::Error(kCorrupt) naming the file if it is damaged or does not fit `chunk_count`.
  ChunkVectors(const std::filesystem::path& path, uint32_t chunk_count);

  uint32_t dimension() const { return dimension_; }
  uint64_t segment_id() const { return segment_id_; }
  const int8_t* row(uint32_t chunk) const { return rows_.data() + static_cast<size_t>(chunk) * dimension_; }
  std::string_view rows() const { return {reinterpret_cast<const char*>(rows_.data()), rows_.size()}; }
  // A row of a file with codes copied into `out` (dimension() bytes) by pread (util/file.h's
  // FileReader): for the few rows far apart that a scan shortlists.
  void ReadRow(uint32_t chunk, int8_t* out) const {
    file_->ReadAt(rows_offset_ + static_cast<uint64_t>(chunk) * dimension_, dimension_,
                  reinterpret_cast<char*>(out));
  }

  // False for a file written before codes were: then the accessors below must not be called.
  bool has_codes() const { return !zeros_.empty(); }
  std::span<const ComponentScale> scales() const { return scales_; }
  const uint8_t* code(uint32_t chunk) const {
    return codes_.data() + static_cast<size_t>(chunk) * CodeBytes(dimension_);
  }
  bool is_zero(uint32_t chunk) const { return (zeros_[chunk / 8] >> (chunk % 8)) & 1; }

  // Throws scry::Error(kCorrupt) naming the file unless every section matches its checksum and the
  // codes are those of the vectors (`scry check`).
  void VerifyAll() const;

 private:
  ContainerReader container_;
  uint32_t dimension_ = 0;
  uint64_t segment_id_ = 0;
  std::span<const int8_t> rows_;
  std::span<const ComponentScale> scales_;
  std::span<const uint8_t> codes_, zeros_;
  std::optional<FileReader> file_;  // with codes only
  uint64_t rows_offset_ = 0;        // of the vectors section in the file
};

}  // namespace scry
