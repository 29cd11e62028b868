#include "vcs/ancestors.h"

#include <limits>
#include <unordered_set>

namespace scry {

namespace {

// How far back the first-parent walk looks before trying merge bases.
constexpr int kFirstParentSteps = 10000;
// How many indexed commits the merge-base search tries: each costs a walk of the history between.
constexpr size_t kMergeBaseCandidates = 64;

std::optional<ObjectId> OnFirstParentPath(const Repository& repo, const ObjectId& commit,
                                          const std::unordered_set<ObjectId, ObjectIdHash>& indexed) {
  git_oid oid = ToGitOid(commit);
  git_commit* current = nullptr;
  if (git_commit_lookup(&current, repo.get(), &oid) != 0) return std::nullopt;
  std::optional<ObjectId> found;
  for (int step = 0; step < kFirstParentSteps && current != nullptr; ++step) {
    git_commit* parent = nullptr;
    if (git_commit_parentcount(current) == 0 || git_commit_parent(&parent, current, 0) != 0) break;
    git_commit_free(current);
    current = parent;
    ObjectId id = ToObjectId(*git_commit_id(current));
    if (indexed.contains(id)) {
      found = id;
      break;
    }
  }
  git_commit_free(current);
  git_error_clear();
  return found;
}

}  // namespace

std::optional<ObjectId> NearestIndexed(const Repository& repo, const ObjectId& commit,
                                       const std::vector<ObjectId>& indexed) {
  if (indexed.empty()) return std::nullopt;
  if (auto found = OnFirstParentPath(repo, commit, {indexed.begin(), indexed.end()})) return found;
  std::optional<ObjectId> best;
  size_t best_distance = std::numeric_limits<size_t>::max();
  git_oid target = ToGitOid(commit);
  size_t tried = 0;
  for (const ObjectId& candidate : indexed) {
    if (tried++ == kMergeBaseCandidates) break;
    git_oid other = ToGitOid(candidate), base;
    size_t ahead = 0, behind = 0;
    if (git_merge_base(&base, repo.get(), &target, &other) != 0 ||
        git_graph_ahead_behind(&ahead, &behind, repo.get(), &target, &other) != 0) {
      continue;
    }
    if (ahead + behind < best_distance) {
      best_distance = ahead + behind;
      best = candidate;
    }
  }
  git_error_clear();
  return best;
}

}  // namespace scry
