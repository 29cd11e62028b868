// `scry context`: Ask's chunks assembled into blocks under a token budget — the budget never
// exceeded, identical text shown once, neighbouring chunks joined, files diversified, blocks cut with
// a marker, the JSON shape, and errors.
#include "query/context.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/testlib/errors.h"
#include "tests/testlib/run.h"
#include "tests/testlib/topic_project.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::RunResult;
using testing::Scry;

// A function of `lines` lines whose comment holds `words`.
std::string Function(const std::string& name, const std::string& words, int lines = 1) {
  std::string text = "// " + name + " " + words + ".\nfunc " + name + "() {\n";
  for (int i = 1; i < lines; ++i) text += "\tx" + std::to_string(i) + " := " + std::to_string(i) + "\n";
  return text + "}\n\n";
}

void WriteFixtures(const testing::TempTree& tree) {
  // One blob at two paths.
  std::string quokka = "package lib\n\n" + Function("quokkaMarsupial", "hops around the island");
  tree.Write("lib/quokka.go", quokka);
  tree.Write("copy/quokka.go", quokka);
  // One function in two different files, indented with a tab in one and spaces in the other.
  std::string wombat = Function("wombatBurrow", "digs a burrow under the eucalyptus", 3);
  tree.Write("twins/one.go", "package one\n\n" + wombat + "func onlyInOne() {}\n");
  std::string spaced = wombat;
  for (size_t tab; (tab = spaced.find('\t')) != std::string::npos;) spaced.replace(tab, 1, "    ");
  tree.Write("twins/two.go", "package two\n\n" + spaced);
  // Three adjacent chunks.
  tree.Write("merge/adjacent.go", "package merge\n\n" + Function("platypusSwim", "paddles the river") +
                                      Function("platypusDive", "goes under") +
                                      Function("platypusEat", "hunts shrimp"));
  // Six chunks far apart in one file, each better than the one chunk of two other files.
  std::string many = "package many\n\n";
  for (int i = 1; i <= 6; ++i) {
    many += Function("echidnaSpines" + std::to_string(i), "counts echidna spines") +
            Function("filler" + std::to_string(i), "adds numbers", 6);
  }
  tree.Write("many/echidna.go", many);
  tree.Write("few/echidna_a.go", "package few\n\n" + Function("echidnaPouch", "carries an egg"));
  tree.Write("few/echidna_b.go", "package few\n\n" + Function("echidnaSnout", "finds ants"));
  // One long chunk.
  tree.Write("big/kookaburra.go", "package big\n\n" + Function("kookaburraLaugh", "laughs at dawn", 40));
}

class ContextTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new testing::TempTree();
    testing::WriteTopicProject(*tree_);
    WriteFixtures(*tree_);
    RunResult index = Scry(tree_->root(), "index");
    ASSERT_EQ(index.status, 0) << index.err;
    ASSERT_NE(index.out.find("trained an encoder unif-1"), std::string::npos) << index.out;
  }
  static void TearDownTestSuite() { delete tree_; }

  // `scry context --json ARGS`, parsed; its status in *status.
  static nlohmann::json ContextJson(const std::string& args, int* status = nullptr) {
    RunResult r = Scry(tree_->root(), "context --json " + args);
    if (status) *status = r.status;
    EXPECT_TRUE(r.status == 0 || r.status == 1) << r.err;
    return nlohmann::json::parse(r.out);
  }

  static testing::TempTree* tree_;
};
testing::TempTree* ContextTest::tree_ = nullptr;

std::vector<std::string> Paths(const nlohmann::json& context) {
  std::vector<std::string> paths;
  for (const nlohmann::json& block : context["blocks"]) paths.push_back(block["path"]);
  return paths;
}

