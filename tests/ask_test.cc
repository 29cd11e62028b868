// `scry ask` and `scry eval` end to end: the model trained at index time (the supervised encoder, or
// word vectors on request), chunk vectors per segment, lexical + semantic retrieval fused, and their
// errors.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <ranges>
#include <set>
#include <string>
#include <vector>

#include "indexer/chunk_vectors.h"
#include "indexer/container.h"
#include "indexer/encoder_model.h"
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

TEST_F(AskTest, IndexTrainsAnEncoderAndEmbedsEveryChunk) {
  ASSERT_EQ(index_->status, 0) << index_->err;
  EXPECT_NE(index_->out.find("trained an encoder unif-1"), std::string::npos) << index_->out;
  EXPECT_NE(index_->out.find("doc comments (held-out MRR"), std::string::npos) << index_->out;
  EXPECT_NE(index_->out.find("embedded "), std::string::npos) << index_->out;
  EXPECT_EQ(testing::RunCommand("cat " + (Vectors() / "MODEL").string()), "unif-1\n");
  EXPECT_FALSE(fs::exists(Vectors() / "words.tmp"));
  EncoderModel model(Vectors() / "unif-1.words");
  EXPECT_EQ(model.dimension(), 64u);
  ASSERT_GE(model.vocabulary().Find("backoff"), 0);
  EXPECT_EQ(model.vocabulary().Find("nonexistentword"), -1);
  // Words of one topic are nearer each other than words of another.
  auto cosine = [&](const char* a, const char* b) {
    std::vector<float> va = model.EmbedQuery(a), vb = model.EmbedQuery(b);
    float dot = 0;
    for (size_t i = 0; i < va.size(); ++i) dot += va[i] * vb[i];
    return dot;
  };
  EXPECT_GT(cosine("retry", "backoff"), cosine("retry", "gzip"));
  EXPECT_GT(cosine("cache", "evict"), cosine("cache", "password"));
  std::vector<float> empty = model.EmbedQuery("!!! 123");
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
  EXPECT_NE(retrain.out.find("trained an encoder unif-2"), std::string::npos) << retrain.out;
  EXPECT_FALSE(fs::exists(Vectors() / "unif-1.words"));
  for (const fs::directory_entry& e : fs::directory_iterator(Vectors())) {
    if (auto of = ChunkVectorsOf(e.path())) {
      EXPECT_EQ(of->second, "unif-2") << e.path();
    }
  }
  EXPECT_EQ(testing::Scry(tree_->root(), "ask --mode semantic 'cache evict entry'").status, 0);
}

TEST_F(AskTest, AnotherKindOfModelTrainsAnewAndStays) {
  testing::RunResult ncs = testing::Scry(tree_->root(), "index --embed-model ncs");
  ASSERT_EQ(ncs.status, 0) << ncs.err;
  size_t trained = ncs.out.find("trained word vectors ft-");
  ASSERT_NE(trained, std::string::npos) << ncs.out;
  std::string id = ncs.out.substr(trained + 21, ncs.out.find(' ', trained + 21) - trained - 21);
  EXPECT_EQ(testing::RunCommand("cat " + (Vectors() / "MODEL").string()), id + "\n");
  WordVectors model(Vectors() / (id + ".words"));
  EXPECT_GE(model.Find("backoff"), 0);
  // A later run keeps the store's kind; the encoder comes back only when asked for.
  testing::RunResult again = testing::Scry(tree_->root(), "index");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.out.find("trained"), std::string::npos) << again.out;
  EXPECT_EQ(testing::Scry(tree_->root(), "ask --mode semantic 'jitter backoff'").status, 0);
  testing::RunResult unif = testing::Scry(tree_->root(), "index --embed-model unif");
  ASSERT_EQ(unif.status, 0) << unif.err;
  EXPECT_NE(unif.out.find("trained an encoder unif-"), std::string::npos) << unif.out;
  EXPECT_FALSE(fs::exists(Vectors() / (id + ".words")));
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

