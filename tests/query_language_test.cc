// `scry search -q`: the query language end to end, against ripgrep as the oracle.  Each query is
// turned into what rg needs to say the same thing: smart case for case:auto, -t for lang:, the files
// of `rg -l A` and `rg -l B` intersected for A AND B, subtracted for A -B.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testlib/corpus.h"
#include "tests/testlib/errors.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

using testing::Rg;
using testing::Scry;
using testing::ShellQuote;

std::set<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = testing::Lines(text);
  return {lines.begin(), lines.end()};
}

std::string Join(const std::set<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    out += ' ';
    out += ShellQuote(w);
  }
  return out;
}

class QueryLanguageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new testing::TempTree();
    testing::WriteVariedCorpus(*tree_);
    tree_->Write("src/handler_test.go",
                 "package util\n\n// TestHandler checks Handler.\nfunc TestHandler(t *testing.T) {\n"
                 "\tHandler()\n}\n");
    tree_->Write("vendor/dep/handler.go", "package dep\n\nfunc Handler() int { return retry }\n");
    testing::RunResult r = Scry(tree_->root(), "index --no-embed");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  static void TearDownTestSuite() { delete tree_; }

  static testing::RunResult Query(const std::string& query, const std::string& flags = "") {
    return Scry(tree_->root(), "search --sort path --no-heading -n " + flags + " -q " + ShellQuote(query));
  }
  static std::set<std::string> RgFiles(const std::string& args) {
    return Lines(Rg(tree_->root(), "-l " + args).out);
  }
  // Expects the query to print exactly what `rg ARGS` prints.
  static void ExpectRg(const std::string& query, const std::string& rg_args) {
    testing::RunResult scry = Query(query);
    testing::RunResult rg = Rg(tree_->root(), "--sort path --no-heading -n -H " + rg_args);
    EXPECT_EQ(scry.out, rg.out) << "query: " << query << "\nrg " << rg_args << "\nstderr: " << scry.err;
    EXPECT_EQ(scry.status, rg.status) << "query: " << query;
  }

  static testing::TempTree* tree_;
};

testing::TempTree* QueryLanguageTest::tree_ = nullptr;

TEST_F(QueryLanguageTest, AtomsMeanWhatRgMeansWithSmartCase) {
  ExpectRg("needle", "-S needle");
  ExpectRg("NEEDLE", "-S NEEDLE");
  ExpectRg("\"hello, world\"", "-S -F 'hello, world'");
  ExpectRg("foo.bar(", "-S -F 'foo.bar('");
  ExpectRg("/retr(y|ies)/", "-S 'retr(y|ies)'");
  ExpectRg("/\\w+_header\\(/", "-S '\\w+_header\\('");
  ExpectRg("case:yes handler", "-s handler");
  ExpectRg("case:no HANDLER", "-i HANDLER");
  ExpectRg("content:\"return m\"", "-S -F 'return m'");
  // A comment to the end of the regex ends no group of scry's own.
  ExpectRg("/(?x) retr(y|ies) # a comment/", "-S '(?x) retr(y|ies) # a comment'");
}

TEST_F(QueryLanguageTest, FlagsSetTheDefaultCaseAndTheQueryOverridesThem) {
  testing::RunResult insensitive = Query("handler", "-s");
  EXPECT_EQ(insensitive.out, Rg(tree_->root(), "--sort path --no-heading -n -s handler").out);
  testing::RunResult overridden = Query("case:no handler", "-s");
  EXPECT_EQ(overridden.out, Rg(tree_->root(), "--sort path --no-heading -n -i handler").out);
}

TEST_F(QueryLanguageTest, OrShowsTheLinesOfEither) {
  ExpectRg("needle or retry", "-S -e needle -e retry");
  ExpectRg("(Handler or /parse_\\w+/) lang:rust", "-S -t rust -e Handler -e 'parse_\\w+'");
}

TEST_F(QueryLanguageTest, LangAndFileNarrowThePaths) {
  ExpectRg("lang:go Handler", "-S -t go Handler");
  ExpectRg("lang:python self", "-S -t py self");
  ExpectRg("file:_test\\.go$ Handler", "-S -g '*_test.go' Handler");
  ExpectRg("retry -file:vendor/", "-S -g '!vendor/' retry");
  ExpectRg("path:^web/ (retries or url)", "-S -e retries -e url web");
}

