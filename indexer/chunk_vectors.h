// One vector per chunk of a segment, for one model: `scry ask`'s semantic side.
//
// Vectors are derived data: a segment's are written after the segment is, by whichever model the store
// uses (indexer/embeddings.h), and can always be computed again.  They live beside the segments:
//
//   <store>/vectors/<segment id>.<model id>.vec   container of indexer/container.h, magic "SCRYCVEC",
//                                                version 2, sections:
//     1 header:  u32 dimension | u32 chunk count | u64 segment id
//     2 coarse:  per chunk of the segment, in its chunk order, the high 4 bits of its vector's 8-bit
//                code (indexer/vector_codes.h)
//     3 fine:    per chunk, in the same order, the low 4 bits of the code
//     4 scales:  per component, f32 low | f32 step
//     5 zeros:   ceil(chunk count / 8) bytes: bit c % 8 of byte c / 8 set if chunk c's vector is zeros
//                (no word the model knows; its code is zeros)
// A scan reads sections 2 and 5 to pick the few chunks whose code it reads whole: their int8 vectors
// (the unit vectors × 127, rounded), given back exactly.
//
// Version 1, written before, is read so that older stores still answer: section 2 held the int8
// vectors, section 3 their 4-bit codes and section 4 those codes' scales (neither in every file),
// section 5 the zeros.  `scry index` rewrites such a file as version 2.
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

// Writes the codes of `rows` (chunk count × dimension int8) atomically, as version 2.
void WriteChunkVectors(const std::filesystem::path& path, uint64_t segment_id, uint32_t dimension,
                       std::string_view rows);

class ChunkVectors {
 public:
  // Throws scry::Error(kCorrupt) naming the file if it is damaged or does not fit `chunk_count`.
  ChunkVectors(const std::filesystem::path& path, uint32_t chunk_count);

  uint32_t dimension() const { return dimension_; }
  uint64_t segment_id() const { return segment_id_; }
  // 1 for a file `scry index` is to rewrite.
  uint32_t version() const { return version_; }

  // Whether a scan can shortlist by coarse codes: false for a version-1 file written before codes
  // were (then legacy_row serves the scan) and for a segment without chunks.
  bool has_codes() const { return !zeros_.empty(); }
  // What a coarse code of each component stands for, as low + step × code.
  std::span<const ComponentScale> coarse_scales() const { return coarse_scales_; }
  // A chunk's coarse code, CodeBytes(dimension()) bytes.
  const uint8_t* coarse(uint32_t chunk) const {
    return coarse_.data() + static_cast<size_t>(chunk) * CodeBytes(dimension_);
  }
  bool is_zero(uint32_t chunk) const { return (zeros_[chunk / 8] >> (chunk % 8)) & 1; }

  // A chunk's int8 vector into `out` (dimension() bytes), read by pread (util/file.h's FileReader):
  // for the few chunks far apart that a scan shortlists.
  void ReadRow(uint32_t chunk, int8_t* out) const;
  // A version-1 file's mapped int8 vector, for a file without codes, scanned vector by vector.
  const int8_t* legacy_row(uint32_t chunk) const {
    return legacy_rows_.data() + static_cast<size_t>(chunk) * dimension_;
  }
  // A chunk's int8 vector into `out` from the mapped file: for many chunks of one segment, such as
  // those of a search's matched files, where a pread each would cost a system call.
  void MappedRow(uint32_t chunk, int8_t* out) const;
  // Every chunk's int8 vector, in chunk order.
  std::string Rows() const;

  // Throws scry::Error(kCorrupt) naming the file unless every section matches its checksum and the
  // codes, scales and zeros are those their vectors give (`scry check`).
  void VerifyAll() const;

 private:
  ContainerReader container_;
  uint32_t version_ = 0;
  uint32_t dimension_ = 0;
  uint64_t segment_id_ = 0;
  std::span<const int8_t> legacy_rows_;  // version 1
  std::span<const ComponentScale> scales_;
  std::vector<ComponentScale> coarse_scales_;
  std::span<const uint8_t> coarse_, zeros_;  // version 2, and version 1 with codes
  std::span<const uint8_t> fine_;            // version 2
  std::optional<FileReader> file_;
  uint64_t read_offset_ = 0;  // of what ReadRow reads: version 1's vectors, version 2's fine codes
};

}  // namespace scry
