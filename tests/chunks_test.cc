// `scry chunks FILE` end to end: a file's chunks cover it exactly, in order; definitions carry their
// qualified names; text files and unparsed ones are line windows; JSON; unknown files.
#include "tests/testlib/chunks.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testlib/errors.h"
#include "tests/testlib/run.h"
#include "tests/testlib/sources.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::ExpectChunksCover;
using testing::ExpectOneLineError;
using testing::kGo;
using testing::kPython;
using testing::kRust;
using testing::Lines;
using testing::RunResult;
using testing::Scry;
using testing::TempTree;

class ChunksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new TempTree();
    tree_->Write("srv/server.go", kGo);
    tree_->Write("rs/lib.rs", kRust);
    tree_->Write("py/repo.py", kPython);
    std::string notes;
    for (int i = 1; i <= 150; ++i) notes += "note number " + std::to_string(i) + "\n";
    tree_->Write("notes.txt", notes);
    tree_->Write("no-newline.txt", "one\ntwo\nthree");
    tree_->Write("crlf.txt", "one\r\ntwo\r\n");
    tree_->Write("empty.txt", "");
    std::string big = "class Big:\n";
    for (int i = 0; i < 200; ++i) {
      big += "    def m" + std::to_string(i) + "(self):\n        return " + std::to_string(i) + "\n\n";
    }
    tree_->Write("py/big.py", big);
    tree_->Write("blob.bin", std::string("abc\0def", 7));
    RunResult r = Scry(tree_->root(), "index");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  static void TearDownTestSuite() { delete tree_; }
  static const fs::path& root() { return tree_->root(); }

  static TempTree* tree_;
};

TempTree* ChunksTest::tree_ = nullptr;

TEST_F(ChunksTest, ChunksCoverEveryFileExactly) {
  for (const char* file : {"srv/server.go", "rs/lib.rs", "py/repo.py", "py/big.py", "notes.txt",
                           "no-newline.txt", "crlf.txt", "empty.txt"}) {
    ExpectChunksCover(root(), file);
  }
}

// Regression: Go's `const X = ...` was a `lines` chunk without a name, because the spec shares its
// line with the `const` keyword of the declaration around it.
TEST_F(ChunksTest, GoDefinitionsAreNamedWithReceiverAndPackage) {
  RunResult r = Scry(root(), "chunks srv/server.go");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "1-3\tmerged\t-\t31 bytes\n"
            "4-8\tdefinition\tsrv.Server\t64 bytes\n"
            "9-13\tdefinition\tsrv.(*Server).Handle\t119 bytes\n"
            "14-17\tdefinition\tsrv.Server.Close\t47 bytes\n"
            "18-21\tdefinition\tsrv.NewServer\t69 bytes\n"
            "22-23\tdefinition\tsrv.DefaultAddr\t29 bytes\n");
}

TEST_F(ChunksTest, RustImplMethodsAndPythonClasses) {
  EXPECT_EQ(Scry(root(), "chunks rs/lib.rs").out,
            "1-3\tdefinition\tConfig\t42 bytes\n"
            "4-5\tmerged\t-\t15 bytes\n"
            "6-8\tdefinition\tConfig::parse\t91 bytes\n"
            "9-10\tdefinition\tConfig::handle\t29 bytes\n"
            "11-11\tmerged\t-\t2 bytes\n"
            "12-15\tdefinition\tparse_config\t71 bytes\n");
  // A class that fits the budget is one chunk, its methods inside it.
  EXPECT_EQ(Scry(root(), "chunks py/repo.py").out,
            "1-1\tmerged\t-\t10 bytes\n"
            "2-11\tdefinition\tRepository\t163 bytes\n"
            "12-15\tdefinition\topen_repository\t57 bytes\n");
  // One that does not splits at its methods.
  std::vector<std::string> big = Lines(Scry(root(), "chunks py/big.py").out);
  ASSERT_GT(big.size(), 1u);
  for (const std::string& line : big) {
    EXPECT_NE(line.find("\tdefinition\tBig"), std::string::npos) << line;
    EXPECT_LE(std::stoul(line.substr(line.rfind('\t') + 1)), 2048u) << line;
  }
}

