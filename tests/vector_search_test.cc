// The vector scan (query/vector_search.h) and the vectors files it reads (indexer/chunk_vectors.h):
// codes shortlist what an exact scan would find, files written before codes are scanned exactly, and
// damaged codes are refused.
#include "query/vector_search.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
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

// A vectors file of sections 1 and 2, then `extra` (kind, bytes) with right checksums whatever they
// hold; without extra, as written before codes were.
void WriteVectorsFile(const fs::path& path, uint64_t segment_id, std::string_view rows,
                      const std::vector<std::pair<uint32_t, std::string_view>>& extra = {}) {
  struct {
    uint32_t dimension, chunk_count;
    uint64_t segment_id;
  } header{kDimension, static_cast<uint32_t>(rows.size() / kDimension), segment_id};
  ContainerWriter writer(path, 0x4345564359524353, 1);
  writer.AddSection(1, std::string_view(reinterpret_cast<const char*>(&header), sizeof(header)));
  writer.AddSection(2, rows);
  for (const auto& [kind, bytes] : extra) writer.AddSection(kind, bytes);
  writer.Finish();
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
        rows_.append(kDimension, '\0');
      } else {
        AppendQuantized(RandomUnit(rng), &rows_);
      }
    }
  }

  fs::path VectorsFile() const {
    return ChunkVectorsPath(store_.dir, snapshot_.manifest->segment_ids()[0], kModel);
  }

  std::vector<ScoredChunk> Nearest(std::span<const float> query, size_t k, VectorSearchStats* stats) {
    return NearestChunks(snapshot_, store_.dir, kModel, query, k, nullptr, stats);
  }

  testing::TempTree tree_;
  StoreLocation store_;
  SnapshotView snapshot_;
  uint32_t chunks_ = 0;
  std::string rows_;
};

TEST_F(VectorSearchTest, CodesFindWhatTheExactScanFinds) {
  std::mt19937 rng(8);
  std::vector<std::vector<float>> queries;
  for (int i = 0; i < 20; ++i) queries.push_back(RandomUnit(rng));
  std::vector<std::vector<ScoredChunk>> exact;
  WriteVectorsFile(VectorsFile(), snapshot_.manifest->segment_ids()[0], rows_);
  for (const std::vector<float>& q : queries) {
    VectorSearchStats stats;
    exact.push_back(Nearest(q, 10, &stats));
    EXPECT_EQ(stats.read, chunks_);
  }
  WriteChunkVectors(VectorsFile(), snapshot_.manifest->segment_ids()[0], kDimension, rows_);
  for (size_t i = 0; i < queries.size(); ++i) {
    VectorSearchStats stats;
    std::vector<ScoredChunk> coded = Nearest(queries[i], 10, &stats);
    EXPECT_EQ(stats.chunks, chunks_);
    EXPECT_EQ(stats.read, 4000u);
    ASSERT_EQ(coded.size(), exact[i].size());
    for (size_t r = 0; r < coded.size(); ++r) {
      EXPECT_EQ(coded[r].ref, exact[i][r].ref) << "query " << i << " rank " << r;
      EXPECT_EQ(coded[r].score, exact[i][r].score);
      EXPECT_NE(coded[r].ref.chunk % 50, 0u);  // a vector of zeros is no neighbour
    }
  }
}

TEST_F(VectorSearchTest, AFileWithoutCodesOpensAndIsScannedExactly) {
  WriteVectorsFile(VectorsFile(), snapshot_.manifest->segment_ids()[0], rows_);
  ChunkVectors old(VectorsFile(), chunks_);
  EXPECT_FALSE(old.has_codes());
  EXPECT_NO_THROW(old.VerifyAll());
  WriteChunkVectors(VectorsFile(), snapshot_.manifest->segment_ids()[0], kDimension, rows_);
  ChunkVectors coded(VectorsFile(), chunks_);
  EXPECT_TRUE(coded.has_codes());
  EXPECT_TRUE(coded.is_zero(0));
  EXPECT_FALSE(coded.is_zero(1));
  EXPECT_NO_THROW(coded.VerifyAll());
  EXPECT_EQ(coded.rows(), old.rows());
  // A row read from the file is the mapped one.
  std::vector<int8_t> row(kDimension);
  for (uint32_t chunk : {1u, chunks_ / 2, chunks_ - 1}) {
    coded.ReadRow(chunk, row.data());
    EXPECT_EQ(std::memcmp(row.data(), coded.row(chunk), kDimension), 0) << chunk;
  }
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
  uint64_t id = snapshot_.manifest->segment_ids()[0];
  WriteChunkVectors(VectorsFile(), id, kDimension, rows_);
  std::string codes, scales, zeros;
  {
    ContainerReader good(VectorsFile(), 0x4345564359524353, 1);
    codes = good.Section(3);
    scales = good.Section(4);
    zeros = good.Section(5);
  }
  auto expect_corrupt = [&](auto&& open_and_use, const std::string& what) {
    try {
      open_and_use();
      ADD_FAILURE() << what << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCorrupt) << what;
      EXPECT_NE(std::string(e.what()).find(VectorsFile().filename().string()), std::string::npos) << e.what();
    }
  };
  // Codes of the wrong length: refused on open.
  WriteVectorsFile(VectorsFile(), id, rows_, {{3, codes.substr(1)}, {4, scales}, {5, zeros}});
  expect_corrupt([&] { ChunkVectors(VectorsFile(), chunks_); }, "short codes");
  WriteVectorsFile(VectorsFile(), id, rows_, {{3, codes}, {4, scales.substr(8)}, {5, zeros}});
  expect_corrupt([&] { ChunkVectors(VectorsFile(), chunks_); }, "short scales");
  // Codes that are not the vectors': found by VerifyAll (`scry check`).
  std::string other = codes;
  other[5] = static_cast<char>(other[5] ^ 0x11);
  WriteVectorsFile(VectorsFile(), id, rows_, {{3, other}, {4, scales}, {5, zeros}});
  ChunkVectors wrong(VectorsFile(), chunks_);
  expect_corrupt([&] { wrong.VerifyAll(); }, "wrong codes");
  std::string no_zeros(zeros.size(), '\0');
  WriteVectorsFile(VectorsFile(), id, rows_, {{3, codes}, {4, scales}, {5, no_zeros}});
  ChunkVectors unmarked(VectorsFile(), chunks_);
  expect_corrupt([&] { unmarked.VerifyAll(); }, "zeros not marked");
}

}  // namespace
}  // namespace scry