TEST_F(QueryLanguageTest, AndNeedsEveryTermInTheFileAndShowsTheLinesOfEach) {
  std::set<std::string> both;
  std::set<std::string> a = RgFiles("-S retries"), b = RgFiles("-S Handler");
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(both, both.end()));
  ASSERT_EQ(both, (std::set<std::string>{"src/lib.rs"}));
  ExpectRg("retries Handler", "-S -e retries -e Handler" + Join(both));
}

TEST_F(QueryLanguageTest, MinusDropsTheFilesHoldingATerm) {
  std::set<std::string> kept;
  std::set<std::string> a = RgFiles("-S needle"), b = RgFiles("-S NEEDLE");
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(kept, kept.end()));
  ASSERT_FALSE(kept.empty());
  ExpectRg("needle -NEEDLE", "-S needle" + Join(kept));
}

TEST_F(QueryLanguageTest, AQueryWithoutAShownTermListsFiles) {
  std::set<std::string> go = Lines(Rg(tree_->root(), "--files -t go").out);
  std::set<std::string> expected;
  std::set<std::string> with = RgFiles("-S Handler");
  std::set_difference(go.begin(), go.end(), with.begin(), with.end(),
                      std::inserter(expected, expected.end()));
  testing::RunResult r = Query("lang:go -Handler");
  EXPECT_EQ(Lines(r.out), expected) << r.err;
  EXPECT_EQ(r.status, 0);
}

TEST_F(QueryLanguageTest, SymShowsWhereTheSymbolIsDefined) {
  testing::RunResult r = Query("sym:Handler");
  // Definitions only: not the call in TestHandler's body, nor `impl Handler` or `Handler { retries: 3 }`.
  EXPECT_EQ(Lines(r.out),
            (std::set<std::string>{"src/handler_test.go:4:func TestHandler(t *testing.T) {",
                                   "src/lib.rs:1:pub struct Handler { retries: u32 }",
                                   "vendor/dep/handler.go:3:func Handler() int { return retry }"}))
      << r.err;
  testing::RunResult exact = Query("sym:/^Handler$/ -file:vendor/ lang:go");
  EXPECT_EQ(exact.status, 1) << exact.out;
  testing::RunResult with_content = Query("sym:/^Handler$/ retry");
  EXPECT_EQ(Lines(with_content.out),
            (std::set<std::string>{"src/lib.rs:1:pub struct Handler { retries: u32 }",
                                   "src/lib.rs:4:    fn retry_request(&self) -> bool { self.retries > 0 }",
                                   "vendor/dep/handler.go:3:func Handler() int { return retry }"}))
      << with_content.err;
}

TEST(QueryLanguageSymbolTableTest, SymDecidesFromTheSymbolTableBeforeReadingAFile) {
  testing::TempTree tree;
  tree.Write("def.go", "package p\n\nfunc Handler() {}\n");
  tree.Write("call.go", "package p\n\nfunc a() { Handler() }\n");
  tree.Write("comment.go", "package p\n\n// Handler is elsewhere.\nfunc b() {}\n");
  ASSERT_EQ(Scry(tree.root(), "index --no-embed").status, 0);

  // All three hold Handler's trigrams; only the file defining it is read.
  testing::RunResult r = Scry(tree.root(), "search --explain -q sym:Handler");
  EXPECT_EQ(r.out, "def.go:func Handler() {}\n");
  EXPECT_NE(r.err.find("candidates: 1 files"), std::string::npos) << r.err;
  // Negated, the symbol table drops the definition and leaves the content to decide the others.
  testing::RunResult negated =
      Scry(tree.root(), "search --sort path --no-heading -n -q " + ShellQuote("Handler -sym:Handler"));
  EXPECT_EQ(negated.out, "call.go:3:func a() { Handler() }\ncomment.go:3:// Handler is elsewhere.\n");
}

TEST_F(QueryLanguageTest, BadQueriesAreOneLineErrorsNamingTheColumn) {
  testing::ExpectOneLineError(Query("needle (or"), 2, "query: column 9: 'or' needs a term");
  testing::ExpectOneLineError(Query("a /b(/"), 2, "query: column 3: regex parse error");
  testing::ExpectOneLineError(Query("lang:cobol x"), 2, "query: column 1: unrecognized file type: cobol");
  testing::ExpectOneLineError(Query("rev:main"), 2, "nothing to search for");
  testing::ExpectOneLineError(Query("needle", "-F"), 2, "-q takes the query language");
  testing::ExpectOneLineError(Query("rev:a x", "--rev b"), 2, "rev:a and --rev b disagree");
  // The index still answers.
  EXPECT_EQ(Query("needle").status, 0);
}

}  // namespace
}  // namespace scry
