// A git repository opened with libgit2, and the revisions named in it.
//
// Everything scry reads from git goes through here: finding the repository that holds a directory,
// turning what a user types (`main`, `v1.2`, `HEAD~3`, `a1b2c3..HEAD`) into commits, and reading
// trees and blobs from the object database, never from the working tree.
#pragma once

#include <git2.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/blob_id.h"

namespace scry {

ObjectId ToObjectId(const git_oid& oid);
git_oid ToGitOid(const ObjectId& id);

class Repository {
 public:
  // The repository whose work tree or git directory holds `path`, searching upwards as git does;
  // nullopt when there is none.
  static std::optional<Repository> Discover(const std::filesystem::path& path);

  Repository(Repository&& other) noexcept;
  Repository& operator=(Repository&& other) noexcept;
  ~Repository();

  git_repository* get() const { return repo_; }
  // The work tree, absolute; empty for a bare repository.
  std::filesystem::path workdir() const;
  // The git directory (.git), absolute.
  std::filesystem::path git_dir() const;

  // The commit a revision names (anything `git rev-parse` accepts, peeled to a commit).
  // Throws scry::Error(kBadInput) naming the revision when it names nothing or no commit.
  ObjectId ResolveCommit(std::string_view revision) const;

  // The commits a revision argument names, oldest first: one commit, or for a range `A..B` every
  // commit reachable from B and not from A (as `git rev-list --reverse A..B`).
  std::vector<ObjectId> ResolveCommits(std::string_view revision) const;

  // The commit HEAD points to; nullopt before the first commit.
  std::optional<ObjectId> Head() const;

  // The heads of every local branch, in name order.
  std::vector<std::pair<std::string, ObjectId>> LocalBranches() const;

 private:
  explicit Repository(git_repository* repo) : repo_(repo) {}
  git_repository* repo_ = nullptr;
};

// Throws scry::Error(code) with `what` and libgit2's last error message when `status` < 0.
void CheckGit(int status, const std::string& what);

}  // namespace scry
