// The vector scan (query/vector_search.h) and the vectors files it reads (indexer/chunk_vectors.h):
// coarse codes shortlist what an exact scan would find and fine codes score it exactly, version-1 files
// (with or without codes) are still read, and damaged codes are refused.
#include "query/vector_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "indexer/container.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"
#include "util/error.h"
#include "util/file.h"

namespace scry {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kDimension = 16;
const std::string kModel = "test-1";

std::vector<float> RandomUnit(std::mt19937& rng) {
  std::normal_distribution<float> normal;
  std::vector<float> v(kDimension);
  float norm = 0;
  for (float& x : v) {
    x = normal(rng);
    norm += x * x;
  }
  for (float& x : v) x /= std::sqrt(norm);
  return v;
}

constexpr uint64_t kMagic = 0x4345564359524353;

// A version-1 vectors file, as written before version 2: int8 `rows`, then `extra` (kind, bytes) with
// right checksums whatever they hold; without extra, as written before codes were.
void WriteVersion1File(const fs::path& path, uint64_t segment_id, std::string_view rows,
                       const std::vector<std::pair<uint32_t, std::string_view>>& extra = {}) {
  struct {
    uint32_t dimension, chunk_count;
    uint64_t segment_id;
  } header{kDimension, static_cast<uint32_t>(rows.size() / kDimension), segment_id};
  ContainerWriter writer(path, kMagic, 1);
  writer.AddSection(1, std::string_view(reinterpret_cast<const char*>(&header), sizeof(header)));
  writer.AddSection(2, rows);
  for (const auto& [kind, bytes] : extra) writer.AddSection(kind, bytes);
  writer.Finish();
}

// A copy of a version-2 file with section `kind` replaced by `bytes`, checksums right.
void Rewrite(const fs::path& path, uint32_t kind, std::string_view bytes) {
  std::vector<std::pair<uint32_t, std::string>> sections;
  {
    ContainerReader reader(path, kMagic, 2);
    for (const SectionEntry& s : reader.sections())
      sections.emplace_back(s.kind,
                            s.kind == kind ? std::string(bytes) : std::string(reader.Section(s.kind)));
  }
  ContainerWriter writer(path, kMagic, 2);
  for (const auto& [k, b] : sections) writer.AddSection(k, b);
  writer.Finish();
}

// Version 1's 4-bit codes of `rows`: every component on the scale -127..127 in 15 steps.
std::vector<std::pair<uint32_t, std::string>> Version1Codes(std::string_view rows) {
  std::string codes, scales, zeros((rows.size() / kDimension + 7) / 8, '\0');
  for (size_t at = 0; at < rows.size(); at += 2) {
    auto code = [&](size_t i) { return std::lround((static_cast<int8_t>(rows[i]) + 127) * 15 / 254.0); };
    codes.push_back(static_cast<char>(code(at) | code(at + 1) << 4));
  }
  for (uint32_t i = 0; i < kDimension; ++i) {
    ComponentScale scale{-127, 254.0f / 15};
    scales.append(reinterpret_cast<const char*>(&scale), sizeof(scale));
  }
  for (size_t c = 0; c < rows.size() / kDimension; ++c) {
    if (IsZeroRow(rows.substr(c * kDimension, kDimension))) zeros[c / 8] |= static_cast<char>(1 << (c % 8));
  }
  return {{3, codes}, {4, scales}, {5, zeros}};
}

class VectorSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 60 files of 6,000 short lines: 6,000 line windows, more than a shortlist.
    for (int f = 0; f < 60; ++f) {
      std::string name = std::to_string(f) + "-", text;
      for (int line = 0; line < 6000; ++line) {
        text += name;
        text += std::to_string(line);
        text += '\n';
      }
      tree_.Write(name + "lines.txt", text);
    }
    ASSERT_EQ(testing::Scry(tree_.root(), "index --no-embed").status, 0);
    store_ = FindStore(tree_.root(), std::nullopt);
    snapshot_ = OpenSnapshot(store_, kWorktreeSnapshot);
    ASSERT_EQ(snapshot_.segments.size(), 1u);
    chunks_ = static_cast<uint32_t>(snapshot_.segments[0]->all_chunks().size());
    fs::create_directories(VectorsDir(store_.dir));
    ASSERT_GT(chunks_, 5000u);
    std::mt19937 rng(7);
    for (uint32_t c = 0; c < chunks_; ++c) {
      // Every 50th chunk has no known word.
      if (c % 50 == 0) {
        units_.emplace_back(kDimension, 0.0f);
        rows_.append(kDimension, '\0');
      } else {
        units_.push_back(RandomUnit(rng));
        AppendQuantized(units_.back(), &rows_);
      }
    }
  }

  uint64_t SegmentId() const { return snapshot_.manifest->segment_ids()[0]; }
  fs::path VectorsFile() const { return ChunkVectorsPath(store_.dir, SegmentId(), kModel); }

  std::vector<ScoredChunk> Nearest(std::span<const float> query, size_t k, VectorSearchStats* stats) {
    return NearestChunks(snapshot_, store_.dir, kModel, query, k, nullptr, stats);
  }

  // The exact cosines of the unit vectors with `query`, best first.
  std::vector<float> FloatCosines(const std::vector<float>& query) const {
    std::vector<float> cosines;
    for (const std::vector<float>& u : units_) {
      float dot = 0;
      for (uint32_t i = 0; i < kDimension; ++i) dot += u[i] * query[i];
      cosines.push_back(dot);
    }
    return cosines;
  }

  testing::TempTree tree_;
  StoreLocation store_;
  SnapshotView snapshot_;
  uint32_t chunks_ = 0;
  std::vector<std::vector<float>> units_;  // the chunks' unit vectors (zeros: no known word)
  std::string rows_;                       // their int8 forms
};