TEST(EstimateTokens, CountsTheLargerOfBytesOverFourAndPiecesPerLine) {
  EXPECT_EQ(EstimateTokens(""), 0u);
  EXPECT_EQ(EstimateTokens("a[i]=b;\n"), 8u);  // pieces: a [ i ] = b ; and the line break
  EXPECT_EQ(EstimateTokens("    \n"), 2u);     // 5 bytes / 4, rounded up; blanks are no piece
  EXPECT_EQ(EstimateTokens("aVeryLongIdentifierWithoutBreaks\n"), 9u);  // 33 bytes / 4
  EXPECT_EQ(EstimateTokens("\xe6\x97\xa5\xe6\x9c\xac\n"), 3u);          // two characters and the break
  EXPECT_EQ(EstimateTokens("x\ny"), 3u);  // a last line without a break counts too
  std::string a = "func f(x int) int {\n", b = "\treturn x * 2 // double it\n";
  EXPECT_EQ(EstimateTokens(a + b), EstimateTokens(a) + EstimateTokens(b));
}

TEST_F(ContextTest, TheBudgetIsNeverExceeded) {
  for (int budget : {1, 10, 30, 60, 100, 250, 1000, 4000, 30000}) {
    SCOPED_TRACE(budget);
    std::string args = "--budget " + std::to_string(budget) + " 'retry backoff jitter delay'";
    int status = -1;
    nlohmann::json j = ContextJson(args, &status);
    const nlohmann::json& totals = j["totals"];
    EXPECT_EQ(totals["budget"], budget);
    EXPECT_LE(totals["tokens"].get<int>(), budget);
    EXPECT_EQ(totals["hits_considered"], 60);  // -k 20, three chunks a block
    int sum = 0;
    for (const nlohmann::json& block : j["blocks"]) sum += block["tokens"].get<int>();
    EXPECT_EQ(sum, totals["tokens"]);
    EXPECT_EQ(status, j["blocks"].empty() ? 1 : 0);
    if (budget <= 1000) {
      EXPECT_TRUE(totals["truncated"].get<bool>());
    }
    // What is printed is what was counted, headers and all.
    RunResult human = Scry(tree_->root(), "context " + args);
    EXPECT_EQ(human.status, status);
    EXPECT_EQ(EstimateTokens(human.out), totals["tokens"].get<uint64_t>());
  }
  EXPECT_FALSE(ContextJson("--budget 30000 -k 5 'retry backoff jitter delay'")["totals"]["truncated"]);
}

TEST_F(ContextTest, NothingFitsATinyBudget) {
  RunResult r = Scry(tree_->root(), "context --budget 5 'retry backoff'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("no block of code fits a budget of 5 tokens"), std::string::npos) << r.err;
  nlohmann::json j = ContextJson("--budget 5 'retry backoff'");
  EXPECT_TRUE(j["blocks"].empty());
  EXPECT_TRUE(j["totals"]["truncated"]);
}

TEST_F(ContextTest, ABlockThatDoesNotFitIsCutToItsFirstLines) {
  nlohmann::json whole = ContextJson("--mode lexical 'kookaburra laugh'");
  ASSERT_EQ(whole["blocks"].size(), 1u);
  const nlohmann::json& all = whole["blocks"][0];
  EXPECT_EQ(all["lines_cut"], 0);
  EXPECT_FALSE(whole["totals"]["truncated"]);

  nlohmann::json cut = ContextJson("--mode lexical --budget 60 'kookaburra laugh'");
  ASSERT_EQ(cut["blocks"].size(), 1u);
  const nlohmann::json& block = cut["blocks"][0];
  EXPECT_TRUE(cut["totals"]["truncated"]);
  EXPECT_EQ(block["start_line"], all["start_line"]);
  int shown = block["end_line"].get<int>() - block["start_line"].get<int>() + 1;
  EXPECT_GE(shown, 3);
  EXPECT_EQ(block["end_line"].get<int>() + block["lines_cut"].get<int>(), all["end_line"]);
  std::string text = block["text"];
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), shown);
  EXPECT_TRUE(all["text"].get<std::string>().starts_with(text));

  RunResult human = Scry(tree_->root(), "context --mode lexical --budget 60 'kookaburra laugh'");
  ASSERT_EQ(human.status, 0) << human.err;
  std::string marker = "// ... lines " + std::to_string(block["end_line"].get<int>() + 1) + "-" +
                       std::to_string(all["end_line"].get<int>()) + " cut for the budget\n\n";
  EXPECT_TRUE(human.out.ends_with(marker)) << human.out;
  EXPECT_LE(EstimateTokens(human.out), 60u);
}

