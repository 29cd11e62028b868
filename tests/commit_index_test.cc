// Per-commit snapshots: commits indexed from git's objects as forks of their nearest indexed
// ancestor, searched with --rev, copied with fork, dropped and collected; a reader always sees a
// whole snapshot, and a writer killed at any point loses nothing published.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/testlib/errors.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

using testing::ExpectOneLineError;
using testing::Run;
using testing::RunResult;
using testing::Scry;
using testing::ShellQuote;
using testing::TempTree;

namespace fs = std::filesystem;

std::string Git(const fs::path& repo, const std::string& args) {
  RunResult r = Run(repo, "git -c user.name=t -c user.email=t@e -c commit.gpgsign=false " + args);
  EXPECT_EQ(r.status, 0) << "git " << args << ": " << r.err;
  return r.out;
}

// A repository whose commit i (1-based) holds kFiles files each with one "marker" line, and the word
// "onlyN" in the file it changes.  The files end in 150 lines of filler that never change, so that
// each version after a file's first is stored as a delta over that first (SegmentWriter::Add).
constexpr int kFiles = 5;

std::string Filler() {
  std::string text;
  for (int line = 1; line <= 150; ++line) text += "/* filler line " + std::to_string(line) + " */\n";
  return text;
}

void MakeHistory(const TempTree& t, int commits) {
  Git(t.root(), "init -q -b main");
  for (int i = 1; i <= commits; ++i) {
    for (int f = 0; f < kFiles; ++f) {
      if (i == 1 || f == i % kFiles) {
        t.Write("src/f" + std::to_string(f) + ".c", "int f" + std::to_string(f) + "(void) { return " +
                                                        std::to_string(i) + "; } // marker\n// only" +
                                                        std::to_string(i) + "\n" + Filler());
      }
    }
    Git(t.root(), "add -A");
    Git(t.root(), "commit -q -m c" + std::to_string(i));
  }
}

std::vector<nlohmann::json> Snapshots(const fs::path& cwd) {
  RunResult r = Scry(cwd, "snapshots --json");
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<nlohmann::json> rows;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  return rows;
}

TEST(CommitIndexTest, EachCommitIsAForkOfThePreviousAndSearchesAsItWas) {
  TempTree t;
  MakeHistory(t, 6);
  RunResult first = Scry(t.root(), "index --rev HEAD~5");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("read whole"), std::string::npos) << first.out;
  RunResult range = Scry(t.root(), "index --rev HEAD~5..HEAD");
  ASSERT_EQ(range.status, 0) << range.err;
  EXPECT_EQ(std::count(range.out.begin(), range.out.end(), '\n'), 5) << range.out;
  EXPECT_EQ(range.out.find("read whole"), std::string::npos) << range.out;

  std::vector<nlohmann::json> rows = Snapshots(t.root());
  ASSERT_EQ(rows.size(), 6u);
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i]["parent"], rows[i - 1]["commit"]);
  for (int back = 0; back <= 5; ++back) {
    std::string rev = "HEAD~" + std::to_string(back);
    int commit = 6 - back;
    RunResult r = Scry(t.root(), "search --rev " + rev + " -l only" + std::to_string(commit));
    EXPECT_EQ(r.status, 0) << rev << ": " << r.err;
    std::string expected = commit == 1 ? "src/f0.c\nsrc/f1.c\nsrc/f2.c\nsrc/f3.c\nsrc/f4.c\n"
                                       : "src/f" + std::to_string(commit % kFiles) + ".c\n";
    EXPECT_EQ(r.out, expected) << rev;
    EXPECT_EQ(Scry(t.root(), "search --rev " + rev + " -c marker").out.size(),
              kFiles * std::string("src/f0.c:1\n").size());
  }
  // A later commit's word is not in an earlier commit.
  EXPECT_EQ(Scry(t.root(), "search --rev HEAD~3 only6").status, 1);
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
}

TEST(CommitIndexTest, TheWorkTreeIsAForkOfHeadWithWhatIsOnDisk) {
  TempTree t;
  MakeHistory(t, 2);
  t.Write("src/f0.c", "uncommitted words\n");
  t.Write("untracked.txt", "untracked words\n");
  RunResult r = Scry(t.root(), "index");
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<nlohmann::json> rows = Snapshots(t.root());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["rev"], "HEAD");
  EXPECT_EQ(rows[1]["name"], "worktree");
  EXPECT_EQ(rows[1]["parent"], rows[0]["commit"]);
  EXPECT_EQ(Scry(t.root(), "search -l words").out, "src/f0.c\nuntracked.txt\n");
  EXPECT_EQ(Scry(t.root(), "search --rev HEAD words").status, 1);
  EXPECT_EQ(Scry(t.root(), "search --rev HEAD -l only2").out, "src/f2.c\n");
}

