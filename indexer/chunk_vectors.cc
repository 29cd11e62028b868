#include "indexer/chunk_vectors.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "util/error.h"

namespace scry {

namespace {

constexpr uint64_t kMagic = 0x4345564359524353;  // "SCRYCVEC"
constexpr uint32_t kVersion = 2;
constexpr uint32_t kOldestVersion = 1;
enum Section : uint32_t { kHeader = 1, kCoarse = 2, kFine = 3, kScales = 4, kZeros = 5 };
// Version 1's sections 2 and 3; 1, 4 (its codes' scales) and 5 are as in version 2.
enum OldSection : uint32_t { kOldVectors = 2, kOldCodes = 3 };

// What sections 2-5 of `rows` hold.
struct CodeSections {
  std::string coarse, fine, scales, zeros;
};

CodeSections Encode(std::string_view rows, uint32_t dimension) {
  CodeSections out;
  std::vector<ComponentScale> scales = TrainScales(rows, dimension);
  AppendCodes(scales, rows, &out.coarse, &out.fine);
  out.scales.assign(reinterpret_cast<const char*>(scales.data()), scales.size() * sizeof(ComponentScale));
  size_t count = rows.size() / dimension;
  out.zeros.assign((count + 7) / 8, '\0');
  for (size_t c = 0; c < count; ++c) {
    if (IsZeroRow(rows.substr(c * dimension, dimension)))
      out.zeros[c / 8] = static_cast<char>(out.zeros[c / 8] | (1 << (c % 8)));
  }
  return out;
}

struct Header {
  uint32_t dimension;
  uint32_t chunk_count;
  uint64_t segment_id;
};

}  // namespace

std::filesystem::path VectorsDir(const std::filesystem::path& store) { return store / "vectors"; }

std::filesystem::path ChunkVectorsPath(const std::filesystem::path& store, uint64_t segment_id,
                                       const std::string& model_id) {
  return VectorsDir(store) / (std::to_string(segment_id) + "." + model_id + ".vec");
}

std::optional<std::pair<uint64_t, std::string>> ChunkVectorsOf(const std::filesystem::path& file) {
  if (file.extension() != ".vec") return std::nullopt;
  std::string stem = file.stem().string();
  size_t dot = stem.find('.');
  uint64_t id = 0;
  if (dot == std::string::npos ||
      std::from_chars(stem.data(), stem.data() + dot, id).ptr != stem.data() + dot) {
    return std::nullopt;
  }
  return std::make_pair(id, stem.substr(dot + 1));
}

void AppendQuantized(std::span<const float> unit, std::string* out) {
  for (float x : unit) out->push_back(static_cast<char>(static_cast<int8_t>(std::lround(x * 127.0f))));
}

void WriteChunkVectors(const std::filesystem::path& path, uint64_t segment_id, uint32_t dimension,
                       std::string_view rows) {
  std::filesystem::create_directories(path.parent_path());
  ContainerWriter writer(path, kMagic, kVersion);
  Header header{dimension, static_cast<uint32_t>(rows.size() / dimension), segment_id};
  writer.AddSection(kHeader, std::string_view(reinterpret_cast<const char*>(&header), sizeof(header)));
  CodeSections codes = Encode(rows, dimension);
  writer.AddSection(kCoarse, codes.coarse);
  writer.AddSection(kFine, codes.fine);
  writer.AddSection(kScales, codes.scales);
  writer.AddSection(kZeros, codes.zeros);
  writer.Finish();
}

ChunkVectors::ChunkVectors(const std::filesystem::path& path, uint32_t chunk_count)
    : container_(path, kMagic, kOldestVersion, kVersion), version_(container_.version()) {
  container_.VerifySection(kHeader);
  auto header = container_.Records<Header>(kHeader);
  if (header.size() != 1 || header[0].dimension == 0 || header[0].chunk_count != chunk_count) {
    throw Error(ExitCode::kCorrupt, path.string() + ": does not fit its segment");
  }
  dimension_ = header[0].dimension;
  segment_id_ = header[0].segment_id;
  const size_t code_bytes = size_t{CodeBytes(dimension_)} * chunk_count;
  std::string_view read_section;  // what ReadRow reads
  if (version_ == 1) {
    read_section = container_.Section(kOldVectors);
    if (read_section.size() != size_t{dimension_} * chunk_count) {
      throw Error(ExitCode::kCorrupt, path.string() + ": does not fit its segment");
    }
    legacy_rows_ = {reinterpret_cast<const int8_t*>(read_section.data()), read_section.size()};
    if (container_.HasSection(kOldCodes) && chunk_count > 0) {
      auto scales = container_.Records<ComponentScale>(kScales);
      std::string_view codes = container_.Section(kOldCodes), zeros = container_.Section(kZeros);
      if (scales.size() != dimension_ || codes.size() != code_bytes ||
          zeros.size() != (chunk_count + 7) / 8) {
        throw Error(ExitCode::kCorrupt, path.string() + ": its codes do not fit its vectors");
      }
      container_.VerifySection(kScales);
      coarse_scales_.assign(scales.begin(), scales.end());  // a 4-bit code c stands for low + step × c
      coarse_ = {reinterpret_cast<const uint8_t*>(codes.data()), codes.size()};
      zeros_ = {reinterpret_cast<const uint8_t*>(zeros.data()), zeros.size()};
    }
  } else {
    auto scales = container_.Records<ComponentScale>(kScales);
    std::string_view coarse = container_.Section(kCoarse), zeros = container_.Section(kZeros);
    read_section = container_.Section(kFine);
    if (scales.size() != dimension_ || coarse.size() != code_bytes || read_section.size() != code_bytes ||
        zeros.size() != (chunk_count + 7) / 8) {
      throw Error(ExitCode::kCorrupt, path.string() + ": does not fit its segment");
    }
    container_.VerifySection(kScales);
    scales_ = scales;
    coarse_scales_ = CoarseScales(scales);
    coarse_ = {reinterpret_cast<const uint8_t*>(coarse.data()), coarse.size()};
    fine_ = {reinterpret_cast<const uint8_t*>(read_section.data()), read_section.size()};
    zeros_ = {reinterpret_cast<const uint8_t*>(zeros.data()), zeros.size()};
  }
  if (chunk_count == 0) return;
  file_.emplace(path);
  read_offset_ = static_cast<uint64_t>(read_section.data() - container_.file_bytes().data());
}

void ChunkVectors::ReadRow(uint32_t chunk, int8_t* out) const {
  if (version_ == 1) {
    file_->ReadAt(read_offset_ + static_cast<uint64_t>(chunk) * dimension_, dimension_,
                  reinterpret_cast<char*>(out));
    return;
  }
  if (is_zero(chunk)) {
    std::memset(out, 0, dimension_);
    return;
  }
  const uint32_t bytes = CodeBytes(dimension_);
  std::vector<uint8_t> fine(bytes);
  file_->ReadAt(read_offset_ + static_cast<uint64_t>(chunk) * bytes, bytes,
                reinterpret_cast<char*>(fine.data()));
  DecodeRow(scales_, coarse(chunk), fine.data(), out);
}

void ChunkVectors::MappedRow(uint32_t chunk, int8_t* out) const {
  if (version_ == 1) {
    std::memcpy(out, legacy_row(chunk), dimension_);
  } else if (is_zero(chunk)) {
    std::memset(out, 0, dimension_);
  } else {
    DecodeRow(scales_, coarse(chunk), fine_.data() + size_t{chunk} * CodeBytes(dimension_), out);
  }
}

std::string ChunkVectors::Rows() const {
  if (version_ == 1) return {reinterpret_cast<const char*>(legacy_rows_.data()), legacy_rows_.size()};
  const auto count = static_cast<uint32_t>(coarse_.size() / CodeBytes(dimension_));
  std::string rows(size_t{count} * dimension_, '\0');
  for (uint32_t c = 0; c < count; ++c)
    MappedRow(c, reinterpret_cast<int8_t*>(rows.data() + size_t{c} * dimension_));
  return rows;
}

void ChunkVectors::VerifyAll() const {
  for (const SectionEntry& s : container_.sections()) container_.VerifySection(s.kind);
  // A version-1 file's codes are rewritten by the next `scry index`, not checked.
  if (version_ == 1) return;
  CodeSections expected = Encode(Rows(), dimension_);
  if (expected.coarse != container_.Section(kCoarse) || expected.fine != container_.Section(kFine) ||
      expected.scales != container_.Section(kScales) || expected.zeros != container_.Section(kZeros)) {
    throw Error(ExitCode::kCorrupt,
                container_.path().string() + ": its codes are not those of their vectors");
  }
}

}  // namespace scry