TEST_F(VectorSearchTest, CoarseCodesShortlistWhatTheExactScanFindsAndTheFineCodesScoreItExactly) {
  std::mt19937 rng(8);
  std::vector<std::vector<float>> queries;
  for (int i = 0; i < 20; ++i) queries.push_back(RandomUnit(rng));
  // The exact scan of every int8 vector: a version-1 file without codes.
  std::vector<std::vector<ScoredChunk>> exact;
  WriteVersion1File(VectorsFile(), SegmentId(), rows_);
  for (const std::vector<float>& q : queries) {
    VectorSearchStats stats;
    exact.push_back(Nearest(q, 10, &stats));
    EXPECT_EQ(stats.read, chunks_);
  }
  WriteChunkVectors(VectorsFile(), SegmentId(), kDimension, rows_);
  ASSERT_EQ(ChunkVectors(VectorsFile(), chunks_).version(), 2u);
  for (size_t i = 0; i < queries.size(); ++i) {
    VectorSearchStats stats;
    std::vector<ScoredChunk> coded = Nearest(queries[i], 10, &stats);
    EXPECT_EQ(stats.chunks, chunks_);
    EXPECT_EQ(stats.read, 4000u);
    ASSERT_EQ(coded.size(), exact[i].size());
    // The int8 ranking, score for score.
    for (size_t r = 0; r < coded.size(); ++r) {
      EXPECT_EQ(coded[r].ref, exact[i][r].ref) << "query " << i << " rank " << r;
      EXPECT_EQ(coded[r].score, exact[i][r].score);
      EXPECT_NE(coded[r].ref.chunk % 50, 0u);  // a vector of zeros is no neighbour
    }
    // And the float ranking up to int8's rounding (at most (‖q‖₁ + ‖u‖₁) × 0.5 / 127 a cosine, about
    // 0.03 here; 0.007 seen): the r-th cosine found is the r-th best.
    std::vector<float> cosines = FloatCosines(queries[i]);
    std::vector<float> best = cosines;
    std::sort(best.begin(), best.end(), std::greater<>());
    for (size_t r = 0; r < coded.size(); ++r) {
      EXPECT_NEAR(cosines[coded[r].ref.chunk], best[r], 0.02f) << "query " << i << " rank " << r;
      EXPECT_NEAR(coded[r].score, cosines[coded[r].ref.chunk], 0.02f);
    }
  }
}

