// `scry index` end to end: incremental re-indexing, skipped files, bad input, damage, and kill -9.
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tests/testlib/errors.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::ExpectOneLineError;
using testing::Rg;
using testing::RunResult;
using testing::Scry;
using testing::TempTree;

// The number before `label` in scry index's summary line.
uint64_t Count(const std::string& summary, const std::string& label) {
  uint64_t count = UINT64_MAX;
  re2::RE2::PartialMatch(summary, "(\\d+) " + label, &count);
  return count;
}

// prefix + i + suffix.  (GCC 12 warns falsely about "literal" + std::to_string(i) at -O3.)
std::string Numbered(std::string prefix, int i, std::string_view suffix = "") {
  prefix += std::to_string(i);
  prefix += suffix;
  return prefix;
}

void ExpectSameAsRg(const fs::path& root, const std::string& pattern) {
  RunResult rg = Rg(root, "--sort path --vimgrep " + testing::ShellQuote(pattern));
  RunResult scry = Scry(root, "search --vimgrep " + testing::ShellQuote(pattern));
  EXPECT_EQ(scry.out, rg.out) << pattern << "\n" << scry.err;
}

TEST(IndexTest, ReindexReadsOnlyChangedFilesAndForgetsDeletedOnes) {
  TempTree t;
  for (int i = 0; i < 20; ++i) t.Write(Numbered("f", i, ".txt"), Numbered("file ", i, " alpha\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  RunResult first = Scry(t.root(), "index");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(Count(first.out, "files"), 20u);
  EXPECT_EQ(Count(first.out, "new documents"), 20u);

  // Files written just before the previous run started are re-read (racy mtimes); these were not.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  RunResult again = Scry(t.root(), "index");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(Count(again.out, "read"), 0u) << again.out;

  t.Write("f3.txt", "file 3 beta\n");
  t.Write("new.txt", "brand new alpha\n");
  fs::remove(t.root() / "f7.txt");
  t.Write("copy.txt", "file 5 alpha\n");  // same content as f5.txt: no new document
  RunResult third = Scry(t.root(), "index");
  ASSERT_EQ(third.status, 0) << third.err;
  EXPECT_EQ(Count(third.out, "files"), 21u);
  EXPECT_EQ(Count(third.out, "read"), 3u);
  EXPECT_EQ(Count(third.out, "new documents"), 2u);
  EXPECT_EQ(Count(third.out, "removed"), 1u);
  ExpectSameAsRg(t.root(), "alpha");
  ExpectSameAsRg(t.root(), "beta");
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
}

TEST(IndexTest, SkippedFilesAreCountedAndListed) {
  TempTree t;
  t.Write("ok.txt", "text\n");
  t.Write("blob.bin", std::string("abc\0def", 7));
  fs::create_symlink(t.root() / "ok.txt", t.root() / "link.txt");
  RunResult r = Scry(t.root(), "index");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Count(r.out, "skipped"), 1u) << r.out;
  EXPECT_EQ(Count(r.out, "symlinks not followed"), 1u) << r.out;
  RunResult skipped = Scry(t.root(), "stats --skipped");
  EXPECT_EQ(skipped.out, "blob.bin\tbinary: NUL byte at offset 3\n");
  RunResult stats = Scry(t.root(), "stats");
  EXPECT_NE(stats.out.find("documents"), std::string::npos);
}

TEST(IndexTest, TheStoreItselfIsNeverIndexedEvenWithHidden) {
  TempTree t;
  t.Write("a.txt", "needle\n");
  t.Write(".dot/b.txt", "needle\n");
  ASSERT_EQ(Scry(t.root(), "index --hidden").status, 0);
  RunResult again = Scry(t.root(), "index --hidden");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(Count(again.out, "files"), 2u) << again.out;
  EXPECT_EQ(Scry(t.root(), "search -l needle").out, ".dot/b.txt\na.txt\n");
}

TEST(IndexTest, BadInputGetsOneClearLineAndDistinctStatus) {
  TempTree t;
  t.Write("a.txt", "needle\n");
  RunResult none = Scry(t.root(), "search needle");
  EXPECT_EQ(none.status, 3);
  EXPECT_NE(none.err.find("scry index"), std::string::npos) << none.err;

  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  ExpectOneLineError(Scry(t.root(), "search 'a(b'"), 2, "a(b");

  RunResult outside = Scry(t.root(), "search needle /");
  EXPECT_EQ(outside.status, 2);
  EXPECT_NE(outside.err.find("outside the index"), std::string::npos) << outside.err;

  RunResult missing = Scry(t.root(), "search needle nope/");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nope/"), std::string::npos) << missing.err;

  RunResult no_match = Scry(t.root(), "search xyzzy");
  EXPECT_EQ(no_match.status, 1);
  EXPECT_EQ(no_match.out, "");

  RunResult bad_dir = Scry(t.root(), "index does-not-exist");
  EXPECT_EQ(bad_dir.status, 2);
  EXPECT_NE(bad_dir.err.find("does-not-exist"), std::string::npos);

  // Nothing indexed was lost on the way.
  EXPECT_EQ(Scry(t.root(), "search needle").out, "a.txt:needle\n");
}

TEST(IndexTest, DamagedStoreIsNamedByCheck) {
  TempTree t;
  t.Write("a.txt", "needle\n");
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  ASSERT_EQ(Scry(t.root(), "check").status, 0);
  fs::path segment;
  for (const auto& e : fs::directory_iterator(t.root() / ".scry" / "segments")) segment = e.path();
  {
    std::fstream f(segment, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4);
    f.put('\x42');
  }
  RunResult check = Scry(t.root(), "check");
  EXPECT_EQ(check.status, 4);
  EXPECT_NE(check.err.find(segment.filename().string()), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("scry index --rebuild"), std::string::npos) << check.err;

  RunResult rebuilt = Scry(t.root(), "index --rebuild");
  EXPECT_EQ(rebuilt.status, 0) << rebuilt.err;
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
  EXPECT_EQ(Scry(t.root(), "search needle").out, "a.txt:needle\n");
}

TEST(IndexTest, KillDuringIndexLeavesThePreviousIndexIntact) {
  TempTree t;
  for (int i = 0; i < 400; ++i) {
    t.Write(Numbered("d", i % 10) + Numbered("/f", i, ".txt"),
            std::string(20000, static_cast<char>('a' + i % 26)) + Numbered("\nmarker ", i, "\n"));
  }
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  RunResult before = Scry(t.root(), "search -c marker");
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 400; i += 3)
      t.Write(Numbered("d0/new", round) + Numbered("_", i), "marker x\n" + std::string(30000, 'q'));
    pid_t pid = testing::StartScry(t.root(), {"index"});
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + 15 * round));
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    RunResult check = Scry(t.root(), "check");
    EXPECT_EQ(check.status, 0) << "round " << round << ": " << check.err;
    RunResult search = Scry(t.root(), "search -c marker");
    EXPECT_EQ(search.status, 0) << search.err;
  }
  // A run to completion afterwards cleans up and sees everything.
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
  ExpectSameAsRg(t.root(), "marker");
}

}  // namespace
}  // namespace scry
