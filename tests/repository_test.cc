// vcs/repository against the git CLI on the history fixture: discovery, revisions resolved to
// commits as `git rev-parse` resolves them, ranges as `git rev-list --reverse`, local branches as
// `git for-each-ref`; and libgit2 as scry initialises it, which refuses TLS connections.
#include "vcs/repository.h"

#include <git2.h>
#include <gtest/gtest.h>

#include <sstream>

#include "indexer/libgit2_init.h"
#include "tests/testlib/history_repo.h"
#include "util/error.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::GitRepo;
using testing::HistoryRepo;
using testing::ShellQuote;

class RepositoryTest : public ::testing::Test {
 protected:
  Repository Open() const {
    std::optional<Repository> repo = Repository::Discover(git_.root());
    if (!repo) throw std::runtime_error("no repository at " + git_.root().string());
    return std::move(*repo);
  }

  // The lines git prints.
  std::vector<std::string> Lines(const std::string& args) const {
    std::istringstream out(git_.Run(args));
    std::vector<std::string> lines;
    for (std::string line; std::getline(out, line);) lines.push_back(line);
    return lines;
  }

  // `git rev-parse --verify REV^{commit}`.
  std::string RevParse(const std::string& revision) const {
    return Lines("rev-parse --verify " + ShellQuote(revision + "^{commit}")).at(0);
  }

  GitRepo git_;
  HistoryRepo history_ = testing::BuildHistoryRepo(git_);
};

std::vector<std::string> Hex(const std::vector<ObjectId>& ids) {
  std::vector<std::string> hex;
  for (const ObjectId& id : ids) hex.push_back(ObjectIdHex(id));
  return hex;
}

// `body` throws scry::Error(kBadInput) whose message holds every string of `names`.
template <typename Body>
void ExpectBadInput(Body body, const std::vector<std::string>& names) {
  try {
    body();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput) << e.what();
    for (const std::string& name : names)
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
  }
}

// As git: from a work tree, a subdirectory, a file, the .git directory, a submodule, a linked work tree.
TEST_F(RepositoryTest, DiscoversTheRepositoryAsGitDoes) {
  git_.Run("worktree add -q ../linked " + history_.renames);
  // Where to start, and the directory git answers from.
  std::vector<std::pair<fs::path, std::string>> starts = {{git_.root(), "."},
                                                          {git_.root() / "go", "go"},
                                                          {git_.root() / ".github", ".github"},
                                                          {git_.root() / ".git", "."},
                                                          {git_.root() / "src/main.c", "src"},
                                                          {git_.root() / "vendor/libfoo", "vendor/libfoo"},
                                                          {git_.root() / "../linked/go", "../linked/go"}};
  for (const auto& [start, from] : starts) {
    SCOPED_TRACE(start);
    std::optional<Repository> repo = Repository::Discover(start);
    ASSERT_TRUE(repo.has_value());
    std::string git = "-C " + ShellQuote(from) + " rev-parse ";
    EXPECT_EQ(repo->workdir(), fs::path(Lines(git + "--show-toplevel").at(0)));
    EXPECT_EQ(repo->git_dir(), fs::path(Lines(git + "--absolute-git-dir").at(0)));
  }
}

TEST_F(RepositoryTest, FindsNoRepositoryOutsideOne) {
  testing::TempTree outside;
  outside.Write("dir/file.txt", "not a repository\n");
  EXPECT_FALSE(Repository::Discover(outside.root()).has_value());
  EXPECT_FALSE(Repository::Discover(outside.root() / "dir").has_value());
}

TEST_F(RepositoryTest, ResolvesRevisionsAsGitRevParse) {
  Repository repo = Open();
  std::string abbreviated = git_.Run("rev-parse --short " + history_.renames).substr(0, 7);
  for (const std::string& revision :
       {std::string("HEAD"), std::string("main"), history_.branch, history_.lightweight_tag,
        history_.annotated_tag, std::string("HEAD~1"), std::string("HEAD~1^2"), std::string("main~3"),
        history_.binaries, abbreviated, "refs/tags/" + history_.annotated_tag}) {
    SCOPED_TRACE(revision);
    EXPECT_EQ(ObjectIdHex(repo.ResolveCommit(revision)), RevParse(revision));
  }
  EXPECT_EQ(ObjectIdHex(repo.ResolveCommit(history_.annotated_tag)), history_.readded);
  EXPECT_EQ(ObjectIdHex(repo.ResolveCommit(history_.lightweight_tag)), history_.links);
  EXPECT_EQ(ObjectIdHex(repo.ResolveCommit(history_.branch)), history_.feature_2);
}

