#include "indexer/chunk_vectors.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "util/error.h"

namespace scry {

namespace {

constexpr uint64_t kMagic = 0x4345564359524353;  // "SCRYCVEC"
constexpr uint32_t kVersion = 1;
enum Section : uint32_t { kHeader = 1, kVectors = 2, kCodes = 3, kScales = 4, kZeros = 5 };

// What sections 3-5 of `rows` hold.
struct CodeSections {
  std::string codes, scales, zeros;
};

CodeSections Encode(std::string_view rows, uint32_t dimension) {
  CodeSections out;
  std::vector<ComponentScale> scales = TrainScales(rows, dimension);
  AppendCodes(scales, rows, &out.codes);
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
  writer.AddSection(kVectors, rows);
  CodeSections codes = Encode(rows, dimension);
  writer.AddSection(kCodes, codes.codes);
  writer.AddSection(kScales, codes.scales);
  writer.AddSection(kZeros, codes.zeros);
  writer.Finish();
}

ChunkVectors::ChunkVectors(const std::filesystem::path& path, uint32_t chunk_count)
    : container_(path, kMagic, kVersion) {
  container_.VerifySection(kHeader);
  auto header = container_.Records<Header>(kHeader);
  std::string_view rows = container_.Section(kVectors);
  if (header.size() != 1 || header[0].dimension == 0 || header[0].chunk_count != chunk_count ||
      rows.size() != static_cast<size_t>(header[0].dimension) * chunk_count) {
    throw Error(ExitCode::kCorrupt, path.string() + ": does not fit its segment");
  }
  dimension_ = header[0].dimension;
  segment_id_ = header[0].segment_id;
  rows_ = {reinterpret_cast<const int8_t*>(rows.data()), rows.size()};
  if (!container_.HasSection(kCodes) || chunk_count == 0) return;
  auto scales = container_.Records<ComponentScale>(kScales);
  std::string_view codes = container_.Section(kCodes), zeros = container_.Section(kZeros);
  if (scales.size() != dimension_ || codes.size() != size_t{CodeBytes(dimension_)} * chunk_count ||
      zeros.size() != (chunk_count + 7) / 8) {
    throw Error(ExitCode::kCorrupt, path.string() + ": its codes do not fit its vectors");
  }
  container_.VerifySection(kScales);
  file_.emplace(path);
  rows_offset_ = static_cast<uint64_t>(rows.data() - container_.file_bytes().data());
  scales_ = scales;
  codes_ = {reinterpret_cast<const uint8_t*>(codes.data()), codes.size()};
  zeros_ = {reinterpret_cast<const uint8_t*>(zeros.data()), zeros.size()};
}

void ChunkVectors::VerifyAll() const {
  for (const SectionEntry& s : container_.sections()) container_.VerifySection(s.kind);
  if (!container_.HasSection(kCodes)) return;
  CodeSections expected = Encode(rows(), dimension_);
  if (expected.codes != container_.Section(kCodes) || expected.scales != container_.Section(kScales) ||
      expected.zeros != container_.Section(kZeros)) {
    throw Error(ExitCode::kCorrupt, container_.path().string() + ": its codes are not its vectors'");
  }
}

}  // namespace scry
