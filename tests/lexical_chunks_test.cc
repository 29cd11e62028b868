// The lexical side of `scry ask` (query/lexical_chunks.h): BM25 per chunk, and the document stage that
// decides which files are read at all.
#include "query/lexical_chunks.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

class LexicalChunksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // both.go holds both words in one function; the others hold one word each, in a longer file.
    tree_.Write("both.go", "package p\n\nfunc Pause() {\n\t// retry with backoff\n}\n");
    tree_.Write("retry.go", "package p\n\nfunc A() {\n\t// Retry once\n}\n\n" + Filler() +
                                "func B() {\n\t// retry, RETRY and retry again\n}\n");
    tree_.Write("backoff.go", "package p\n\nfunc C() {\n\t// backoff\n}\n" + Filler());
    tree_.Write("copy/both.go", "package p\n\nfunc Pause() {\n\t// retry with backoff\n}\n");
    tree_.Write("none.go", "package p\n\nfunc D() {}\n");
    testing::RunResult index = testing::Scry(tree_.root(), "index --no-embed");
    ASSERT_EQ(index.status, 0) << index.err;
    snapshot_ = OpenSnapshot(FindStore(tree_.root(), std::nullopt), kWorktreeSnapshot);
  }

  static std::string Filler() {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "func F" + std::to_string(i) + "() {}\n";
    return text;
  }

  // Each hit as "path:first line of its chunk".
  std::vector<std::string> Hits(const std::vector<std::string>& terms, LexicalOptions options = {},
                                std::function<bool(std::string_view)> include = nullptr) {
    std::vector<std::string> out;
    for (const LexicalHit& hit : LexicalChunks(snapshot_, terms, include, options)) {
      const Segment& segment = *snapshot_.segments[hit.ref.segment];
      out.push_back(std::string(snapshot_.manifest->path(hit.entry)) + ":" +
                    std::to_string(segment.all_chunks()[hit.ref.chunk].first_line));
    }
    return out;
  }

  testing::TempTree tree_;
  SnapshotView snapshot_;
};

TEST_F(LexicalChunksTest, TheChunkHoldingEveryTermComesFirstAndRepeatsCount) {
  std::vector<std::string> hits = Hits({"retry", "backoff"});
  ASSERT_EQ(hits.size(), 4u);
  // A blob at two paths is one chunk, under its first path.
  EXPECT_EQ(hits[0], "both.go:2");
  // Three "retry" in any case outrank one.
  std::vector<std::string> retry = Hits({"retry"});
  ASSERT_EQ(retry.size(), 3u);
  EXPECT_EQ(retry[0], "retry.go:207");
  EXPECT_EQ(std::set<std::string>(hits.begin(), hits.end()),
            (std::set<std::string>{"both.go:2", "retry.go:2", "retry.go:207", "backoff.go:2"}));
}

TEST_F(LexicalChunksTest, TheByteBudgetReadsOnlyTheBestDocuments) {
  LexicalOptions options;
  options.scan_bytes = 1;  // one document: the short one that may hold both words
  EXPECT_EQ(Hits({"retry", "backoff"}, options), std::vector<std::string>{"both.go:2"});
}

TEST_F(LexicalChunksTest, APathTheFilterDropsLeavesItsBudgetToTheNext) {
  LexicalOptions options;
  options.scan_bytes = 1;
  auto not_both = [](std::string_view path) { return !path.ends_with("both.go"); };
  std::vector<std::string> hits = Hits({"retry", "backoff"}, options, not_both);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].find("backoff.go"), std::string::npos) << hits[0];
  // Under the copy's path, the shared blob is still found when only the first path is dropped.
  auto not_first = [](std::string_view path) { return path != "both.go"; };
  EXPECT_EQ(Hits({"retry", "backoff"}, options, not_first), std::vector<std::string>{"copy/both.go:2"});
}

TEST(LexicalChunksUnicode, AFileHoldingALongSIsCountedAsTheRestAre) {
  // The long s makes the pattern count this file (query/term_occurrences.h cannot): the same words,
  // the same length, the same score.
  testing::TempTree tree;
  tree.Write("long.go", "package p\n\n// retry \xC5\xBF RETRY\n");
  tree.Write("plain.go", "package p\n\n// retry xx RETRY\n");
  ASSERT_EQ(testing::Scry(tree.root(), "index --no-embed").status, 0);
  SnapshotView snapshot = OpenSnapshot(FindStore(tree.root(), std::nullopt), kWorktreeSnapshot);
  std::vector<LexicalHit> hits = LexicalChunks(snapshot, {"retry"}, nullptr);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_GT(hits[0].bm25, 0);
  EXPECT_EQ(hits[0].bm25, hits[1].bm25);
}

TEST_F(LexicalChunksTest, NoTermOrAnAbsentTermFindsNothing) {
  EXPECT_TRUE(Hits({}).empty());
  EXPECT_TRUE(Hits({"zebra"}).empty());
}

}  // namespace
}  // namespace scry
