// `scry hooks`: real repositories built with the git CLI, real commits, checkouts and rebases firing
// the hooks, and the background runs they start.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "tests/testlib/errors.h"
#include "tests/testlib/git_repo.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"
#include "util/file.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::ExpectOneLineError;
using testing::RunResult;
using testing::Scry;
using testing::ShellQuote;
using testing::TempTree;

constexpr const char* kHooks[] = {"post-commit", "post-checkout", "post-merge", "post-rewrite"};

size_t LineCount(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// Whether a process has its working directory in `dir`: the hooks' background runs, from the shell a
// hook forks to the `scry index` the runner starts, all work in the work tree.
bool ProcessWorksIn(const fs::path& dir) {
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
    std::error_code error;
    fs::path cwd = fs::read_symlink(entry.path() / "cwd", error);
    if (!error && cwd == dir) return true;
  }
  return false;
}

// A repository with one commit.  HOME is the one GitRepo gives git, so that no configuration of the
// user's (a global core.hooksPath) reaches scry either.
class HooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("HOME", repo_.root().parent_path().c_str(), 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    unsetenv("XDG_CONFIG_HOME");
    root_ = fs::canonical(repo_.root());
    repo_.Write("a.txt", "first\n");
    repo_.Commit("first");
  }

  // No test leaves a background run behind, nor removes the tree under one.
  void TearDown() override { WaitForBackgroundRuns(); }

  void Install() {
    RunResult r = Scry(root_, "hooks install");
    ASSERT_EQ(r.status, 0) << r.err;
  }

  fs::path HooksDir() const { return root_ / ".git" / "hooks"; }
  fs::path Store() const { return root_ / ".git" / "scry"; }

  // A hook of the repository's own, there before scry's.
  void WriteHook(const std::string& name, const std::string& script, fs::perms perms = fs::perms(0755)) {
    fs::create_directories(HooksDir());
    WriteFileAtomically(HooksDir() / name, script);
    fs::permissions(HooksDir() / name, perms);
  }

  // Waits for every run a hook started to end.  A hook returns before its run starts, so the wait
  // lasts until no process has worked in the repository for 200 ms.
  void WaitForBackgroundRuns() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (int quiet = 0; quiet < 10;) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "a background run did not end";
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      quiet = ProcessWorksIn(root_) ? 0 : quiet + 1;
    }
  }

  // Polls `scry search -l WORD` until it prints `path`.
  void ExpectIndexedSoon(const std::string& word, const std::string& path) {
    RunResult r;
    for (int i = 0; i < 200; ++i) {
      r = Scry(root_, "search -l " + word);
      if (r.out == path + "\n") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << word << " was not indexed within 20 s: " << r.out << r.err;
  }

  std::string LogText() const {
    return fs::exists(Store() / "hooks.log") ? ReadFile(Store() / "hooks.log") : "";
  }

  testing::GitRepo repo_;
  TempTree scratch_;
  fs::path root_;
};

TEST_F(HooksTest, InstallWritesFourExecutableScryHooks) {
  RunResult r = Scry(root_, "hooks install");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(LineCount(r.out), 1u) << r.out;
  EXPECT_NE(r.out.find(HooksDir().string()), std::string::npos) << r.out;
  for (const char* name : kHooks) {
    fs::path hook = HooksDir() / name;
    ASSERT_TRUE(fs::is_regular_file(hook)) << name;
    EXPECT_NE(fs::status(hook).permissions() & fs::perms::owner_exec, fs::perms::none) << name;
    std::string script = ReadFile(hook);
    EXPECT_TRUE(script.starts_with("#!/bin/sh\n# scry-hook: ")) << script;
    EXPECT_NE(script.find(ShellQuote(fs::canonical(SCRY_BINARY).string())), std::string::npos) << script;
  }
  RunResult status = Scry(root_, "hooks status");
  ASSERT_EQ(status.status, 0) << status.err;
  for (const char* name : kHooks) {
    EXPECT_TRUE(RE2::PartialMatch(status.out, std::string("\\n  ") + name + " +scry's\\n")) << status.out;
  }

  RunResult removed = Scry(root_, "hooks uninstall");
  ASSERT_EQ(removed.status, 0) << removed.err;
  EXPECT_EQ(LineCount(removed.out), 1u) << removed.out;
  for (const char* name : kHooks) EXPECT_FALSE(fs::exists(HooksDir() / name)) << name;
  EXPECT_EQ(Scry(root_, "hooks uninstall").out, "no scry hooks in " + HooksDir().string() + "\n");
}

