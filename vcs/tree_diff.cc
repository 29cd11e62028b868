#include "vcs/tree_diff.h"

#include <string>

#include "util/error.h"

namespace scry {

namespace {

// The id of a commit's tree.
git_oid TreeOf(const Repository& repo, const ObjectId& commit) {
  git_oid oid = ToGitOid(commit);
  git_commit* c = nullptr;
  CheckGit(git_commit_lookup(&c, repo.get(), &oid), "cannot read commit " + ObjectIdHex(commit));
  git_oid tree = *git_commit_tree_id(c);
  git_commit_free(c);
  return tree;
}

// Owns a git_tree looked up by id.
class Tree {
 public:
  Tree(const Repository& repo, const git_oid& id) {
    CheckGit(git_tree_lookup(&tree_, repo.get(), &id), "cannot read tree " + ObjectIdHex(ToObjectId(id)));
  }
  ~Tree() { git_tree_free(tree_); }
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  git_tree* get() const { return tree_; }

 private:
  git_tree* tree_ = nullptr;
};

bool IsTree(const git_tree_entry* e) { return git_tree_entry_type(e) == GIT_OBJECT_TREE; }

// Walks two trees (either may be null: empty) side by side.  A subtree whose id is the same on both
// sides is never read: a commit that changes ten files of Linux reads the dozen trees on their
// paths, where libgit2's git_diff_tree_to_tree read and inflated every tree of both commits (a
// third of such a commit's index time).
class TreeWalk {
 public:
  explicit TreeWalk(const Repository& repo) : repo_(repo) {}

  void Diff(const git_tree* old_tree, const git_tree* new_tree, const std::string& prefix) {
    size_t o = 0, n = 0;
    size_t old_count = old_tree ? git_tree_entrycount(old_tree) : 0;
    size_t new_count = new_tree ? git_tree_entrycount(new_tree) : 0;
    while (o < old_count || n < new_count) {
      const git_tree_entry* a = o < old_count ? git_tree_entry_byindex(old_tree, o) : nullptr;
      const git_tree_entry* b = n < new_count ? git_tree_entry_byindex(new_tree, n) : nullptr;
      // git's tree order (a tree's name sorts as if it ended in '/'): walking both trees in it visits
      // paths in byte order, as git's own diff does.
      int order = !a ? 1 : !b ? -1 : git_tree_entry_cmp(a, b);
      if (order < 0) {
        Removed(a, prefix);
        ++o;
      } else if (order > 0) {
        Added(b, prefix);
        ++n;
      } else {
        if (git_oid_cmp(git_tree_entry_id(a), git_tree_entry_id(b)) != 0 ||
            git_tree_entry_filemode(a) != git_tree_entry_filemode(b)) {
          if (IsTree(a)) {
            Tree old_sub(repo_, *git_tree_entry_id(a)), new_sub(repo_, *git_tree_entry_id(b));
            Diff(old_sub.get(), new_sub.get(), prefix + git_tree_entry_name(a) + "/");
          } else {
            Added(b, prefix);
          }
        }
        ++o;
        ++n;
      }
    }
  }

  std::vector<TreeChange> changes;

 private:
  void Removed(const git_tree_entry* e, const std::string& prefix) {
    if (!IsTree(e)) {
      changes.push_back({prefix + git_tree_entry_name(e), true, {}, 0});
      return;
    }
    Tree sub(repo_, *git_tree_entry_id(e));
    Diff(sub.get(), nullptr, prefix + git_tree_entry_name(e) + "/");
  }

  void Added(const git_tree_entry* e, const std::string& prefix) {
    if (!IsTree(e)) {
      changes.push_back({prefix + git_tree_entry_name(e), false, ToObjectId(*git_tree_entry_id(e)),
                         static_cast<uint32_t>(git_tree_entry_filemode(e))});
      return;
    }
    Tree sub(repo_, *git_tree_entry_id(e));
    Diff(nullptr, sub.get(), prefix + git_tree_entry_name(e) + "/");
  }

  const Repository& repo_;
};

}  // namespace

std::vector<TreeChange> DiffCommits(const Repository& repo, const std::optional<ObjectId>& from,
                                    const ObjectId& to) {
  std::optional<Tree> old_tree;
  if (from) old_tree.emplace(repo, TreeOf(repo, *from));
  Tree new_tree(repo, TreeOf(repo, to));
  TreeWalk walk(repo);
  walk.Diff(old_tree ? old_tree->get() : nullptr, new_tree.get(), "");
  return std::move(walk.changes);
}

}  // namespace scry
