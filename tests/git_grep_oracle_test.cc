// The git grep oracle on the history fixture: pins what git grep searches in a revision (the
// findings written in testlib/git_grep_oracle.h) and that the fixture holds every case it promises.
#include "tests/testlib/git_grep_oracle.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/testlib/history_repo.h"

namespace scry {
namespace {

using testing::GitGrep;
using testing::GitRepo;
using testing::GrepLine;
using testing::HistoryRepo;

class GitGrepOracleTest : public ::testing::Test {
 protected:
  // The paths with a match for `pattern` in `revision`.
  std::set<std::string> Paths(const std::string& revision, const std::string& pattern,
                              const PatternOptions& options = {}) const {
    std::set<std::string> paths;
    for (const GrepLine& row : GitGrep(git_, revision, {pattern}, options)) paths.insert(row.path);
    return paths;
  }

  GitRepo git_;
  HistoryRepo history_ = testing::BuildHistoryRepo(git_);
};

using PathSet = std::set<std::string>;

TEST_F(GitGrepOracleTest, PrintsPathLineColumnAndTextSorted) {
  EXPECT_EQ(GitGrep(git_, "main", {"str_len\\(", "str_copy\\(buf"}),
            (std::vector<GrepLine>{
                {"README.md", 7, 38, "Sizes are in bytes, not characters: `str_len(\"日本語\")` is 9."},
                {"src/main.c", 8, 5, "    str_copy(buffer, argv[i], sizeof buffer);"},
                {"src/main.c", 9, 39, "    printf(\"%s: %zu bytes\\n\", buffer, str_len(buffer));"},
                {"src/strutil.c", 3, 8, "size_t str_len(const char *s) {"},
                {"src/util.h", 7, 8, "size_t str_len(const char *s);"}}));
  EXPECT_EQ(GitGrep(git_, history_.initial, {"size_t n = 0"}),
            (std::vector<GrepLine>{{"src/util.c", 4, 3, "  size_t n = 0;"}}));
  EXPECT_TRUE(GitGrep(git_, "main", {"no such text anywhere"}).empty());
}

TEST_F(GitGrepOracleTest, SearchesHiddenAndIgnoredFiles) {
  EXPECT_EQ(Paths("main", "STATUS_ADDR|runs-on|1\\.0 config"),
            (PathSet{".env.example", ".github/workflow.yml", "build/VERSION"}));
}

TEST_F(GitGrepOracleTest, SkipsSymbolicLinksAndSubmodules) {
  EXPECT_EQ(Paths("main", "size_t str_len"), (PathSet{"src/strutil.c", "src/util.h"}));  // not include/util.h
  EXPECT_EQ(Paths("main", "\\.\\./src"), PathSet{});  // the link's target text
  EXPECT_EQ(Paths("main", "libfoo"), PathSet{".gitmodules"});
  EXPECT_EQ(Paths("main", "vendored"), PathSet{});
  std::string modes = git_.Run("ls-tree main include/util.h vendor/libfoo");
  EXPECT_NE(modes.find("120000 blob"), std::string::npos) << modes;
  EXPECT_NE(modes.find("160000 commit"), std::string::npos) << modes;
}

TEST_F(GitGrepOracleTest, SkipsBinaryBlobsByNulWithinTheFirst8000BytesOrByAttribute) {
  EXPECT_EQ(Paths(history_.binaries, "config"),
            (PathSet{"README.md", "build/VERSION", "data/late_nul.txt", "gen/tokens.go", "tools/build.py"}));
  std::vector<GrepLine> late = GitGrep(git_, "main", {"after the NUL"});
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].text, std::string("\0 config after the NUL", 22));
  EXPECT_EQ(late[0].column, 10u);
  EXPECT_EQ(Paths("main", "日本語"), PathSet{"README.md"});  // testdata/golden.txt is `binary`
  std::string without_i = git_.Run("grep config main -- assets");
  EXPECT_NE(without_i.find("Binary file main:assets/logo.png matches"), std::string::npos) << without_i;
}