TEST_F(ContextTest, OneBlobAtTwoPathsIsShownOnce) {
  RunResult r = Scry(tree_->root(), "context --mode lexical 'quokka marsupial island'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "// copy/quokka.go:2-6  lib.quokkaMarsupial (definition)  also in: lib/quokka.go\n"
            "\n// quokkaMarsupial hops around the island.\nfunc quokkaMarsupial() {\n}\n\n\n");
  nlohmann::json j = ContextJson("--mode lexical 'quokka marsupial island'");
  ASSERT_EQ(j["blocks"].size(), 1u);
  EXPECT_EQ(j["blocks"][0]["also_in"], nlohmann::json::array({"lib/quokka.go"}));
}

TEST_F(ContextTest, TheSameChunkTextInTwoFilesIsShownOnceWhateverItsIndentation) {
  nlohmann::json j = ContextJson("--mode lexical 'wombat burrow eucalyptus'");
  ASSERT_EQ(j["blocks"].size(), 1u) << j.dump();
  const nlohmann::json& block = j["blocks"][0];
  EXPECT_EQ(block["symbol"], "wombatBurrow");
  std::vector<std::string> both = {block["path"], block["also_in"][0]};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (std::vector<std::string>{"twins/one.go", "twins/two.go"}));
  EXPECT_EQ(j["totals"]["hits_considered"], 2);
}

TEST_F(ContextTest, AdjacentChunksOfAFileAreOneBlock) {
  nlohmann::json j = ContextJson("--mode lexical 'platypus'");
  ASSERT_EQ(j["blocks"].size(), 1u) << j.dump();
  const nlohmann::json& block = j["blocks"][0];
  EXPECT_EQ(block["path"], "merge/adjacent.go");
  EXPECT_EQ(block["start_line"], 2);
  EXPECT_EQ(block["end_line"], 14);
  std::string text = block["text"];
  for (const char* name : {"func platypusSwim", "func platypusDive", "func platypusEat"}) {
    EXPECT_NE(text.find(name), std::string::npos) << name;
  }
}

TEST_F(ContextTest, TheFirstPassTakesAtMostTwoBlocksAFile) {
  std::vector<std::string> three = Paths(ContextJson("--mode lexical -k 3 'echidna spines'"));
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(std::count(three.begin(), three.end(), "many/echidna.go"), 2);
  EXPECT_TRUE(three[2].starts_with("few/")) << three[2];
  // With room for more, the rest of the best file follows.
  std::map<std::string, int> per_file;
  for (const std::string& path : Paths(ContextJson("--mode lexical -k 8 'echidna spines'"))) per_file[path]++;
  EXPECT_EQ(per_file, (std::map<std::string, int>{
                          {"many/echidna.go", 6}, {"few/echidna_a.go", 1}, {"few/echidna_b.go", 1}}));
  // Blocks are printed in rank order: the best file's six first.
  std::vector<std::string> paths = Paths(ContextJson("--mode lexical -k 8 'echidna spines'"));
  EXPECT_EQ(std::count(paths.begin(), paths.begin() + 6, "many/echidna.go"), 6);
}

