// WalkTree against ripgrep 13 itself: each tree is walked by both, and the file lists must be equal.
#include "indexer/walk.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::RunCommand;
using testing::ShellQuote;
using testing::SortedLines;
using testing::TempTree;

std::vector<std::string> Walk(const fs::path& root, const WalkOptions& options = {},
                              WalkReport* report = nullptr) {
  WalkReport ignored;
  std::vector<std::string> paths;
  WalkTree(
      root, options, [&](WalkedFile&& file) { paths.push_back(std::move(file.path)); },
      report != nullptr ? report : &ignored);
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<std::string> Ripgrep(const fs::path& root, const std::string& flags = "") {
  return SortedLines(
      RunCommand("cd " + ShellQuote(root.string()) + " && rg --no-config --files " + flags + " 2>/dev/null"));
}

void Run(const std::string& command) {
  int status = 0;
  RunCommand(command, &status);
  ASSERT_EQ(status, 0) << command;
}

void GitInit(const fs::path& dir) { Run("git init -q " + ShellQuote(dir.string()) + " 2>/dev/null"); }

// HOME points at an empty directory, so neither the user's git configuration nor their global excludes
// file can change what rg or WalkTree decide.
class WalkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("HOME", home_.root().c_str(), 1);
    unsetenv("XDG_CONFIG_HOME");
  }

  // Compares WalkTree with rg under the default options and each option's rg flag.  rg --hidden walks
  // into .git, which WalkTree never does, hence the extra glob.
  void ExpectSameAsRipgrep(const fs::path& root) {
    EXPECT_EQ(Walk(root), Ripgrep(root)) << "default options";
    EXPECT_EQ(Walk(root, {.hidden = true}), Ripgrep(root, "--hidden -g '!.git'")) << "--hidden";
    EXPECT_EQ(Walk(root, {.ignore_files = false}), Ripgrep(root, "--no-ignore")) << "--no-ignore";
    EXPECT_EQ(Walk(root, {.follow_symlinks = true}), Ripgrep(root, "-L")) << "-L";
    EXPECT_EQ(Walk(root, {.follow_symlinks = true, .hidden = true, .ignore_files = false}),
              Ripgrep(root, "-L --hidden --no-ignore -g '!.git'"))
        << "-L --hidden --no-ignore";
  }

  TempTree home_;
  TempTree tree_;
};

void WriteRepositoryTree(const TempTree& tree) {
  tree.Write(".gitignore",
             "# a comment\n"
             "*.log\n"
             "!keep.log\n"
             "build/\n"
             "/anchored.txt\n"
             "docs/**/gen\n"
             "**/tmp\n"
             "lib/**\n"
             "\\#hash\n"
             "trailing \n"
             "*.[oa]\n"
             "!lib/\n");
  for (const char* path : {"keep.log",
                           "a.log",
                           "main.c",
                           "main.o",
                           "libx.a",
                           "build/out.c",
                           "src/build",
                           "anchored.txt",
                           "src/anchored.txt",
                           "docs/a/b/gen/x.txt",
                           "docs/gen",
                           "docs/readme.md",
                           "x/tmp/y.c",
                           "lib/inner.c",
                           "#hash",
                           "trailing",
                           "src/main.c",
                           "src/other.c",
                           "src/debug.log",
                           "src/deeper/z.c",
                           "notes.bak",
                           "important.bak",
                           "excluded.txt",
                           "sub/excluded.txt",
                           ".hidden_file",
                           ".hdir/f.txt",
                           ".hdir/g.log",
                           "a/b/c/d/e/f/g/h/deep.txt",
                           "white/.shown",
                           "Makefile"}) {
    tree.Write(path, std::string("content of ") + path + "\n");
  }
  tree.Write("empty.txt", "");
  tree.Write("src/.gitignore", "!debug.log\n*.c\n!main.c\n");
  tree.Write("src/deeper/.gitignore", "!*.c\n");
  tree.Write(".ignore", "*.bak\n");
  tree.Write(".rgignore", "!important.bak\n");
  tree.Write("white/.ignore", "!.shown\n");
}

