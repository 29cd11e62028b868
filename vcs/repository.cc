#include "vcs/repository.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "indexer/libgit2_init.h"
#include "util/error.h"

namespace scry {

namespace {

std::string LastGitError() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

// Owns a git_object.
struct ObjectGuard {
  git_object* object = nullptr;
  ~ObjectGuard() { git_object_free(object); }
};

}  // namespace

ObjectId ToObjectId(const git_oid& oid) {
  ObjectId id;
  std::memcpy(id.data(), oid.id, id.size());
  return id;
}

git_oid ToGitOid(const ObjectId& id) {
  git_oid oid;
  std::memcpy(oid.id, id.data(), id.size());
  return oid;
}

void CheckGit(int status, const std::string& what) {
  if (status < 0) throw Error(ExitCode::kIo, what + ": " + LastGitError());
}

std::optional<Repository> Repository::Discover(const std::filesystem::path& path) {
  InitLibgit2();
  git_buf found = GIT_BUF_INIT;
  if (git_repository_discover(&found, path.c_str(), 0, nullptr) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  git_repository* repo = nullptr;
  int status = git_repository_open(&repo, found.ptr);
  std::string where = found.ptr;
  git_buf_dispose(&found);
  CheckGit(status, "cannot open the git repository at " + where);
  return Repository(repo);
}

Repository::Repository(Repository&& other) noexcept : repo_(std::exchange(other.repo_, nullptr)) {}

Repository& Repository::operator=(Repository&& other) noexcept {
  if (this != &other) {
    git_repository_free(repo_);
    repo_ = std::exchange(other.repo_, nullptr);
  }
  return *this;
}

Repository::~Repository() { git_repository_free(repo_); }

std::filesystem::path Repository::workdir() const {
  const char* dir = git_repository_workdir(repo_);
  return dir ? std::filesystem::path(dir).lexically_normal().parent_path() : std::filesystem::path();
}

std::filesystem::path Repository::git_dir() const {
  return std::filesystem::path(git_repository_path(repo_)).lexically_normal().parent_path();
}

ObjectId Repository::ResolveCommit(std::string_view revision) const {
  std::string spec(revision);
  ObjectGuard object, commit;
  if (git_revparse_single(&object.object, repo_, spec.c_str()) != 0) {
    throw Error(ExitCode::kBadInput, "unknown revision '" + spec + "': " + LastGitError());
  }
  if (git_object_peel(&commit.object, object.object, GIT_OBJECT_COMMIT) != 0) {
    throw Error(ExitCode::kBadInput, "revision '" + spec + "' does not name a commit");
  }
  return ToObjectId(*git_object_id(commit.object));
}

std::vector<ObjectId> Repository::ResolveCommits(std::string_view revision) const {
  size_t dots = revision.find("..");
  if (dots == std::string_view::npos) return {ResolveCommit(revision)};
  if (revision.substr(dots).starts_with("...")) {
    throw Error(ExitCode::kBadInput, "revision '" + std::string(revision) +
                                         "': symmetric ranges (A...B) are not supported; use A..B");
  }
  std::string_view from = revision.substr(0, dots), to = revision.substr(dots + 2);
  ObjectId from_id = ResolveCommit(from.empty() ? "HEAD" : from);
  ObjectId to_id = ResolveCommit(to.empty() ? "HEAD" : to);
  git_revwalk* walk = nullptr;
  CheckGit(git_revwalk_new(&walk, repo_), "cannot walk the history");
  std::vector<ObjectId> commits;
  git_oid from_oid = ToGitOid(from_id), to_oid = ToGitOid(to_id), oid;
  // As `git rev-list` (--date-order): newest commit date first, never a parent before a child; then
  // reversed.  Without GIT_SORT_TIME it is --topo-order, which keeps each side of a merge together.
  git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
  int status = git_revwalk_push(walk, &to_oid);
  if (status == 0) status = git_revwalk_hide(walk, &from_oid);
  while (status == 0 && (status = git_revwalk_next(&oid, walk)) == 0) commits.push_back(ToObjectId(oid));
  git_revwalk_free(walk);
  if (status != GIT_ITEROVER) CheckGit(status, "cannot walk " + std::string(revision));
  return commits;
}

std::optional<ObjectId> Repository::Head() const {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo_, "HEAD") != 0) {
    git_error_clear();
    return std::nullopt;
  }
  return ToObjectId(oid);
}

std::vector<std::pair<std::string, ObjectId>> Repository::LocalBranches() const {
  git_branch_iterator* it = nullptr;
  CheckGit(git_branch_iterator_new(&it, repo_, GIT_BRANCH_LOCAL), "cannot list branches");
  std::vector<std::pair<std::string, ObjectId>> branches;
  git_reference* ref = nullptr;
  git_branch_t type;
  int status;
  while ((status = git_branch_next(&ref, &type, it)) == 0) {
    const char* name = nullptr;
    git_branch_name(&name, ref);
    git_reference* resolved = nullptr;
    if (git_reference_resolve(&resolved, ref) == 0) {
      branches.emplace_back(name, ToObjectId(*git_reference_target(resolved)));
      git_reference_free(resolved);
    }
    git_reference_free(ref);
  }
  git_branch_iterator_free(it);
  if (status != GIT_ITEROVER) CheckGit(status, "cannot list branches");
  std::sort(branches.begin(), branches.end());
  return branches;
}

}  // namespace scry