TEST_F(ContextTest, JsonHasTheBlocksAndTheTotals) {
  nlohmann::json j = ContextJson("-k 4 'retry backoff jitter'");
  ASSERT_TRUE(j.is_object());
  ASSERT_TRUE(j["blocks"].is_array());
  EXPECT_EQ(j["blocks"].size(), 4u);
  for (const nlohmann::json& block : j["blocks"]) {
    EXPECT_TRUE(block["path"].is_string());
    EXPECT_TRUE(block["start_line"].is_number_unsigned());
    EXPECT_TRUE(block["end_line"].is_number_unsigned());
    EXPECT_LE(block["start_line"], block["end_line"]);
    EXPECT_TRUE(block["symbol"].is_string());
    EXPECT_TRUE(block["scope"].is_string());
    EXPECT_TRUE(block["kind"].is_string());
    EXPECT_TRUE(block["score"].is_number());
    EXPECT_TRUE(block["tokens"].is_number_unsigned());
    EXPECT_TRUE(block["lines_cut"].is_number_unsigned());
    EXPECT_TRUE(block["also_in"].is_array());
    EXPECT_TRUE(block["text"].is_string());
  }
  const nlohmann::json& totals = j["totals"];
  for (const char* key : {"tokens", "budget", "truncated", "hits_considered"}) {
    EXPECT_TRUE(totals.contains(key)) << key;
  }
  EXPECT_EQ(totals["budget"], 8000);
  EXPECT_EQ(totals["hits_considered"], 12);
}

TEST_F(ContextTest, PathsAreRelativeToTheCurrentDirectoryAndFiltersApply) {
  RunResult r = Scry(tree_->root() / "lib", "context --mode lexical 'quokka marsupial island'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(
      r.out.starts_with("// ../copy/quokka.go:2-6  lib.quokkaMarsupial (definition)  also in: quokka.go\n"))
      << r.out;
  nlohmann::json j = ContextJson("--mode lexical -g '!copy' 'quokka marsupial island'");
  ASSERT_EQ(j["blocks"].size(), 1u);
  EXPECT_EQ(j["blocks"][0]["path"], "lib/quokka.go");
  EXPECT_TRUE(j["blocks"][0]["also_in"].empty());
}

TEST_F(ContextTest, BadInputIsOneLine) {
  testing::ExpectOneLineError(Scry(tree_->root(), "context --budget 0 'retry'"), 2, "--budget 0");
  testing::ExpectOneLineError(Scry(tree_->root(), "context --budget -5 'retry'"), 2, "--budget -5");
  testing::ExpectOneLineError(Scry(tree_->root(), "context --budget lots 'retry'"), 2, "--budget");
  testing::ExpectOneLineError(Scry(tree_->root(), "context -k 0 'retry'"), 2, "-k 0");
  testing::ExpectOneLineError(Scry(tree_->root(), "context --mode fuzzy 'retry'"), 2, "--mode fuzzy");
  testing::ExpectOneLineError(Scry(tree_->root(), "context -t nosuchtype 'retry'"), 2, "nosuchtype");
  testing::ExpectOneLineError(Scry(tree_->root(), "context"), 2, "question");
}

TEST(ContextSmallTree, NoModelMeansLexicalOnlyAndSemanticIsAnError) {
  testing::TempTree tree;
  tree.Write("a.py", "def parse_config(path):\n    \"\"\"Read the settings file.\"\"\"\n    return {}\n");
  ASSERT_EQ(Scry(tree.root(), "index").status, 0);
  RunResult r = Scry(tree.root(), "context 'read the settings file'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("// a.py:1-3  parse_config (definition)\n")) << r.out;
  testing::ExpectOneLineError(Scry(tree.root(), "context --mode semantic 'settings'"), 3,
                              "word-vector model");
  RunResult none = Scry(tree.root(), "context 'zebra giraffe'");
  EXPECT_EQ(none.status, 1);
  EXPECT_EQ(none.out, "");
  EXPECT_EQ(none.err, "");
}

}  // namespace
}  // namespace scry
