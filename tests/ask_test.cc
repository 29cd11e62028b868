// `scry ask` and `scry eval` end to end: the word-vector model trained at index time, chunk vectors
// per segment, lexical + semantic retrieval fused, and their errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "indexer/chunk_vectors.h"
#include "indexer/word_vectors.h"
#include "tests/testlib/errors.h"
#include "tests/testlib/run.h"
#include "tests/testlib/topic_project.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

namespace fs = std::filesystem;

class AskTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new testing::TempTree();
    testing::WriteTopicProject(*tree_);
    index_ = new testing::RunResult(testing::Scry(tree_->root(), "index"));
  }
  static void TearDownTestSuite() {
    delete index_;
    delete tree_;
  }
  static fs::path Vectors() { return tree_->root() / ".scry" / "vectors"; }

  static testing::TempTree* tree_;
  static testing::RunResult* index_;
};
testing::TempTree* AskTest::tree_ = nullptr;
testing::RunResult* AskTest::index_ = nullptr;

TEST_F(AskTest, IndexTrainsAModelAndEmbedsEveryChunk) {
  ASSERT_EQ(index_->status, 0) << index_->err;
  EXPECT_NE(index_->out.find("trained word vectors ft-1"), std::string::npos) << index_->out;
  EXPECT_NE(index_->out.find("embedded "), std::string::npos) << index_->out;
  EXPECT_EQ(testing::RunCommand("cat " + (Vectors() / "MODEL").string()), "ft-1\n");
  WordVectors model(Vectors() / "ft-1.words");
  EXPECT_EQ(model.dimension(), 64u);
  ASSERT_GE(model.Find("backoff"), 0);
  EXPECT_EQ(model.Find("nonexistentword"), -1);
  // Words of one topic are nearer each other than words of another.
  auto cosine = [&](const char* a, const char* b) {
    std::vector<float> va = model.Embed(a), vb = model.Embed(b);
    float dot = 0;
    for (size_t i = 0; i < va.size(); ++i) dot += va[i] * vb[i];
    return dot;
  };
  EXPECT_GT(cosine("retry", "backoff"), cosine("retry", "gzip"));
  EXPECT_GT(cosine("cache", "evict"), cosine("cache", "password"));
  std::vector<float> empty = model.Embed("!!! 123");
  EXPECT_TRUE(std::all_of(empty.begin(), empty.end(), [](float x) { return x == 0; }));
}

TEST_F(AskTest, AskFindsTheDefinitionAndShowsItsSignals) {
  testing::RunResult r = testing::Scry(tree_->root(), "ask --json -k 5 'sleeps exponentially longer'");
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<nlohmann::json> hits;
  for (const std::string& line : testing::SortedLines(r.out)) hits.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(hits.size(), 1u);  // no other chunk has these words; the model knows none of them
  bool found = false;
  for (const nlohmann::json& h : hits) {
    for (const char* key : {"path", "start_line", "end_line", "symbol", "kind", "score", "signals"}) {
      EXPECT_TRUE(h.contains(key)) << key;
    }
    if (h["symbol"] == "jitteredPause") {
      found = true;
      EXPECT_EQ(h["path"], "src/sleep.go");
      EXPECT_EQ(h["start_line"], 2);
      EXPECT_EQ(h["signals"]["lexical_rank"], 1);
      EXPECT_LE(h["signals"]["cosine"].get<double>(), 1.0);
    }
  }
  EXPECT_TRUE(found) << r.out;
}

TEST_F(AskTest, LexicalAndHybridRankTheAnswerFirst) {
  for (const char* mode : {"lexical", "hybrid"}) {
    testing::RunResult r =
        testing::Scry(tree_->root(), std::string("ask -k 3 --mode ") + mode + " 'sleeps exponentially'");
    ASSERT_EQ(r.status, 0) << mode << r.err;
    EXPECT_TRUE(r.out.starts_with("src/sleep.go:2-7  jitteredPause")) << mode << "\n" << r.out;
  }
}

TEST_F(AskTest, SemanticFindsTheTopicWithoutItsWords) {
  // "jitter" and "backoff" are retry words: the nearest chunks are the retry files' (f0, f5, ...).
  testing::RunResult r = testing::Scry(tree_->root(), "ask --json -k 10 --mode semantic 'jitter backoff'");
  ASSERT_EQ(r.status, 0) << r.err;
  size_t hits = 0;
  for (const std::string& line : testing::SortedLines(r.out)) {
    nlohmann::json h = nlohmann::json::parse(line);
    std::string path = h["path"];
    ++hits;
    if (path == "src/sleep.go") continue;
    int file = std::stoi(path.substr(5));
    EXPECT_EQ(file % 5, 0) << line;
    EXPECT_EQ(h["signals"]["lexical_rank"], 0);
  }
  EXPECT_EQ(hits, 10u);
}

TEST_F(AskTest, EvalPrintsRecallAndMrrPerMode) {
  tree_->Write("gold.jsonl",
               "{\"query\": \"sleeps exponentially longer\", \"targets\": [{\"path\": "
               "\"src/sleep.go\", \"line\": 5}], \"shares_name_word\": false}\n\n");
  testing::RunResult r = testing::Scry(tree_->root(), "eval --json gold.jsonl");
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  for (const char* mode : {"lexical", "semantic", "hybrid"}) {
    ASSERT_TRUE(j.contains(mode)) << r.out;
    EXPECT_EQ(j[mode]["all"]["queries"], 1);
    EXPECT_EQ(j[mode]["no-shared-word"]["queries"], 1);
  }
  EXPECT_EQ(j["lexical"]["all"]["recall@1"], 1.0);
  EXPECT_EQ(j["hybrid"]["all"]["mrr"], 1.0);
}