TEST_F(GitGrepOracleTest, TakesAttributesFromTheWorkTree) {
  git_.Write(".gitattributes", "# nothing is binary here\n");
  EXPECT_EQ(Paths(history_.initial, "日本語"), (PathSet{"README.md", "testdata/golden.txt"}));
  git_.Write(".gitattributes", "README.md -diff\n");
  EXPECT_EQ(Paths(history_.initial, "日本語"), PathSet{"testdata/golden.txt"});
  git_.Write(".git/info/attributes", "data/early_nul.txt diff\n");
  EXPECT_EQ(Paths("main", "after the NUL"), (PathSet{"data/early_nul.txt", "data/late_nul.txt"}));
}

TEST_F(GitGrepOracleTest, KeepsCarriageReturnsAndLastLinesWithoutNewline) {
  EXPECT_EQ(GitGrep(git_, "main", {"version ="}),
            (std::vector<GrepLine>{{"win/config.ini", 3, 1, "version = 1.0\r"}}));
  EXPECT_TRUE(GitGrep(git_, "main", {"1\\.0$"}).empty());
  EXPECT_EQ(GitGrep(git_, "main", {"follows"}),
            (std::vector<GrepLine>{{"docs/notes.txt", 2, 12, "No newline follows this line."}}));
}

TEST_F(GitGrepOracleTest, CountsColumnsInBytesAndFoldsUnicodeCase) {
  EXPECT_EQ(GitGrep(git_, "main", {"fast"}).at(0).column, 9u);  // "Naïve, fast": ï is two bytes
  EXPECT_EQ(Paths("main", "gRÖßEN", {.ignore_case = true}), PathSet{"README.md"});
  EXPECT_EQ(Paths("main", "Gr.ßen"), PathSet{"README.md"});
  EXPECT_EQ(Paths("main", "ve", {.word = true}), PathSet{"README.md"});  // "Naïve": ï is no word character
  EXPECT_EQ(Paths("main", "(size_t)(p - s)", {.fixed_strings = true}), PathSet{"src/strutil.c"});
  EXPECT_EQ(Paths("main", "(size_t)(p - s)"), PathSet{});
  EXPECT_THROW(GitGrep(git_, "main", {"x"}, {.smart_case = true}), std::invalid_argument);
  EXPECT_THROW(GitGrep(git_, "main", {"("}), std::runtime_error);
}

TEST_F(GitGrepOracleTest, FollowsRenamesDeletionsAndMerges) {
  EXPECT_EQ(Paths(history_.initial, "LegacyVersion"), PathSet{"go/legacy.go"});
  EXPECT_EQ(Paths(history_.renames, "LegacyVersion"), PathSet{});
  EXPECT_EQ(Paths(history_.readded, "LegacyVersion"), PathSet{"go/legacy.go"});
  EXPECT_EQ(Paths(history_.initial, "subprocess.call|str_copy\\(char"),
            (PathSet{"src/util.c", "src/util.h", "tools/build.py"}));
  EXPECT_EQ(Paths(history_.renames, "subprocess.call|str_copy\\(char"),
            (PathSet{"scripts/build.py", "src/strutil.c", "src/util.h"}));
  EXPECT_EQ(Paths(history_.main_change, "ListenAndServe|bytes\\\\n"), PathSet{"src/main.c"});
  EXPECT_EQ(Paths(history_.feature_2, "ListenAndServe|bytes\\\\n"), PathSet{"go/server.go"});
  EXPECT_EQ(Paths(history_.merge, "ListenAndServe|bytes\\\\n"), (PathSet{"go/server.go", "src/main.c"}));
  EXPECT_EQ(Paths(history_.annotated_tag, "0\\.9-compat"), PathSet{"go/legacy.go"});
  EXPECT_EQ(Paths(history_.lightweight_tag, "0\\.9-compat|str_copy"),
            (PathSet{"src/main.c", "src/util.c", "src/util.h"}));
}

}  // namespace
}  // namespace scry