TEST_F(RepositoryTest, RejectsRevisionsThatNameNoCommit) {
  Repository repo = Open();
  ExpectBadInput([&] { repo.ResolveCommit("no-such-branch"); }, {"no-such-branch"});
  ExpectBadInput([&] { repo.ResolveCommit("HEAD~99"); }, {"HEAD~99"});
  std::string tree = Lines("rev-parse HEAD^{tree}").at(0);
  ExpectBadInput([&] { repo.ResolveCommit(tree); }, {tree, "does not name a commit"});
  std::string blob = Lines("rev-parse HEAD:README.md").at(0);
  ExpectBadInput([&] { repo.ResolveCommit("HEAD:README.md"); }, {"HEAD:README.md", "does not name a commit"});
  ExpectBadInput([&] { repo.ResolveCommit(blob); }, {blob, "does not name a commit"});
}

TEST_F(RepositoryTest, ResolvesRangesAsGitRevListReverse) {
  Repository repo = Open();
  for (const std::string& range :
       {history_.initial + ".." + history_.merge, history_.lightweight_tag + "..main",
        history_.binaries + "..HEAD", "main.." + history_.branch, history_.branch + "..main",
        history_.lightweight_tag + "..", ".." + history_.branch, std::string("main..main"),
        history_.readded + ".." + history_.initial}) {
    SCOPED_TRACE(range);
    EXPECT_EQ(Hex(repo.ResolveCommits(range)), Lines("rev-list --reverse " + ShellQuote(range)));
  }
  // The merge's two sides interleave in time; parents still come before their children.
  EXPECT_EQ(Hex(repo.ResolveCommits(history_.renames + "..main")),
            (std::vector<std::string>{history_.feature_1, history_.main_change, history_.feature_2,
                                      history_.merge, history_.readded}));
}

TEST_F(RepositoryTest, ResolvesOneRevisionToOneCommit) {
  Repository repo = Open();
  EXPECT_EQ(Hex(repo.ResolveCommits(history_.annotated_tag)), std::vector<std::string>{history_.readded});
  EXPECT_EQ(Hex(repo.ResolveCommits("HEAD~1")), std::vector<std::string>{RevParse("HEAD~1")});
}

TEST_F(RepositoryTest, RejectsSymmetricAndBadRanges) {
  Repository repo = Open();
  ExpectBadInput([&] { repo.ResolveCommits("main..." + history_.branch); },
                 {"main..." + history_.branch, "A..B"});
  ExpectBadInput([&] { repo.ResolveCommits("main..nowhere"); }, {"nowhere"});
  ExpectBadInput([&] { repo.ResolveCommits("nowhere..main"); }, {"nowhere"});
}

TEST_F(RepositoryTest, ListsLocalBranchesAsGitForEachRef) {
  git_.Branch("release/1.x");
  git_.Run("branch topic " + history_.links);
  git_.Run("symbolic-ref refs/heads/alias refs/heads/" + history_.branch);
  Repository repo = Open();
  std::vector<std::string> branches;
  for (const auto& [name, head] : repo.LocalBranches()) branches.push_back(ObjectIdHex(head) + " " + name);
  EXPECT_EQ(branches, Lines("for-each-ref --format='%(objectname) %(refname:short)' refs/heads"));
}

// scry skips libgit2's TLS and SSH set-ups and its Kerberos (indexer/libgit2_init.h): a network
// connection must fail at once, with an error that says why, rather than reach what never ran.
// git:// goes through the same refused socket stream as http://, but libgit2 1.5 leaks its
// connection when that fails (LeakSanitizer), so it is left out.
TEST(Libgit2InitTest, RefusesNetworkConnections) {
  InitLibgit2();
  for (const char* url : {"https://127.0.0.1:9/r.git", "http://127.0.0.1:9/r.git"}) {
    git_remote* remote = nullptr;
    ASSERT_EQ(git_remote_create_detached(&remote, url), 0) << url;
    EXPECT_LT(git_remote_connect(remote, GIT_DIRECTION_FETCH, nullptr, nullptr, nullptr), 0) << url;
    const git_error* error = git_error_last();
    ASSERT_NE(error, nullptr) << url;
    EXPECT_NE(std::string(error->message)
                  .find("scry reads local repositories only; it does not connect to 127.0.0.1"),
              std::string::npos)
        << url << ": " << error->message;
    git_remote_free(remote);
  }
}

}  // namespace
}  // namespace scry