TEST_F(AskTest, ReindexingEmbedsOnlyNewSegmentsAndRetrainOnRequest) {
  tree_->Write("src/new.go",
               "package p\n\n// evictOldest drops the least recently used entry.\nfunc evictOldest() {}\n");
  testing::RunResult again = testing::Scry(tree_->root(), "index");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.out.find("trained"), std::string::npos) << again.out;
  // Only the new segment's chunks: the file's one chunk and whatever compaction merged.
  size_t embedded = again.out.find("embedded ");
  ASSERT_NE(embedded, std::string::npos) << again.out;
  EXPECT_LT(std::stoul(again.out.substr(embedded + 9)), 100u) << again.out;
  testing::RunResult retrain = testing::Scry(tree_->root(), "index --retrain");
  ASSERT_EQ(retrain.status, 0) << retrain.err;
  EXPECT_NE(retrain.out.find("trained word vectors ft-2"), std::string::npos) << retrain.out;
  EXPECT_FALSE(fs::exists(Vectors() / "ft-1.words"));
  for (const fs::directory_entry& e : fs::directory_iterator(Vectors())) {
    if (auto of = ChunkVectorsOf(e.path())) {
      EXPECT_EQ(of->second, "ft-2") << e.path();
    }
  }
  EXPECT_EQ(testing::Scry(tree_->root(), "ask --mode semantic 'cache evict entry'").status, 0);
}

TEST_F(AskTest, TheVectorsOfADroppedSegmentGoWithIt) {
  auto vector_segments = [&] {
    std::set<uint64_t> ids;
    for (const fs::directory_entry& e : fs::directory_iterator(Vectors())) {
      if (auto of = ChunkVectorsOf(e.path())) ids.insert(of->first);
    }
    return ids;
  };
  auto segment_files = [&] {
    std::set<uint64_t> ids;
    for (const fs::directory_entry& e : fs::directory_iterator(tree_->root() / ".scry" / "segments")) {
      ids.insert(std::stoull(e.path().stem().string()));
    }
    return ids;
  };
  tree_->Write("src/gone.go", "package p\n\n// temporary evicts a cache entry.\nfunc temporary() {}\n");
  ASSERT_EQ(testing::Scry(tree_->root(), "index").status, 0);
  std::set<uint64_t> with = vector_segments();
  fs::remove(tree_->root() / "src" / "gone.go");
  ASSERT_EQ(testing::Scry(tree_->root(), "index").status, 0);
  std::set<uint64_t> without = vector_segments();
  EXPECT_LT(without.size(), with.size());
  EXPECT_EQ(without, segment_files());
}

TEST_F(AskTest, BadInputIsOneLineAndTheIndexSurvives) {
  testing::ExpectOneLineError(testing::Scry(tree_->root(), "ask --mode fuzzy 'x y'"), 2, "--mode fuzzy");
  tree_->Write("bad.jsonl", "{\"query\": \"a\", \"targets\": [{\"path\": \"x\"}]}\n");
  testing::ExpectOneLineError(testing::Scry(tree_->root(), "eval bad.jsonl"), 2, "bad.jsonl:1");
  testing::ExpectOneLineError(testing::Scry(tree_->root(), "eval missing.jsonl"), 2, "missing.jsonl");
  // A damaged vectors file is named; regex search does not need it.
  fs::path vec;
  for (const fs::directory_entry& e : fs::directory_iterator(Vectors())) {
    if (ChunkVectorsOf(e.path())) vec = e.path();
  }
  ASSERT_FALSE(vec.empty());
  fs::path saved = vec.string() + ".saved";
  fs::copy_file(vec, saved);
  fs::resize_file(vec, fs::file_size(vec) - 8);
  testing::ExpectOneLineError(testing::Scry(tree_->root(), "ask --mode semantic 'cache entry'"), 4,
                              vec.filename().string());
  EXPECT_EQ(testing::Scry(tree_->root(), "search jitteredPause").status, 0);
  fs::rename(saved, vec);
}

TEST(AskSmallTree, TooFewWordsForAModelMeansLexicalOnly) {
  testing::TempTree tree;
  tree.Write("a.py", "def parse_config(path):\n    \"\"\"Read the settings file.\"\"\"\n    return {}\n");
  testing::RunResult index = testing::Scry(tree.root(), "index");
  ASSERT_EQ(index.status, 0) << index.err;
  EXPECT_EQ(index.out.find("trained"), std::string::npos) << index.out;
  EXPECT_FALSE(fs::exists(tree.root() / ".scry" / "vectors" / "MODEL"));
  testing::RunResult r = testing::Scry(tree.root(), "ask 'read the settings file'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("a.py:1-3  parse_config"), std::string::npos) << r.out;
  testing::ExpectOneLineError(testing::Scry(tree.root(), "ask --mode semantic 'settings'"), 3,
                              "word-vector model");
  EXPECT_EQ(testing::Scry(tree.root(), "ask 'zebra giraffe'").status, 1);
}

}  // namespace
}  // namespace scry