TEST_F(AskTest, IndexRewritesVersion1VectorsAsVersion2AndCheckVerifiesThem) {
  constexpr uint64_t kMagic = 0x4345564359524353;
  fs::path vec;
  for (const fs::directory_entry& e : fs::directory_iterator(Vectors())) {
    if (ChunkVectorsOf(e.path())) vec = e.path();
  }
  ASSERT_FALSE(vec.empty());
  const char* question = "ask --json -k 8 --mode semantic 'retry the request with backoff'";
  testing::RunResult before = testing::Scry(tree_->root(), question);
  ASSERT_EQ(before.status, 0) << before.err;
  std::string header, rows;
  {
    ContainerReader current(vec, kMagic, 2);
    header = current.Section(1);
    uint32_t chunk_count = 0;
    std::memcpy(&chunk_count, header.data() + 4, 4);
    rows = ChunkVectors(vec, chunk_count).Rows();
  }
  {
    ContainerWriter old(vec, kMagic, 1);  // version 1, as written before codes were: int8 vectors
    old.AddSection(1, header);
    old.AddSection(2, rows);
    old.Finish();
  }
  // The same answer from the int8 vectors as from their codes.
  testing::RunResult from_old = testing::Scry(tree_->root(), question);
  ASSERT_EQ(from_old.status, 0) << from_old.err;
  EXPECT_EQ(from_old.out, before.out);
  testing::RunResult index = testing::Scry(tree_->root(), "index");
  ASSERT_EQ(index.status, 0) << index.err;
  ContainerReader upgraded(vec, kMagic, 2);
  EXPECT_EQ(upgraded.Section(1), header);
  EXPECT_FALSE(upgraded.Section(2).empty());
  EXPECT_EQ(upgraded.Section(2).size(), upgraded.Section(3).size());
  EXPECT_EQ(testing::Scry(tree_->root(), question).out, before.out);
  testing::RunResult check = testing::Scry(tree_->root(), "check");
  ASSERT_EQ(check.status, 0) << check.err;
  EXPECT_NE(check.out.find("vector files verified"), std::string::npos) << check.out;

  // A damaged code is named by check; regex search does not need it.
  fs::path saved = vec.string() + ".saved";
  fs::copy_file(vec, saved);
  uint64_t at = 0;
  for (const SectionEntry& s : upgraded.sections()) {
    if (s.kind == 3) at = s.offset;  // the fine codes
  }
  ASSERT_NE(at, 0u);
  {
    std::fstream file(vec, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(at));
    char byte = 0;
    file.read(&byte, 1);
    file.seekp(static_cast<std::streamoff>(at));
    byte = static_cast<char>(byte ^ 0x5a);
    file.write(&byte, 1);
  }
  testing::ExpectOneLineError(testing::Scry(tree_->root(), "check"), 4, vec.filename().string());
  EXPECT_EQ(testing::Scry(tree_->root(), "search jitteredPause").status, 0);
  fs::rename(saved, vec);
  EXPECT_EQ(testing::Scry(tree_->root(), "check").status, 0);
}

// A project whose doc comments speak of each topic in words its code never uses.
const std::vector<std::vector<std::string>> kCommentWords = {
    {"gather", "harvest", "amass", "accumulate", "collect"},
    {"shrink", "squeeze", "compact", "condense", "pack"},
    {"forget", "discard", "purge", "expunge", "erase"},
    {"greet", "welcome", "salute", "hail", "receive"},
    {"measure", "gauge", "assess", "quantify", "estimate"},
};
const std::vector<std::vector<std::string>> kCodeWords = {
    {"pile", "heap", "bucket", "stash", "hoard"},   {"zip", "deflate", "squash", "crunch", "lzw"},
    {"drop", "evict", "wipe", "prune", "nuke"},     {"hello", "howdy", "banner", "motd", "intro"},
    {"meter", "ruler", "probe", "sample", "tally"},
};

