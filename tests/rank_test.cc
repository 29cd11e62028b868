// `scry search` ranks files by default: the file defining what matched first, then whole-word
// matches, then partial ones; BM25 over identifier subtokens among equals for multi-term queries;
// tests and vendored code after ordinary code; path order last.  Every ranked output must be rg's
// output (the oracle, with --sort path) with its files reordered, and --sort path, -l and -c must be
// rg's output byte for byte.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testlib/json_lines.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::Rg;
using testing::RunResult;
using testing::Scry;
using testing::TempTree;

// The paths of `path:...` lines in order of first appearance, each with its lines (paths in these
// fixtures hold no ':').
std::vector<std::pair<std::string, std::string>> GroupByPath(const std::string& output) {
  std::vector<std::pair<std::string, std::string>> groups;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    std::string path = line.substr(0, line.find(':'));
    if (groups.empty() || groups.back().first != path) groups.push_back({path, ""});
    groups.back().second += line + "\n";
  }
  return groups;
}

std::vector<std::string> PathsOf(const std::string& output) {
  std::vector<std::string> paths;
  for (const auto& [path, lines] : GroupByPath(output)) paths.push_back(path);
  return paths;
}

// rg's output with its files in `order`, which must name each of them once.
std::string Reordered(const std::string& rg_output, const std::vector<std::string>& order) {
  std::map<std::string, std::string> by_path;
  for (auto& [path, lines] : GroupByPath(rg_output)) {
    EXPECT_TRUE(by_path.emplace(path, lines).second) << "rg printed " << path << " twice";
  }
  EXPECT_EQ(by_path.size(), order.size());
  std::string out;
  for (const std::string& path : order) {
    EXPECT_TRUE(by_path.contains(path)) << path;
    out += by_path[path];
  }
  return out;
}

// Runs `scry search ARGS` (ranked) and rg with the same ARGS: scry's output is rg's with the files in
// `order`; and `scry search --sort path ARGS` is rg's byte for byte.
void ExpectRanked(const fs::path& root, const std::string& args, const std::vector<std::string>& order) {
  SCOPED_TRACE(args);
  RunResult rg = Rg(root, "--sort path " + args);
  ASSERT_EQ(rg.status, 0) << rg.err;
  RunResult ranked = Scry(root, "search " + args);
  EXPECT_EQ(ranked.status, 0) << ranked.err;
  EXPECT_EQ(PathsOf(ranked.out), order);
  EXPECT_EQ(ranked.out, Reordered(rg.out, order));
  RunResult by_path = Scry(root, "search --sort path " + args);
  EXPECT_EQ(by_path.out, rg.out);
  EXPECT_EQ(by_path.status, rg.status);
}

// rg --json messages without timings, grouped: one group per file (begin to end), then the summary.
std::vector<std::vector<nlohmann::json>> JsonGroups(const std::string& output) {
  std::vector<std::vector<nlohmann::json>> groups;
  for (nlohmann::json& m : testing::JsonMessagesWithoutTimings(output)) {
    if (m["type"] == "begin" || m["type"] == "summary") groups.emplace_back();
    groups.back().push_back(std::move(m));
  }
  return groups;
}

std::string JsonPath(const std::vector<nlohmann::json>& group) {
  const nlohmann::json& data = group.front()["data"];
  return data.contains("path") ? data["path"]["text"].get<std::string>() : "(summary)";
}

class RankTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new TempTree();
    const TempTree& t = *tree_;
    t.Write("zzz/server.go",
            "package zzz\n\n// Handler answers requests.\ntype Handler struct {\n\tName string\n}\n");
    t.Write("aaa/a.go", "package aaa\n\nfunc a() {\n\tvar h zzz.Handler\n\t_ = h\n}\n");
    t.Write("aaa/b.go", "package aaa\n\n// uses a Handler\nfunc b() {}\n");
    t.Write("bbb/func.go", "package bbb\n\nvar f http.HandlerFunc\n");
    t.Write("bbb/my.go", "package bbb\n\nvar myHandler = 1\n");
    t.Write("ccc/word.go", "package ccc\n\nvar w = Handler{} // Handler\n");
    t.Write("0notes.txt", "see Handler\n");
    t.Write("unrelated.txt", "nothing here\n");
    RunResult r = Scry(t.root(), "index");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  static void TearDownTestSuite() { delete tree_; }
  static const fs::path& root() { return tree_->root(); }

  static TempTree* tree_;
};

TempTree* RankTest::tree_ = nullptr;

const std::vector<std::string> kHandlerOrder = {
    "zzz/server.go",                                          // the definition
    "0notes.txt",    "aaa/a.go",  "aaa/b.go", "ccc/word.go",  // whole words, in path order
    "bbb/func.go",   "bbb/my.go",                             // inside longer identifiers
};

TEST_F(RankTest, DefinitionThenWholeWordsThenPartial) {
  ExpectRanked(root(), "Handler", kHandlerOrder);
  ExpectRanked(root(), "-n Handler", kHandlerOrder);
  // The definition's file keeps its lines in line order: the comment above comes first.
  RunResult r = Scry(root(), "search -n Handler");
  EXPECT_TRUE(
      r.out.starts_with("zzz/server.go:3:// Handler answers requests.\n"
                        "zzz/server.go:4:type Handler struct {\n"))
      << r.out;
}

