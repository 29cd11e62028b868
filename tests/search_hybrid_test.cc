// `scry search --hybrid`: the files of a ranked search reordered with what the pattern's words mean.
// The matches must be exactly those of the search without it (each file's lines byte for byte); only
// the order of the files changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "query/hybrid_rank.h"
#include "tests/testlib/errors.h"
#include "tests/testlib/json_lines.h"
#include "tests/testlib/run.h"
#include "tests/testlib/topic_project.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

using testing::RunResult;
using testing::Scry;

// The files of `path:line` output in order, and each file's lines.
struct Files {
  std::vector<std::string> order;
  std::map<std::string, std::string> lines;
};

Files FilesOf(const std::string& output) {
  Files files;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    std::string path = line.substr(0, line.find(':'));
    if (files.order.empty() || files.order.back() != path) files.order.push_back(path);
    files.lines[path] += line + "\n";
  }
  return files;
}

size_t Position(const std::vector<std::string>& order, const std::string& path) {
  return std::find(order.begin(), order.end(), path) - order.begin();
}

class SearchHybridTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new testing::TempTree();
    testing::WriteTopicProject(*tree_);
    // A cache file that mentions backoff once, in passing: first by path among the whole-word matches.
    tree_->Write("src/a_cache.go",
                 "package p\n\n// lruEvict drops the cache entry past its capacity; no backoff here, the\n"
                 "// entry is evicted and the store shrinks to size on a miss.\nfunc lruEvict(entry int) int "
                 "{\n\treturn entry\n}\n");
    RunResult index = Scry(tree_->root(), "index");
    ASSERT_EQ(index.status, 0) << index.err;
    ASSERT_NE(index.out.find("trained an encoder unif-1"), std::string::npos) << index.out;
  }
  static void TearDownTestSuite() { delete tree_; }

  static testing::TempTree* tree_;
};
testing::TempTree* SearchHybridTest::tree_ = nullptr;

TEST_F(SearchHybridTest, TheMatchesAreTheSameOnlyTheOrderChanges) {
  for (std::string args : {"backoff", "'retry|backoff'", "-w -e jitter -e delay", "-i 'Backoff\\w*'",
                           "-n attempt", "--vimgrep failure", "nothingmatchesthis"}) {
    SCOPED_TRACE(args);
    RunResult plain = Scry(tree_->root(), "search --no-heading " + args);
    RunResult hybrid = Scry(tree_->root(), "search --hybrid --no-heading " + args);
    EXPECT_EQ(hybrid.status, plain.status) << hybrid.err;
    Files a = FilesOf(plain.out), b = FilesOf(hybrid.out);
    EXPECT_EQ(a.lines, b.lines);
    std::sort(a.order.begin(), a.order.end());
    std::sort(b.order.begin(), b.order.end());
    EXPECT_EQ(a.order, b.order);  // and no file printed twice
  }
  // rg's JSON Lines: the same messages but for timings, the files' in another order.
  auto messages = [](const std::string& out) {
    std::vector<std::string> lines;
    for (const nlohmann::json& m : testing::JsonMessagesWithoutTimings(out)) lines.push_back(m.dump());
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  EXPECT_EQ(messages(Scry(tree_->root(), "search --hybrid --json backoff").out),
            messages(Scry(tree_->root(), "search --json backoff").out));
}

TEST_F(SearchHybridTest, AFileAboutSomethingElseMovesDown) {
  Files plain = FilesOf(Scry(tree_->root(), "search --no-heading backoff").out);
  Files hybrid = FilesOf(Scry(tree_->root(), "search --no-heading --hybrid backoff").out);
  ASSERT_EQ(plain.order.size(), hybrid.order.size());
  size_t before = Position(plain.order, "src/a_cache.go"), after = Position(hybrid.order, "src/a_cache.go");
  ASSERT_LT(before, plain.order.size());
  EXPECT_LT(before, plain.order.size() / 2);
  EXPECT_GE(after + 5, plain.order.size()) << "before " << before << ", after " << after;  // among the last
  // The retry files (src/fN.go, N a multiple of 5) come first.
  for (size_t i = 0; i < 10; ++i) {
    std::string path = hybrid.order[i];
    ASSERT_TRUE(path.starts_with("src/f")) << path;
    EXPECT_EQ(std::stoi(path.substr(5)) % 5, 0) << path;
  }
}

TEST_F(SearchHybridTest, ExplainNamesTheQuestionAndTheModel) {
  RunResult r = Scry(tree_->root(), "search --hybrid --explain -e 'retry\\w*' -e backoff");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("hybrid: \"retry * backoff\" with unif-1\n"), std::string::npos) << r.err;
}

TEST(PatternQuestion, DropsEscapesAndJoinsPatterns) {
  EXPECT_EQ(PatternQuestion({"retry|backoff"}), "retry|backoff");
  EXPECT_EQ(PatternQuestion({"\\bparse\\w+Config", "load"}), " parse +Config load");
  EXPECT_EQ(PatternQuestion({"a\\\\b", "\\"}), "a b  ");
}

TEST_F(SearchHybridTest, BadCombinationsAreUsageErrors) {
  testing::ExpectOneLineError(Scry(tree_->root(), "search --hybrid --sort path backoff"), 2, "--sort path");
  testing::ExpectOneLineError(Scry(tree_->root(), "search --hybrid -l backoff"), 2, "-l and -c");
  testing::ExpectOneLineError(Scry(tree_->root(), "search --hybrid -c backoff"), 2, "-l and -c");
}

TEST(SearchHybridSmallTree, NoModelIsAnError) {
  testing::TempTree tree;
  tree.Write("a.py", "def retry(n):\n    return n\n");
  ASSERT_EQ(Scry(tree.root(), "index").status, 0);
  testing::ExpectOneLineError(Scry(tree.root(), "search --hybrid retry"), 3,
                              "no word-vector model for --hybrid");
  EXPECT_EQ(Scry(tree.root(), "search retry").status, 0);
}

}  // namespace
}  // namespace scry