TEST_F(VectorSearchTest, AVersion1FileWithCodesIsShortlistedByThemAndScoredOnItsVectors) {
  WriteVersion1File(VectorsFile(), SegmentId(), rows_);
  std::mt19937 rng(9);
  std::vector<std::vector<float>> queries;
  std::vector<std::vector<ScoredChunk>> exact;
  for (int i = 0; i < 5; ++i) {
    queries.push_back(RandomUnit(rng));
    VectorSearchStats stats;
    exact.push_back(Nearest(queries.back(), 10, &stats));
  }
  std::vector<std::pair<uint32_t, std::string>> codes = Version1Codes(rows_);
  WriteVersion1File(VectorsFile(), SegmentId(), rows_,
                    {{codes[0].first, codes[0].second},
                     {codes[1].first, codes[1].second},
                     {codes[2].first, codes[2].second}});
  ChunkVectors old(VectorsFile(), chunks_);
  EXPECT_EQ(old.version(), 1u);
  EXPECT_TRUE(old.has_codes());
  EXPECT_NO_THROW(old.VerifyAll());
  for (size_t i = 0; i < queries.size(); ++i) {
    VectorSearchStats stats;
    std::vector<ScoredChunk> coded = Nearest(queries[i], 10, &stats);
    EXPECT_EQ(stats.read, 4000u);
    ASSERT_EQ(coded.size(), exact[i].size());
    for (size_t r = 0; r < coded.size(); ++r) EXPECT_EQ(coded[r].ref, exact[i][r].ref) << i << " " << r;
  }
}

TEST_F(VectorSearchTest, AVersion1FileIsReadAndItsVectorsRewrittenAsVersion2AreTheSame) {
  WriteVersion1File(VectorsFile(), SegmentId(), rows_);
  ChunkVectors old(VectorsFile(), chunks_);
  EXPECT_EQ(old.version(), 1u);
  EXPECT_FALSE(old.has_codes());
  EXPECT_NO_THROW(old.VerifyAll());
  EXPECT_EQ(old.Rows(), rows_);
  WriteChunkVectors(VectorsFile(), SegmentId(), kDimension, old.Rows());
  ChunkVectors coded(VectorsFile(), chunks_);
  EXPECT_EQ(coded.version(), 2u);
  EXPECT_TRUE(coded.has_codes());
  EXPECT_TRUE(coded.is_zero(0));
  EXPECT_FALSE(coded.is_zero(1));
  EXPECT_NO_THROW(coded.VerifyAll());
  EXPECT_EQ(coded.Rows(), rows_);
  // Half the bytes of version 1's vectors and codes, a dimension's bytes a chunk.
  EXPECT_LT(fs::file_size(VectorsFile()), size_t{chunks_} * kDimension + 4096);
  // A vector read by pread or through the map is the vector written, zeros included, in both versions.
  std::vector<int8_t> row(kDimension);
  for (uint32_t chunk : {0u, 1u, chunks_ / 2, chunks_ - 1}) {
    const int8_t* written = reinterpret_cast<const int8_t*>(rows_.data()) + size_t{chunk} * kDimension;
    coded.ReadRow(chunk, row.data());
    EXPECT_EQ(std::memcmp(row.data(), written, kDimension), 0) << chunk;
    coded.MappedRow(chunk, row.data());
    EXPECT_EQ(std::memcmp(row.data(), written, kDimension), 0) << chunk;
    old.MappedRow(chunk, row.data());
    EXPECT_EQ(std::memcmp(row.data(), written, kDimension), 0) << chunk;
  }
}

TEST_F(VectorSearchTest, SimilarityOfChunksPickedOneByOneIsTheirInt8Cosine) {
  WriteChunkVectors(VectorsFile(), SegmentId(), kDimension, rows_);
  std::mt19937 rng(10);
  std::vector<float> query = RandomUnit(rng);
  std::string q;
  AppendQuantized(query, &q);
  ChunkSimilarity similarity(snapshot_, store_.dir, kModel, query);
  for (uint32_t chunk : {0u, 1u, 2u, chunks_ / 3, chunks_ - 1}) {
    int32_t dot = 0;
    for (uint32_t i = 0; i < kDimension; ++i)
      dot += int32_t{static_cast<int8_t>(rows_[size_t{chunk} * kDimension + i])} * static_cast<int8_t>(q[i]);
    EXPECT_FLOAT_EQ(similarity.Cosine({0, chunk}), std::clamp(dot / (127.0f * 127.0f), -1.0f, 1.0f)) << chunk;
  }
  EXPECT_EQ(similarity.Cosine({0, 0}), 0);  // no known word
}