TEST_F(RankTest, VimgrepAndJsonAreRankedToo) {
  ExpectRanked(root(), "--vimgrep Handler", kHandlerOrder);
  ExpectRanked(root(), "--column Handler", kHandlerOrder);

  RunResult rg = Rg(root(), "--sort path --json Handler");
  RunResult scry = Scry(root(), "search --json Handler");
  EXPECT_EQ(scry.status, 0) << scry.err;
  auto rg_groups = JsonGroups(rg.out);
  auto scry_groups = JsonGroups(scry.out);
  std::map<std::string, std::vector<nlohmann::json>> rg_by_path;
  for (const auto& g : rg_groups) rg_by_path[JsonPath(g)] = g;
  std::vector<std::vector<nlohmann::json>> expected;
  for (const std::string& path : kHandlerOrder) expected.push_back(rg_by_path[path]);
  expected.push_back(rg_by_path["(summary)"]);
  EXPECT_EQ(scry_groups, expected);
}

TEST_F(RankTest, FileListsAndCountsStayInPathOrder) {
  for (const char* args : {"-l Handler", "-c Handler", "-l -0 Handler", "-c -w Handler"}) {
    RunResult rg = Rg(root(), std::string("--sort path ") + args);
    RunResult scry = Scry(root(), std::string("search ") + args);
    EXPECT_EQ(scry.out, rg.out) << args;
    EXPECT_EQ(scry.status, 0) << args;
  }
}

TEST_F(RankTest, WholeWordSearchStillPutsTheDefinitionFirst) {
  ExpectRanked(root(), "-w Handler", {"zzz/server.go", "0notes.txt", "aaa/a.go", "aaa/b.go", "ccc/word.go"});
  // -F and -i change nothing about the classes.
  ExpectRanked(root(), "-i -F handler", kHandlerOrder);
}

// Files of tests, vendored copies and the like rank after ordinary code of the same class, whatever
// their paths.
TEST(RankPathPriorTest, TestsAndVendoredCodeRankLower) {
  TempTree t;
  t.Write("aaa/uses.go", "package aaa\n\nvar h Handler\n");
  t.Write("zz/uses.go", "package zz\n\nvar h Handler\n");
  t.Write("third_party/uses.go", "package tp\n\nvar h Handler\n");
  t.Write("lib/handler.go", "package lib\n\ntype Handler struct{}\n");
  t.Write("zzz/handler.py", "class Handler:\n    pass\n");
  t.Write("test/handler.go", "package test\n\ntype Handler struct{}\n");
  t.Write("vendor/x/handler.go", "package x\n\ntype Handler struct{}\n");
  t.Write("handler_test.go", "package main\n\ntype Handler struct{}\n");
  t.Write("test_handler.py", "class Handler:\n    pass\n");
  t.Write("app.min.js", "class Handler {}\n");
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  ExpectRanked(t.root(), "--vimgrep Handler",
               {
                   "lib/handler.go", "zzz/handler.py",  // definitions in ordinary code
                   "app.min.js", "handler_test.go", "test/handler.go", "test_handler.py",
                   "vendor/x/handler.go",                               // definitions elsewhere
                   "aaa/uses.go", "zz/uses.go", "third_party/uses.go",  // whole words
               });
}

TEST(RankMultiTermTest, FilesWithMoreOfTheTermsRankFirst) {
  TempTree t;
  t.Write("a_parse.txt", "parse it\n");
  t.Write("b_config.txt", "config x\n");
  t.Write("c_partial.txt", "parser configuration\n");
  t.Write("z_both.txt", "parse config\n");
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  // All but c_partial match as whole words; among those z_both holds both terms.  a_parse and
  // b_config tie (each term is in two files, the files are as long): path order.  c_partial only
  // holds the terms inside longer words.
  ExpectRanked(t.root(), "-e parse -e config",
               {"z_both.txt", "a_parse.txt", "b_config.txt", "c_partial.txt"});
  ExpectRanked(t.root(), "--vimgrep -e config -e parse",
               {"z_both.txt", "a_parse.txt", "b_config.txt", "c_partial.txt"});
  // One term ranks by class alone: path order among the whole words.
  ExpectRanked(t.root(), "parse", {"a_parse.txt", "z_both.txt", "c_partial.txt"});
}

TEST(RankMultiTermTest, OneIdentifierIsSeveralTerms) {
  TempTree t;
  t.Write("p1.go", "package p\n\nvar x = parseConfig(a)\n");
  t.Write("p2.go", "package p\n\nvar x = parseConfig(config)\n");
  t.Write("other.txt", std::string(1000, '.') + "\n");
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  // parseConfig is parse + config: p2 holds config twice.
  ExpectRanked(t.root(), "parseConfig", {"p2.go", "p1.go"});
}

}  // namespace
}  // namespace scry
