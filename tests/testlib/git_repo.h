// A git repository built by a test with the git CLI, deterministically: fixed names, e-mails and
// dates (one minute later for each commit, merge or tag), branch `main`, the C.UTF-8 locale, and no
// system, global or user configuration (HOME is the temporary directory that holds the work tree).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry::testing {

class GitRepo {
 public:
  // `git init` in a fresh temporary directory.
  GitRepo();

  // The work tree, absolute.
  const std::filesystem::path& root() const { return root_; }

  // `git ARGS` in the work tree (ARGS are shell words: quote them with ShellQuote).  Run throws
  // std::runtime_error with git's stderr unless git exits 0, and returns its stdout.
  RunResult TryRun(const std::string& args) const;
  std::string Run(const std::string& args) const;

  // Changes to the work tree, staged by the next Commit.
  void Write(std::string_view path, std::string_view content) const;
  void Remove(std::string_view path) const;
  void Move(std::string_view from, std::string_view to) const;
  void Symlink(std::string_view path, std::string_view target) const;
  // Clones `other` into `path` as a submodule (`git submodule add`).
  void AddSubmodule(std::string_view path, const GitRepo& other) const;

  // Stages everything and commits; returns the new commit's id (40 hex digits).
  std::string Commit(std::string_view message);
  void Branch(std::string_view name) const;
  void Checkout(std::string_view name) const;
  // Merges `branch` into the current branch with a merge commit (--no-ff); returns its id.
  std::string Merge(std::string_view branch, std::string_view message);
  // A lightweight tag, or with a message an annotated one, on HEAD.
  void Tag(std::string_view name, std::string_view message = "");

 private:
  TempTree tree_;
  std::filesystem::path root_;
  int minutes_ = 0;  // the clock, moved on by each commit, merge and tag
};

}  // namespace scry::testing
