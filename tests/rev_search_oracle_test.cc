// `scry search --rev R P` finds exactly what `git grep -n -I --column -E P R` finds, for every commit
// of a history with renames, deletions, binary blobs, attributes, a symlink, a submodule, hidden
// files, CRLF, a merge and tags, whichever order the commits were indexed in.
#include <gtest/gtest.h>

#include "tests/testlib/git_grep_oracle.h"
#include "tests/testlib/history_repo.h"
#include "tests/testlib/rg_oracle.h"
#include "tests/testlib/run.h"

namespace scry {
namespace {

using testing::GitGrep;
using testing::GitRepo;
using testing::GrepLine;
using testing::HistoryRepo;
using testing::RunResult;
using testing::Scry;
using testing::ShellQuote;

// `scry search --rev R -n --column` lines, path:line:column:text, parsed as git grep's.
std::vector<GrepLine> ScrySearch(const GitRepo& repo, const std::string& rev, const std::string& pattern,
                                 const PatternOptions& options) {
  RunResult r =
      Scry(repo.root(), "search --rev " + ShellQuote(rev) + " --sort path --no-heading -n --column " +
                            testing::RgFlags(options) + " -e " + ShellQuote(pattern));
  EXPECT_TRUE(r.status == 0 || r.status == 1) << rev << " " << pattern << ": " << r.err;
  std::vector<GrepLine> lines;
  size_t at = 0;
  while (at < r.out.size()) {
    size_t end = r.out.find('\n', at);
    std::string line = r.out.substr(at, end - at);
    at = end == std::string::npos ? r.out.size() : end + 1;
    size_t a = line.find(':'), b = line.find(':', a + 1), c = line.find(':', b + 1);
    lines.push_back({line.substr(0, a), std::stoul(line.substr(a + 1, b - a - 1)),
                     std::stoul(line.substr(b + 1, c - b - 1)), line.substr(c + 1)});
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

class RevSearchOracleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    repo_ = new GitRepo();
    history_ = new HistoryRepo(BuildHistoryRepo(*repo_));
  }
  static void TearDownTestSuite() {
    delete history_;
    delete repo_;
  }

  std::vector<std::string> Revisions() const {
    return {history_->initial,
            history_->binaries,
            history_->links,
            history_->renames,
            history_->feature_1,
            history_->main_change,
            history_->feature_2,
            history_->merge,
            history_->readded,
            "v1.0",
            "v2.0",
            "feature"};
  }

  void ExpectSameAsGitGrep(const std::vector<std::string>& patterns) {
    size_t lines = 0;
    for (const std::string& rev : Revisions()) {
      for (const std::string& pattern : patterns) {
        for (PatternOptions options : {PatternOptions{}, PatternOptions{.ignore_case = true}}) {
          std::vector<GrepLine> expected = GitGrep(*repo_, rev, {pattern}, options);
          EXPECT_EQ(ScrySearch(*repo_, rev, pattern, options), expected)
              << "rev " << rev << " pattern " << pattern << " -i " << options.ignore_case;
          lines += expected.size();
        }
      }
    }
    EXPECT_GT(lines, 500u) << "the oracle found too little for the comparison to mean much";
  }

  static GitRepo* repo_;
  static HistoryRepo* history_;
};

GitRepo* RevSearchOracleTest::repo_ = nullptr;
HistoryRepo* RevSearchOracleTest::history_ = nullptr;

// Patterns that mean the same in POSIX ERE (git grep -E) and RE2/rg syntax.
const std::vector<std::string> kPatterns = {
    "func",    "def [a-z_]+", "^#include", "return;?$", "TODO|FIXME", "[0-9]{3,}",
    "ID",      "util",        "legacy",    "feature",   "token",      "golden",
    "version", "env",         "x{5}",      "é",         "\\.",        "[A-Z][a-z]+ [A-Z]",
};

TEST_F(RevSearchOracleTest, CommitsIndexedOldestFirstMatchGitGrep) {
  RunResult index = Scry(repo_->root(), "index --rev " + history_->initial + "..main --rev " +
                                            history_->initial + " --all-branches");
  ASSERT_EQ(index.status, 0) << index.err;
  ExpectSameAsGitGrep(kPatterns);
  EXPECT_EQ(Scry(repo_->root(), "check").status, 0);
}

TEST_F(RevSearchOracleTest, CommitsIndexedNewestFirstMatchGitGrep) {
  GitRepo other;
  HistoryRepo history = BuildHistoryRepo(other);
  std::vector<std::string> revisions = {history.readded,     history.merge,   history.feature_2,
                                        history.renames,     history.initial, history.feature_1,
                                        history.main_change, history.links,   history.binaries};
  for (const std::string& rev : revisions) {
    RunResult r = Scry(other.root(), "index --rev " + rev);
    ASSERT_EQ(r.status, 0) << r.err;
  }
  for (const std::string& rev : revisions) {
    for (std::string pattern : {"func", "legacy", "util", "ID"}) {
      EXPECT_EQ(ScrySearch(other, rev, pattern, {}), GitGrep(other, rev, {pattern}, {}))
          << rev << " " << pattern;
    }
  }
}

TEST_F(RevSearchOracleTest, SymlinksSubmodulesAndBinariesAreListedAsSkipped) {
  ASSERT_EQ(Scry(repo_->root(), "index --rev v2.0").status, 0);
  RunResult skipped = Scry(repo_->root(), "stats --rev v2.0 --skipped");
  ASSERT_EQ(skipped.status, 0) << skipped.err;
  for (const char* expected :
       {"include/util.h\tsymbolic link", "vendor/libfoo\tsubmodule", "assets/logo.png\tbinary",
        "data/early_nul.txt\tbinary", "testdata/golden.txt\tbinary"}) {
    EXPECT_NE(skipped.out.find(expected), std::string::npos) << expected << " in\n" << skipped.out;
  }
  EXPECT_EQ(skipped.out.find("data/late_nul.txt"), std::string::npos) << skipped.out;
}

}  // namespace
}  // namespace scry