TEST_F(HooksTest, ChainedHookKeepsRunningAndIsRestoredByteForByte) {
  fs::path ran = scratch_.root() / "ran";
  std::string original = "#!/bin/sh\necho \"post-commit ran $#\" >> " + ShellQuote(ran.string()) + "\n";
  WriteHook("post-commit", original, fs::perms(0750));
  Install();
  EXPECT_EQ(ReadFile(HooksDir() / "post-commit.scry-chained"), original);

  repo_.Run("commit -q --allow-empty -m second");
  EXPECT_EQ(ReadFile(ran), "post-commit ran 0\n");

  RunResult r = Scry(root_, "hooks uninstall");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("post-commit"), std::string::npos) << r.out;
  EXPECT_EQ(ReadFile(HooksDir() / "post-commit"), original);
  EXPECT_EQ(fs::status(HooksDir() / "post-commit").permissions(), fs::perms(0750));
  EXPECT_FALSE(fs::exists(HooksDir() / "post-commit.scry-chained"));
  for (const char* name : {"post-checkout", "post-merge", "post-rewrite"}) {
    EXPECT_FALSE(fs::exists(HooksDir() / name)) << name;
  }

  repo_.Run("commit -q --allow-empty -m third");
  EXPECT_EQ(ReadFile(ran), "post-commit ran 0\npost-commit ran 0\n");
}

TEST_F(HooksTest, PostCheckoutStatusStillReachesGitCheckout) {
  WriteHook("post-checkout", "#!/bin/sh\nexit 3\n");
  repo_.Run("branch other");
  RunResult without_scry = repo_.TryRun("checkout -q other");
  ASSERT_NE(without_scry.status, 0);
  repo_.TryRun("checkout -q main");

  Install();
  RunResult with_scry = repo_.TryRun("checkout -q other");
  EXPECT_EQ(with_scry.status, without_scry.status);
  EXPECT_EQ(with_scry.err, without_scry.err);
  EXPECT_EQ(repo_.Run("branch --show-current"), "other\n");
}

TEST_F(HooksTest, PostRewriteArgumentsAndStdinReachTheChainedHook) {
  fs::path seen = scratch_.root() / "seen";
  WriteHook("post-rewrite", "#!/bin/sh\n{ echo \"args $*\"; cat; } > " + ShellQuote(seen.string()) + "\n");
  Install();
  std::string before = repo_.Run("rev-parse HEAD");
  repo_.Run("commit -q --amend --allow-empty -m amended");
  std::string after = repo_.Run("rev-parse HEAD");
  before.pop_back();
  EXPECT_EQ(ReadFile(seen), "args amend\n" + before + " " + after);
}

TEST_F(HooksTest, InstallingTwiceChangesNothing) {
  fs::path ran = scratch_.root() / "ran";
  WriteHook("post-commit", "#!/bin/sh\necho ran >> " + ShellQuote(ran.string()) + "\n");
  auto snapshot = [&] {
    std::map<std::string, std::pair<std::string, fs::perms>> files;
    for (const fs::directory_entry& e : fs::directory_iterator(HooksDir())) {
      files[e.path().filename()] = {ReadFile(e.path()), e.status().permissions()};
    }
    return files;
  };
  Install();
  auto once = snapshot();
  Install();
  EXPECT_EQ(snapshot(), once);
  repo_.Run("commit -q --allow-empty -m second");
  EXPECT_EQ(ReadFile(ran), "ran\n");
}

TEST_F(HooksTest, CommitsAreIndexedInTheBackground) {
  Install();
  repo_.Write("b.txt", "zebraquokka\n");
  repo_.Commit("b");
  ExpectIndexedSoon("zebraquokka", "b.txt");

  WaitForBackgroundRuns();
  repo_.Write("c.txt", "yakwombat\n");
  repo_.Commit("c");
  ExpectIndexedSoon("yakwombat", "c.txt");
  WaitForBackgroundRuns();
  EXPECT_TRUE(RE2::PartialMatch(LogText(), R"(\d\dZ exit 0 [\d.]+s indexed \d+ files)")) << LogText();
}