TEST(AskEncoder, FindsCodeByTheWordsOfDocCommentsItNeverUses) {
  testing::TempTree tree;
  std::mt19937 rng(11);
  for (int f = 0; f < 300; ++f) {
    size_t topic = f % kCodeWords.size();
    std::string text = "package p" + std::to_string(f) + "\n\n";
    for (int fn = 0; fn < 5; ++fn) {
      std::string name =
          testing::CamelCase(kCodeWords[topic][rng() % 5], kCodeWords[topic][rng() % 5]) + std::to_string(fn);
      text += "// " + testing::RandomWords(rng, kCommentWords[topic], 12) + ".\nfunc " + name + "(" +
              kCodeWords[topic][rng() % 5];
      text += " int) int {\n\t" + testing::RandomWords(rng, kCodeWords[topic], 6) + "\n\treturn 0\n}\n\n";
    }
    tree.Write("src/f" + std::to_string(f) + ".go", text);
  }
  // No comment: only what the model learnt of the code's words ties these to the questions below (word
  // vectors pass too, through the words around each comment's end; EncoderTraining in
  // encoder_test.cc shows what training adds to tables that start knowing nothing).
  std::string bare = "package p\n\n";
  for (size_t topic = 0; topic < kCodeWords.size(); ++topic) {
    bare += "func bare" + std::to_string(topic) + "(" + kCodeWords[topic][0] + " int) int {\n\t";
    bare +=
        kCodeWords[topic][1] + " := " + kCodeWords[topic][2] + "(" + kCodeWords[topic][3] + ")\n\treturn ";
    bare += kCodeWords[topic][4] + "\n}\n\n";
  }
  tree.Write("src/bare.go", bare);
  testing::RunResult index = testing::Scry(tree.root(), "index -j 1");  // one thread: the same model each run
  ASSERT_EQ(index.status, 0) << index.err;
  ASSERT_NE(index.out.find("trained an encoder"), std::string::npos) << index.out;
  for (size_t topic = 0; topic < kCommentWords.size(); ++topic) {
    std::string question =
        kCommentWords[topic][0] + " " + kCommentWords[topic][1] + " " + kCommentWords[topic][2];
    testing::RunResult r =
        testing::Scry(tree.root(), "ask --json -k 2000 --mode semantic '" + question + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    // The first of the undocumented functions is the topic's (the file's package clause is no function).
    std::string first;
    for (std::string_view line : std::views::split(r.out, '\n') | std::views::transform([](auto&& l) {
                                   return std::string_view(l.begin(), l.end());
                                 })) {
      if (line.empty()) continue;
      nlohmann::json h = nlohmann::json::parse(line);
      if (h["path"] == "src/bare.go" && h["symbol"] != "") {
        first = h["symbol"];
        break;
      }
    }
    EXPECT_EQ(first, "bare" + std::to_string(topic)) << question;
  }
}

TEST(AskEncoder, TooFewDocCommentsMeanWordVectors) {
  testing::TempTree tree;
  std::mt19937 rng(13);
  for (int f = 0; f < 300; ++f) {
    const std::vector<std::string>& topic = testing::kTopics[f % testing::kTopics.size()];
    std::string text = "package p" + std::to_string(f) + "\n\n";
    for (int fn = 0; fn < 5; ++fn) {
      text +=
          "func " + testing::CamelCase(topic[rng() % topic.size()], "n") + std::to_string(fn) + "() {\n\t";
      text += testing::RandomWords(rng, topic, 14) + "\n}\n\n";
    }
    tree.Write("src/f" + std::to_string(f) + ".go", text);
  }
  testing::RunResult index = testing::Scry(tree.root(), "index");
  ASSERT_EQ(index.status, 0) << index.err;
  EXPECT_NE(index.out.find("trained word vectors ft-1"), std::string::npos) << index.out;
  EXPECT_NE(index.out.find("no encoder: the corpus has 0 documented definitions, fewer than the 500"),
            std::string::npos)
      << index.out;
  EXPECT_EQ(testing::RunCommand("cat " + (tree.root() / ".scry" / "vectors" / "MODEL").string()), "ft-1\n");
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