TEST_F(WalkTest, GitRepositoryRulesMatchRipgrep) {
  GitInit(tree_.root());
  WriteRepositoryTree(tree_);
  tree_.Write(".git/info/exclude", "/excluded.txt\n");
  fs::create_symlink("src/main.c", tree_.root() / "link_to_file");
  fs::create_symlink("docs", tree_.root() / "link_to_dir");
  ExpectSameAsRipgrep(tree_.root());

  std::vector<std::string> paths = Walk(tree_.root());
  EXPECT_TRUE(std::count(paths.begin(), paths.end(), "src/debug.log"));
  EXPECT_FALSE(std::count(paths.begin(), paths.end(), "excluded.txt"));
  EXPECT_TRUE(std::count(paths.begin(), paths.end(), "sub/excluded.txt"));
}

TEST_F(WalkTest, GitignoreNeedsARepositoryButIgnoreDoesNot) {
  WriteRepositoryTree(tree_);
  ExpectSameAsRipgrep(tree_.root());

  std::vector<std::string> paths = Walk(tree_.root());
  EXPECT_TRUE(std::count(paths.begin(), paths.end(), "a.log"));
  EXPECT_FALSE(std::count(paths.begin(), paths.end(), "notes.bak"));
  EXPECT_TRUE(std::count(paths.begin(), paths.end(), "important.bak"));
}

TEST_F(WalkTest, DotGitFileMarksARepository) {
  tree_.Write(".git", "gitdir: /nonexistent\n");
  tree_.Write(".gitignore", "*.log\n");
  tree_.Write("a.log", "x");
  tree_.Write("a.c", "x");
  ExpectSameAsRipgrep(tree_.root());
  EXPECT_EQ(Walk(tree_.root()), std::vector<std::string>{"a.c"});
}

TEST_F(WalkTest, IgnoreFilePrecedenceMatchesRipgrep) {
  GitInit(tree_.root());
  tree_.Write(".gitignore", "*.txt\n!z.md\n");
  tree_.Write(".ignore", "!a.txt\n!b.txt\n*.md\n");
  tree_.Write(".rgignore", "b.txt\n");
  tree_.Write("sub/.gitignore", "!c.txt\n");
  tree_.Write("sub/.ignore", "d.txt\n");
  for (const char* path :
       {"a.txt", "b.txt", "c.txt", "z.md", "sub/a.txt", "sub/c.txt", "sub/d.txt", "sub/e.txt"}) {
    tree_.Write(path, "x");
  }
  ExpectSameAsRipgrep(tree_.root());
}

TEST_F(WalkTest, IgnoreFilesAboveTheRootApply) {
  GitInit(tree_.root());
  tree_.Write(".gitignore", "/sub/anchored.txt\n*.tmp\n");
  tree_.Write(".ignore", "*.bak\n");
  for (const char* path :
       {"sub/anchored.txt", "sub/x.tmp", "sub/y.bak", "sub/keep.c", "sub/inner/anchored.txt"}) {
    tree_.Write(path, "x");
  }
  ExpectSameAsRipgrep(tree_.root() / "sub");
  EXPECT_EQ(Walk(tree_.root() / "sub"), (std::vector<std::string>{"inner/anchored.txt", "keep.c"}));
}

TEST_F(WalkTest, GitignoreAboveTheRepositoryRootDoesNotApply) {
  tree_.Write(".gitignore", "*.tmp\n");
  tree_.Write(".ignore", "*.bak\n");
  GitInit(tree_.root() / "repo");
  for (const char* path : {"repo/x.tmp", "repo/y.bak", "repo/keep.c"}) tree_.Write(path, "x");
  ExpectSameAsRipgrep(tree_.root() / "repo");
  EXPECT_EQ(Walk(tree_.root() / "repo"), (std::vector<std::string>{"keep.c", "x.tmp"}));
}