TEST_F(HooksTest, ABurstOfCommitsRunsFewerIndexesThanCommits) {
  Install();
  for (int i = 1; i <= 20; ++i) {
    std::string n = std::to_string(i);
    repo_.Write("f" + n + ".txt", "burstword" + n + "\n");
    repo_.Commit("burst");
  }
  WaitForBackgroundRuns();
  size_t runs = LineCount(LogText());
  EXPECT_GE(runs, 1u);
  EXPECT_LE(runs, 5u) << LogText();  // one, unless the machine stalls a commit past the quiet time
  EXPECT_EQ(Scry(root_, "search -l burstword20").out, "f20.txt\n");  // the last run followed the last commit
}

TEST_F(HooksTest, GitPrintsNothingFromScry) {
  Install();
  RunResult r = repo_.TryRun("commit --allow-empty -m quiet");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(RE2::FullMatch(r.out, R"(\[main [0-9a-f]+\] quiet\n)")) << r.out;
}

TEST_F(HooksTest, WithoutAScryBinaryTheHooksDoNothingAndGitSucceeds) {
  fs::path copy = scratch_.root() / "scry-copy";
  fs::copy_file(SCRY_BINARY, copy);
  RunResult installed = testing::Run(root_, ShellQuote(copy.string()) + " hooks install");
  ASSERT_EQ(installed.status, 0) << installed.err;
  fs::remove(copy);

  // Where no scry is on PATH either; git as GitRepo runs it, but for PATH.
  repo_.Run("config user.name test");
  repo_.Run("config user.email t@e.st");
  RunResult r = testing::Run(root_, "PATH=/usr/bin:/bin git commit -q --allow-empty -m orphaned");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out + r.err, "");
  WaitForBackgroundRuns();
  EXPECT_FALSE(fs::exists(Store()));
}

TEST_F(HooksTest, CoreHooksPathIsHonoured) {
  repo_.Run("config core.hooksPath .githooks");
  RunResult r = Scry(root_, "hooks install");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find((root_ / ".githooks").string()), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(root_ / ".githooks" / "post-commit"));
  EXPECT_FALSE(fs::exists(HooksDir() / "post-commit"));

  repo_.Run("commit -q --allow-empty -m second");
  WaitForBackgroundRuns();
  EXPECT_EQ(LineCount(LogText()), 1u) << LogText();
}

TEST_F(HooksTest, TheStoreGivenToInstallIsTheOneIndexed) {
  fs::path store = scratch_.root() / "the store's dir";
  RunResult r = Scry(root_, "hooks install --store " + ShellQuote(store.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  repo_.Write("b.txt", "elsewhereword\n");
  repo_.Commit("b");
  WaitForBackgroundRuns();
  EXPECT_EQ(Scry(root_, "search -l --store " + ShellQuote(store.string()) + " elsewhereword").out, "b.txt\n");
  EXPECT_TRUE(fs::exists(store / "hooks.log"));
  EXPECT_FALSE(fs::exists(Store()));
}

TEST_F(HooksTest, OutsideARepositoryIsBadInput) {
  TempTree plain;
  fs::path dir = fs::canonical(plain.root());
  for (const char* sub : {"install", "uninstall", "run", "status"}) {
    SCOPED_TRACE(sub);
    ExpectOneLineError(Scry(dir, std::string("hooks ") + sub), 2, dir.string());
  }
}

TEST_F(HooksTest, ASymlinkedHookIsRefusedBeforeAnythingChanges) {
  fs::create_directories(HooksDir());
  fs::create_symlink("/bin/true", HooksDir() / "post-merge");
  ExpectOneLineError(Scry(root_, "hooks install"), 2, (HooksDir() / "post-merge").string());
  EXPECT_FALSE(fs::exists(HooksDir() / "post-commit"));
}

TEST_F(HooksTest, AForeignHookOverScrysWithAChainedOneLeftIsRefused) {
  WriteHook("post-commit", "#!/bin/sh\necho first\n");
  Install();
  WriteHook("post-commit", "#!/bin/sh\necho another tool's\n");
  ExpectOneLineError(Scry(root_, "hooks install"), 2, (HooksDir() / "post-commit").string());
  EXPECT_EQ(ReadFile(HooksDir() / "post-commit.scry-chained"), "#!/bin/sh\necho first\n");
}

}  // namespace
}  // namespace scry