TEST_F(ChunksTest, JsonFieldsOfAKnownChunk) {
  RunResult r = Scry(root(), "chunks --json srv/server.go");
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(nlohmann::json::parse(lines[2]), (nlohmann::json{{"type", "chunk"},
                                                             {"data",
                                                              {{"path", "srv/server.go"},
                                                               {"language", "go"},
                                                               {"kind", "definition"},
                                                               {"name", "Handle"},
                                                               {"scope", "srv.(*Server)"},
                                                               {"first_line", 9},
                                                               {"last_line", 13},
                                                               {"begin", 95},
                                                               {"end", 214}}}}));
  EXPECT_EQ(nlohmann::json::parse(lines[0])["data"], (nlohmann::json{{"path", "srv/server.go"},
                                                                     {"language", "go"},
                                                                     {"kind", "merged"},
                                                                     {"name", ""},
                                                                     {"scope", ""},
                                                                     {"first_line", 1},
                                                                     {"last_line", 3},
                                                                     {"begin", 0},
                                                                     {"end", 31}}));
  std::vector<std::string> keys;
  nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(lines[0]);
  for (const auto& [key, value] : ordered["data"].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"path", "language", "kind", "name", "scope", "first_line",
                                            "last_line", "begin", "end"}));
}

TEST_F(ChunksTest, PlainTextIsLineWindows) {
  EXPECT_EQ(Scry(root(), "chunks notes.txt").out,
            "1-60\tlines\t-\t891 bytes\n"  // 9 lines of 14 bytes, 51 of 15
            "61-120\tlines\t-\t921 bytes\n"
            "121-150\tlines\t-\t480 bytes\n");
  EXPECT_EQ(Scry(root(), "chunks no-newline.txt").out, "1-3\tlines\t-\t13 bytes\n");
  nlohmann::json crlf = nlohmann::json::parse(Scry(root(), "chunks --json crlf.txt").out)["data"];
  EXPECT_EQ(crlf["language"], "text");
  EXPECT_EQ(crlf["kind"], "lines");
  EXPECT_EQ(crlf["last_line"], 2);
  RunResult empty = Scry(root(), "chunks empty.txt");
  EXPECT_EQ(empty.status, 0) << empty.err;
  EXPECT_EQ(empty.out, "");
}

TEST_F(ChunksTest, PathsAreRelativeToTheCurrentDirectory) {
  EXPECT_EQ(Scry(root() / "srv", "chunks server.go").out, Scry(root(), "chunks srv/server.go").out);
  EXPECT_EQ(Scry(root() / "srv", "chunks ../rs/lib.rs").out, Scry(root(), "chunks rs/lib.rs").out);
}

TEST_F(ChunksTest, UnknownFileIsBadInputNamingIt) {
  for (const char* file : {"nope.go", "blob.bin", "srv", "srv/server.go.orig"}) {
    ExpectOneLineError(Scry(root(), std::string("chunks ") + file), 2, file);
  }
}

TEST(ChunksNoIndexTest, UnparsedAndUnindexed) {
  TempTree t;
  t.Write("srv/server.go", kGo);
  RunResult none = Scry(t.root(), "chunks srv/server.go");
  EXPECT_EQ(none.status, 3);
  EXPECT_EQ(none.out, "");

  ASSERT_EQ(Scry(t.root(), "index --no-parse").status, 0);
  ExpectChunksCover(t.root(), "srv/server.go");
  nlohmann::json chunk = nlohmann::json::parse(Scry(t.root(), "chunks --json srv/server.go").out)["data"];
  EXPECT_EQ(chunk["kind"], "lines");
  EXPECT_EQ(chunk["name"], "");
}

TEST(ChunksBudgetTest, TheBudgetIsTheIndexersToSet) {
  TempTree t;
  std::string text;
  for (int i = 1; i <= 25; ++i) text += "line " + std::to_string(i) + "\n";
  t.Write("notes.txt", text);
  ASSERT_EQ(Scry(t.root(), "index --chunk-lines 10").status, 0);
  EXPECT_EQ(Scry(t.root(), "chunks notes.txt").out,
            "1-10\tlines\t-\t71 bytes\n"  // 9 lines of 7 bytes, 1 of 8
            "11-20\tlines\t-\t80 bytes\n"
            "21-25\tlines\t-\t40 bytes\n");
  for (const char* bad : {"--chunk-lines 0", "--chunk-bytes 0", "--parse-timeout-ms 0", "--chunk-lines x"}) {
    ExpectOneLineError(Scry(t.root(), std::string("index --rebuild ") + bad), 2);
  }
  // A refused option touched nothing: the index still answers as before.
  EXPECT_EQ(Scry(t.root(), "chunks notes.txt").out.substr(0, 5), "1-10\t");
}

}  // namespace
}  // namespace scry