TEST_F(WalkTest, NestedRepositoryStopsOuterGitignore) {
  GitInit(tree_.root());
  tree_.Write(".gitignore", "*.tmp\n");
  tree_.Write(".ignore", "*.bak\n");
  GitInit(tree_.root() / "inner");
  tree_.Write("inner/.gitignore", "*.gen\n");
  for (const char* path : {"a.tmp", "inner/b.tmp", "inner/c.bak", "inner/d.gen", "inner/e.c"})
    tree_.Write(path, "x");
  ExpectSameAsRipgrep(tree_.root());
  EXPECT_EQ(Walk(tree_.root()), (std::vector<std::string>{"inner/b.tmp", "inner/e.c"}));
}

TEST_F(WalkTest, LinkedWorktreeReadsTheCommonInfoExclude) {
  GitInit(tree_.root() / "main");
  tree_.Write("main/.git/info/exclude", "*.local\n");
  tree_.Write("main/.git/worktrees/wt/commondir", "../..\n");
  tree_.Write("wt/.git", "gitdir: " + (tree_.root() / "main/.git/worktrees/wt").string() + "\n");
  tree_.Write("wt/a.local", "x");
  tree_.Write("wt/b.c", "x");
  ExpectSameAsRipgrep(tree_.root() / "wt");
  EXPECT_EQ(Walk(tree_.root() / "wt"), std::vector<std::string>{"b.c"});
}

TEST_F(WalkTest, GlobalExcludesFileFromGitconfig) {
  home_.Write(".gitconfig", "[core]\n\texcludesFile = ~/global-ignore\n");
  home_.Write("global-ignore", "*.secret\n");
  GitInit(tree_.root());
  tree_.Write("a.secret", "x");
  tree_.Write("dir/b.secret", "x");
  tree_.Write("c.txt", "x");
  ExpectSameAsRipgrep(tree_.root());
  EXPECT_EQ(Walk(tree_.root()), std::vector<std::string>{"c.txt"});
}

TEST_F(WalkTest, GlobalExcludesFileDefaultsToXdgGitIgnore) {
  home_.Write(".config/git/ignore", "*.secret\n");
  GitInit(tree_.root() / "repo");
  tree_.Write("repo/a.secret", "x");
  tree_.Write("repo/c.txt", "x");
  tree_.Write("plain/a.secret", "x");
  ExpectSameAsRipgrep(tree_.root() / "repo");
  ExpectSameAsRipgrep(tree_.root() / "plain");
  EXPECT_EQ(Walk(tree_.root() / "repo"), std::vector<std::string>{"c.txt"});
  EXPECT_EQ(Walk(tree_.root() / "plain"), std::vector<std::string>{"a.secret"});
}

TEST_F(WalkTest, SymlinksAreCountedUnlessFollowed) {
  tree_.Write("dir/file.c", "x");
  fs::create_symlink("dir/file.c", tree_.root() / "to_file");
  fs::create_symlink("dir", tree_.root() / "to_dir");
  ExpectSameAsRipgrep(tree_.root());

  WalkReport report;
  EXPECT_EQ(Walk(tree_.root(), {}, &report), std::vector<std::string>{"dir/file.c"});
  EXPECT_EQ(report.symlinks_not_followed, 2u);
  EXPECT_EQ(Walk(tree_.root(), {.follow_symlinks = true}),
            (std::vector<std::string>{"dir/file.c", "to_dir/file.c", "to_file"}));
}

TEST_F(WalkTest, SymlinkLoopIsReportedWhenFollowing) {
  tree_.Write("dir/file.c", "x");
  fs::create_symlink("..", tree_.root() / "dir/up");
  ExpectSameAsRipgrep(tree_.root());

  WalkReport report;
  EXPECT_EQ(Walk(tree_.root(), {.follow_symlinks = true}, &report), std::vector<std::string>{"dir/file.c"});
  ASSERT_EQ(report.skipped.size(), 1u);
  EXPECT_EQ(report.skipped[0].path, "dir/up");
  EXPECT_EQ(report.skipped[0].reason, "symlink loop");
}