TEST(CommitIndexTest, ForkCopiesInstantlyAndDropThenGcKeepsWhatOthersNeed) {
  TempTree t;
  MakeHistory(t, 3);
  ASSERT_EQ(Scry(t.root(), "index --rev HEAD~2 --rev HEAD~1 --rev HEAD").status, 0);
  RunResult fork = Scry(t.root(), "fork HEAD~1 pinned");
  ASSERT_EQ(fork.status, 0) << fork.err;
  EXPECT_EQ(Scry(t.root(), "search --rev pinned -l only2").out, "src/f2.c\n");
  ExpectOneLineError(Scry(t.root(), "fork HEAD pinned"), 2, "pinned");
  ExpectOneLineError(Scry(t.root(), "fork HEAD " + std::string(40, 'a')), 2);
  ExpectOneLineError(Scry(t.root(), "fork nowhere other"), 2, "nowhere");

  ExpectOneLineError(Scry(t.root(), "drop HEAD~2 nowhere"), 2, "nowhere");
  EXPECT_EQ(Snapshots(t.root()).size(), 4u);  // nothing dropped
  ASSERT_EQ(Scry(t.root(), "drop HEAD~2 HEAD~1").status, 0);
  EXPECT_EQ(Snapshots(t.root()).size(), 2u);
  // The copy of HEAD~1 still reads: it shares the files of the dropped snapshot.
  EXPECT_EQ(Scry(t.root(), "search --rev pinned -l only2").out, "src/f2.c\n");
  EXPECT_EQ(Scry(t.root(), "search --rev HEAD -l only3").out, "src/f3.c\n");
  ASSERT_EQ(Scry(t.root(), "gc").status, 0);
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
  RunResult gone = Scry(t.root(), "search --rev HEAD~2 marker");
  ExpectOneLineError(gone, 3, "HEAD~2");
  EXPECT_NE(gone.err.find("scry index --rev HEAD~2"), std::string::npos) << gone.err;
}

TEST(CommitIndexTest, BadRevisionsGetOneClearLineAndLoseNothing) {
  TempTree t;
  MakeHistory(t, 2);
  ASSERT_EQ(Scry(t.root(), "index --rev HEAD").status, 0);
  ExpectOneLineError(Scry(t.root(), "index --rev no-such-branch"), 2, "no-such-branch");
  ExpectOneLineError(Scry(t.root(), "index --rev HEAD...HEAD~1"), 2, "HEAD...HEAD~1");
  ExpectOneLineError(Scry(t.root(), "search --rev no-such-tag x"), 2, "no-such-tag");
  ExpectOneLineError(Scry(t.root(), "search --rev HEAD~1 x"), 3, "HEAD~1");
  EXPECT_EQ(Scry(t.root(), "search --rev HEAD -l only2").out, "src/f2.c\n");

  TempTree plain;
  plain.Write("a.txt", "x\n");
  ExpectOneLineError(Scry(plain.root(), "index --rev HEAD"), 2, "git");
}

TEST(CommitIndexTest, SubmodulesAndBinaryBlobsAreSkippedAndListed) {
  TempTree sub;
  MakeHistory(sub, 1);
  TempTree t;
  MakeHistory(t, 1);
  Git(t.root(),
      "-c protocol.file.allow=always submodule add -q " + ShellQuote(sub.root().string()) + " lib/sub");
  t.Write("data.bin", std::string("ab\0cd", 5) + "\nmarker\n");
  t.Write("late_nul.txt", std::string(9000, 'x') + "\nmarker\n" + std::string(1, '\0'));
  Git(t.root(), "add -A");
  Git(t.root(), "commit -q -m sub");
  ASSERT_EQ(Scry(t.root(), "index --rev HEAD").status, 0);
  RunResult skipped = Scry(t.root(), "stats --rev HEAD --skipped");
  EXPECT_NE(skipped.out.find("lib/sub\tsubmodule"), std::string::npos) << skipped.out;
  EXPECT_NE(skipped.out.find("data.bin\tbinary"), std::string::npos) << skipped.out;
  // git reads a blob as text when its first 8,000 bytes hold no NUL, as git grep does.
  EXPECT_EQ(Scry(t.root(), "search --rev HEAD -l marker").out,
            "late_nul.txt\nsrc/f0.c\nsrc/f1.c\nsrc/f2.c\nsrc/f3.c\nsrc/f4.c\n");
}

// Every commit adds a small segment; compaction merges them and rewrites the manifests that refer
// to them, and every snapshot reads exactly as before.
// The value of a `scry stats` row.
uint64_t StatsRow(const fs::path& cwd, const std::string& args, const std::string& row) {
  RunResult r = Scry(cwd, "stats " + args);
  EXPECT_EQ(r.status, 0) << r.err;
  size_t at = r.out.find("\n" + row + " ");
  EXPECT_NE(at, std::string::npos) << r.out;
  return at == std::string::npos
             ? 0
             : std::stoull(r.out.substr(r.out.find_first_not_of(' ', at + 1 + row.size())));
}

