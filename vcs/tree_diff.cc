#include "vcs/tree_diff.h"

#include <map>

#include "util/error.h"

namespace scry {

namespace {

// The tree of a commit, owned.
class CommitTree {
 public:
  CommitTree(const Repository& repo, const ObjectId& commit) {
    git_oid oid = ToGitOid(commit);
    git_commit* c = nullptr;
    CheckGit(git_commit_lookup(&c, repo.get(), &oid), "cannot read commit " + ObjectIdHex(commit));
    int status = git_commit_tree(&tree_, c);
    git_commit_free(c);
    CheckGit(status, "cannot read the tree of commit " + ObjectIdHex(commit));
  }
  ~CommitTree() { git_tree_free(tree_); }
  CommitTree(const CommitTree&) = delete;
  CommitTree& operator=(const CommitTree&) = delete;
  git_tree* get() const { return tree_; }

 private:
  git_tree* tree_ = nullptr;
};

}  // namespace

std::vector<TreeChange> DiffCommits(const Repository& repo, const std::optional<ObjectId>& from,
                                    const ObjectId& to) {
  std::optional<CommitTree> old_tree;
  if (from) old_tree.emplace(repo, *from);
  CommitTree new_tree(repo, to);
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  // Only which blobs changed matters: no content is compared or loaded.
  options.flags = GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_INCLUDE_TYPECHANGE;
  git_diff* diff = nullptr;
  CheckGit(
      git_diff_tree_to_tree(&diff, repo.get(), old_tree ? old_tree->get() : nullptr, new_tree.get(),
                            &options),
      "cannot diff the trees of " + (from ? ObjectIdHex(*from) + " and " : std::string()) + ObjectIdHex(to));
  std::vector<TreeChange> changes;
  size_t n = git_diff_num_deltas(diff);
  changes.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff, i);
    if (d->status == GIT_DELTA_DELETED) {
      changes.push_back({d->old_file.path, true, {}, 0});
    } else {
      changes.push_back({d->new_file.path, false, ToObjectId(d->new_file.id), d->new_file.mode});
    }
  }
  git_diff_free(diff);
  return changes;
}

}  // namespace scry