TEST(FileReader, ReadsAtAnOffsetAndNamesTheFileWhenItEnds) {
  testing::TempTree tree;
  tree.Write("f", "0123456789");
  FileReader file(tree.root() / "f");
  char out[4];
  file.ReadAt(3, 4, out);
  EXPECT_EQ(std::string_view(out, 4), "3456");
  try {
    file.ReadAt(8, 4, out);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kIo);
    EXPECT_NE(std::string(e.what()).find((tree.root() / "f").string()), std::string::npos) << e.what();
  }
}

TEST_F(VectorSearchTest, DamagedCodesAreRefusedNamingTheFile) {
  auto expect_corrupt = [&](auto&& open_and_use, const std::string& what) {
    try {
      open_and_use();
      ADD_FAILURE() << what << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCorrupt) << what;
      EXPECT_NE(std::string(e.what()).find(VectorsFile().filename().string()), std::string::npos) << e.what();
    }
  };
  std::string coarse, fine, scales, zeros;
  auto write_good = [&] {
    WriteChunkVectors(VectorsFile(), SegmentId(), kDimension, rows_);
    ContainerReader good(VectorsFile(), kMagic, 2);
    coarse = good.Section(2);
    fine = good.Section(3);
    scales = good.Section(4);
    zeros = good.Section(5);
  };
  // Sections of the wrong length: refused on open.
  for (uint32_t kind : {2u, 3u, 4u, 5u}) {
    write_good();
    std::string_view section = kind == 2 ? coarse : kind == 3 ? fine : kind == 4 ? scales : zeros;
    Rewrite(VectorsFile(), kind, section.substr(8));
    expect_corrupt([&] { ChunkVectors(VectorsFile(), chunks_); }, "short section " + std::to_string(kind));
  }
  // A byte changed behind its checksum: found by VerifyAll (`scry check`).
  write_good();
  {
    auto at = static_cast<std::streamoff>(ContainerReader(VectorsFile(), kMagic, 2).sections()[2].offset + 9);
    std::fstream file(VectorsFile(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(at);
    char byte = 0;
    file.read(&byte, 1);
    file.seekp(at);
    file.put(static_cast<char>(byte ^ 0x5a));
  }
  ChunkVectors changed(VectorsFile(), chunks_);
  expect_corrupt([&] { changed.VerifyAll(); }, "checksum");
  // Codes that are not those of the vectors they decode to, checksums right.
  std::vector<std::pair<std::string, std::pair<uint32_t, std::string>>> wrong;
  write_good();
  std::string other = coarse;
  other[1] = static_cast<char>(0x10);  // chunk 0 has no known word: its code is zeros
  wrong.push_back({"a zero vector's coarse code", {2, other}});
  other = fine;
  other[3] = static_cast<char>(0x11);  // chunk 0 has no known word: its code is zeros
  wrong.push_back({"a zero vector's fine code", {3, other}});
  std::string wider = scales;
  ComponentScale scale;
  std::memcpy(&scale, wider.data(), sizeof(scale));
  scale.step *= 1.5f;
  std::memcpy(wider.data(), &scale, sizeof(scale));
  wrong.push_back({"a scale wider than its values", {4, wider}});
  other = zeros;
  other[0] = static_cast<char>(other[0] | 2);  // chunk 1 is not zeros
  wrong.push_back({"zeros marking a vector", {5, other}});
  for (const auto& [what, section] : wrong) {
    write_good();
    Rewrite(VectorsFile(), section.first, section.second);
    ChunkVectors opened(VectorsFile(), chunks_);
    expect_corrupt([&] { opened.VerifyAll(); }, what);
  }
}

}  // namespace
}  // namespace scry
