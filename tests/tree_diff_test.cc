// vcs/tree_diff against `git diff-tree -r --no-renames`: the same paths, in the same order, with the
// same blob ids and modes, on the history fixture and on a repository whose paths change type.
#include "vcs/tree_diff.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "tests/testlib/history_repo.h"

namespace scry {
namespace {

using testing::GitRepo;

// One line of DiffCommits' answer in the form `git diff-tree` prints: "M 100644 <blob> path", with
// D for a removal (whose mode and blob git prints as zeros).
std::vector<std::string> Scry(const GitRepo& repo, const std::string& from, const std::string& to) {
  Repository r = *Repository::Discover(repo.root());
  std::optional<ObjectId> parent;
  if (!from.empty()) parent = r.ResolveCommit(from);
  std::vector<std::string> lines;
  for (const TreeChange& c : DiffCommits(r, parent, r.ResolveCommit(to))) {
    std::ostringstream line;
    if (c.removed) {
      line << "D " << c.path;
    } else {
      line << "M " << std::oct << c.mode << " " << ObjectIdHex(c.blob) << " " << c.path;
    }
    lines.push_back(line.str());
  }
  return lines;
}

// git's own answer, `git diff-tree -r --raw`, with A and T counted as M.  From nothing is from git's
// empty tree.
std::vector<std::string> Git(const GitRepo& repo, const std::string& from, const std::string& to) {
  const std::string empty_tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
  std::string args = "diff-tree -r --no-renames --no-abbrev " + (from.empty() ? empty_tree : from) + " " + to;
  std::istringstream raw(repo.Run(args));
  std::vector<std::string> lines;
  for (std::string line; std::getline(raw, line);) {
    std::istringstream fields(line.substr(1));
    std::string old_mode, new_mode, old_blob, new_blob, status, path;
    fields >> old_mode >> new_mode >> old_blob >> new_blob >> status;
    std::getline(fields >> std::ws, path);
    lines.push_back(status == "D" ? "D " + path : "M " + new_mode + " " + new_blob + " " + path);
  }
  return lines;
}

TEST(TreeDiffTest, EveryStepOfTheHistoryIsGitDiffTree) {
  GitRepo repo;
  testing::HistoryRepo h = testing::BuildHistoryRepo(repo);
  const std::vector<std::pair<std::string, std::string>> steps = {{"", h.initial},
                                                                  {h.initial, h.binaries},
                                                                  {h.binaries, h.links},
                                                                  {h.links, h.renames},
                                                                  {h.renames, h.feature_1},
                                                                  {h.feature_1, h.feature_2},
                                                                  {h.renames, h.main_change},
                                                                  {h.main_change, h.merge},
                                                                  {h.feature_2, h.merge},
                                                                  {h.merge, h.readded},
                                                                  {h.initial, h.readded},
                                                                  {h.readded, h.initial},
                                                                  {"", h.readded}};
  size_t changes = 0;
  for (const auto& [from, to] : steps) {
    std::vector<std::string> expected = Git(repo, from, to);
    EXPECT_EQ(Scry(repo, from, to), expected) << from << ".." << to;
    changes += expected.size();
  }
  EXPECT_GT(changes, 50u) << "the history changes too little for the comparison to mean much";
}

TEST(TreeDiffTest, PathsThatChangeTypeModeOrNothing) {
  GitRepo repo;
  repo.Write("x", "a file that becomes a directory\n");
  repo.Write("dir/inner.txt", "a directory that becomes a file\n");
  repo.Write("run.sh", "echo run\n");
  repo.Write("link", "a file that becomes a symbolic link\n");
  repo.Write("same/deep/er.txt", "never changes\n");
  repo.Write("x.c", "sorts between x and x/\n");
  const std::string before = repo.Commit("before");
  repo.Remove("x");
  repo.Write("x/a.txt", "now in a directory\n");
  repo.Remove("dir");
  repo.Write("dir", "now a file\n");
  std::filesystem::permissions(repo.root() / "run.sh", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  repo.Remove("link");
  repo.Symlink("link", "x.c");
  const std::string after = repo.Commit("after");
  const std::vector<std::string> forward = Git(repo, before, after);
  ASSERT_FALSE(forward.empty());
  EXPECT_EQ(Scry(repo, before, after), forward);
  EXPECT_EQ(Scry(repo, after, before), Git(repo, after, before));
  EXPECT_TRUE(Scry(repo, after, after).empty());
}

}  // namespace
}  // namespace scry