TEST_F(WalkTest, DanglingSymlinkIsReportedWhenFollowing) {
  tree_.Write("a.c", "x");
  fs::create_symlink("missing", tree_.root() / "dangling");
  WalkReport report;
  EXPECT_EQ(Walk(tree_.root(), {.follow_symlinks = true}, &report), std::vector<std::string>{"a.c"});
  ASSERT_EQ(report.skipped.size(), 1u);
  EXPECT_EQ(report.skipped[0].path, "dangling");
  EXPECT_EQ(report.skipped[0].reason, "unreadable: No such file or directory");
}

// chmod 000 stops nobody when the tests run as root, so there the permission case cannot be staged.
// The walk's outcome as text: the files found, then "path: reason" for each skipped one.
std::string DescribeWalk(const fs::path& root) {
  WalkReport report;
  std::string text;
  for (const std::string& path : Walk(root, {}, &report)) text += path + "\n";
  std::vector<std::string> skipped;
  for (const SkippedPath& s : report.skipped) skipped.push_back(s.path + ": " + s.reason);
  std::sort(skipped.begin(), skipped.end());
  for (const std::string& line : skipped) text += line + "\n";
  return text;
}

// Permissions do not stop root, so as root the walk runs in a child process that has become the
// unprivileged user `nobody` (uid 65534), and sends its outcome back through a pipe.
std::string DescribeWalkUnprivileged(const fs::path& root) {
  if (geteuid() != 0) return DescribeWalk(root);
  fs::permissions(root, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  int fds[2];
  if (pipe(fds) != 0) return "pipe failed";
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string text =
        setgid(65534) == 0 && setuid(65534) == 0 ? DescribeWalk(root) : "cannot drop privileges";
    ssize_t written = write(fds[1], text.data(), text.size());
    _exit(written == static_cast<ssize_t>(text.size()) ? 0 : 1);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof(buffer))) > 0;)
    text.append(buffer, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return text;
}

TEST_F(WalkTest, UnreadableDirectoryAndFileAreReported) {
  tree_.Write("locked/secret.c", "x");
  tree_.Write("closed.c", "x");
  tree_.Write("open.c", "x");
  fs::permissions(tree_.root() / "locked", fs::perms::none);
  fs::permissions(tree_.root() / "closed.c", fs::perms::none);
  std::string outcome = DescribeWalkUnprivileged(tree_.root());
  fs::permissions(tree_.root() / "locked", fs::perms::owner_all);
  EXPECT_EQ(outcome,
            "open.c\n"
            "closed.c: unreadable: Permission denied\n"
            "locked: unreadable: Permission denied\n");
}

TEST_F(WalkTest, OnlyRegularFilesAreReported) {
  tree_.Write("a.c", "x");
  ASSERT_EQ(mkfifo((tree_.root() / "fifo").c_str(), 0600), 0);
  ExpectSameAsRipgrep(tree_.root());
  EXPECT_EQ(Walk(tree_.root()), std::vector<std::string>{"a.c"});
}

TEST_F(WalkTest, ReportsSizeAndModificationTime) {
  tree_.Write("five.txt", "12345");
  struct stat st;
  ASSERT_EQ(stat((tree_.root() / "five.txt").c_str(), &st), 0);
  std::vector<WalkedFile> files;
  WalkReport report;
  WalkTree(
      tree_.root(), {}, [&](WalkedFile&& file) { files.push_back(std::move(file)); }, &report);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].size, 5u);
  EXPECT_EQ(files[0].mtime_ns, int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec);
}

TEST_F(WalkTest, MissingRootThrows) {
  try {
    Walk(tree_.root() / "absent");
    FAIL() << "expected scry::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kIo);
    EXPECT_NE(std::string(e.what()).find("absent"), std::string::npos);
  }
}

}  // namespace
}  // namespace scry