TEST(CommitIndexTest, CompactionMergesSmallSegmentsAndEverySnapshotReadsTheSame) {
  TempTree t;
  MakeHistory(t, 8);
  ASSERT_EQ(Scry(t.root(), "index --rev HEAD~7").status, 0);
  for (int back = 6; back >= 0; --back) {
    ASSERT_EQ(Scry(t.root(), "index --rev HEAD~" + std::to_string(back)).status, 0);
  }
  ASSERT_EQ(Scry(t.root(), "index").status, 0);  // and the work tree, a fork of HEAD
  ASSERT_EQ(Scry(t.root(), "fork HEAD~3 pinned").status, 0);
  auto segments = [&] {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(t.root() / ".git" / "scry" / "segments"))
      n += e.path().extension() == ".seg";
    return n;
  };
  EXPECT_EQ(segments(), 8u);
  std::vector<std::string> before;
  std::vector<nlohmann::json> rows = Snapshots(t.root());
  for (const nlohmann::json& row : rows) {
    before.push_back(
        Scry(t.root(), "search --rev " + std::string(row["name"]) + " --sort path -n 'only|marker'").out);
  }
  // Each commit after the first changed one file a little: a delta over its first version.
  EXPECT_GT(StatsRow(t.root(), "--rev HEAD", "  stored as deltas"), 0u);
  RunResult gc = Scry(t.root(), "gc");
  ASSERT_EQ(gc.status, 0) << gc.err;
  EXPECT_NE(gc.out.find("merged 8 small segments"), std::string::npos) << gc.out;
  EXPECT_EQ(segments(), 1u);
  EXPECT_EQ(StatsRow(t.root(), "--rev HEAD", "  stored as deltas"), 7u);  // merged, still deltas
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(
        Scry(t.root(), "search --rev " + std::string(rows[i]["name"]) + " --sort path -n 'only|marker'").out,
        before[i])
        << rows[i]["name"];
  }
  EXPECT_EQ(Scry(t.root(), "symbols --rev HEAD~3 --exact f3").out,
            Scry(t.root(), "symbols --rev pinned --exact f3").out);
  // Indexing goes on over the compacted store.
  t.Write("src/f1.c", "int later(void) { return 0; } // marker\n");
  Git(t.root(), "commit -q -am later");
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  EXPECT_EQ(Scry(t.root(), "search --rev HEAD -l later").out, "src/f1.c\n");
}

// Indexing commit after commit merges their small segments as it goes, and never copies a merged
// segment again until as many of its size have gathered.
TEST(CommitIndexTest, IndexingMergesSmallSegmentsAsItGoes) {
  TempTree t;
  MakeHistory(t, 20);
  for (int back = 19; back >= 0; --back) {
    ASSERT_EQ(Scry(t.root(), "index --rev HEAD~" + std::to_string(back)).status, 0);
  }
  size_t segments = 0;
  for (const auto& e : fs::directory_iterator(t.root() / ".git" / "scry" / "segments"))
    segments += e.path().extension() == ".seg";
  EXPECT_LE(segments, 6u);
  for (const nlohmann::json& row : Snapshots(t.root())) {
    RunResult r = Scry(t.root(), "search --rev " + std::string(row["name"]) + " -l marker");
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), kFiles) << r.err;
  }
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
}

// A search started while an indexer publishes commit after commit sees one whole snapshot: every
// commit has exactly kFiles files with "marker".
TEST(CommitIndexTest, SearchesDuringIndexingSeeWholeSnapshots) {
  TempTree t;
  MakeHistory(t, 25);
  ASSERT_EQ(Scry(t.root(), "index --rev HEAD~24").status, 0);
  pid_t indexer = testing::StartScry(t.root(), {"index", "--rev", "HEAD~24..HEAD"});
  int searches = 0, status = 0;
  while (waitpid(indexer, &status, WNOHANG) == 0) {
    std::vector<nlohmann::json> rows = Snapshots(t.root());
    ASSERT_FALSE(rows.empty());
    std::string newest = rows.back()["name"];
    RunResult r = Scry(t.root(), "search --rev " + newest + " -l marker");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), kFiles) << newest << ":\n" << r.out;
    ++searches;
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_GT(searches, 0);
  EXPECT_EQ(Snapshots(t.root()).size(), 25u);
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
}

TEST(CommitIndexTest, KillingTheIndexerAnywhereKeepsThePublishedSnapshots) {
  TempTree t;
  MakeHistory(t, 30);
  ASSERT_EQ(Scry(t.root(), "index --rev HEAD~29").status, 0);
  for (int round = 0; round < 6; ++round) {
    pid_t pid = testing::StartScry(t.root(), {"index", "--rev", "HEAD~29..HEAD"});
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 37 * round));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    RunResult check = Scry(t.root(), "check");
    ASSERT_EQ(check.status, 0) << "round " << round << ": " << check.err;
    for (const nlohmann::json& row : Snapshots(t.root())) {
      RunResult r = Scry(t.root(), "search --rev " + std::string(row["name"]) + " -l marker");
      EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), kFiles) << "round " << round << ": " << r.err;
    }
  }
  ASSERT_EQ(Scry(t.root(), "index --rev HEAD~29..HEAD").status, 0);
  EXPECT_EQ(Snapshots(t.root()).size(), 30u);
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
}

}  // namespace
}  // namespace scry
