// Which files ripgrep 13 searches by default, and how this walker reproduces it.
//
// Ignore files.  Every directory of the walk, and every directory above the walk root up to '/', may hold
// .rgignore, .ignore and .gitignore; a directory holding .git (directory or file) also contributes
// $GIT_DIR/info/exclude (for a .git file, only a linked worktree's, found through "commondir").  Rules
// are relative to the directory of their file.  For a path, ripgrep asks each kind of file separately,
// nearest directory first, and the first kind that has an opinion decides, in this order:
//     .rgignore  >  .ignore  >  .gitignore  >  info/exclude  >  git's global excludes file
// So a whitelist ("!x") in a parent's .ignore beats an ignore rule in a child's .gitignore.  Within one
// file the last matching line wins; a rule ending in '/' matches directories only.
//
// Git files need a repository (rg's require_git): .gitignore, info/exclude and the global excludes file
// apply only when the directory or one above it holds .git, and .gitignore files above the nearest
// repository root are not consulted.  .ignore and .rgignore apply everywhere.  The global excludes file
// is core.excludesFile from ~/.gitconfig or $XDG_CONFIG_HOME/git/config, else $XDG_CONFIG_HOME/git/ignore
// (see git_excludes.h), with paths relative to the walk root.
//
// An ignored directory is not entered, so nothing below it can be whitelisted again, as in git.
//
// Hidden entries (name starting with '.') are skipped unless options.hidden, except that an entry an
// ignore file whitelists is kept even when hidden (rg checks hidden-ness only for paths no rule matched).
// Entries named .git are never walked; rg --hidden would walk them, but a repository's internals are
// not source.
//
// Symbolic links are not followed (each one that would otherwise be kept is counted) unless
// options.follow_symlinks; then a directory equal (device and inode) to one of its ancestors is a loop
// and is skipped, and a dangling link is reported.  Only regular files are reported.  Files the
// process cannot read are reported as skipped instead of being handed on: ripgrep would fail on them.
#include "indexer/walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "indexer/git_excludes.h"
#include "indexer/ignore_stack.h"
#include "util/error.h"

namespace scry {

namespace {

struct Entry {
  std::string name;
  unsigned char type;  // DT_* from readdir
};

std::string Reason(int error) { return std::string("unreadable: ") + std::strerror(error); }

std::vector<gid_t> EffectiveGroups() {
  std::vector<gid_t> groups(static_cast<size_t>(std::max(getgroups(0, nullptr), 0)));
  int count = getgroups(static_cast<int>(groups.size()), groups.data());
  groups.resize(static_cast<size_t>(std::max(count, 0)));
  groups.push_back(getegid());
  return groups;
}

class Walker {
 public:
  Walker(const std::filesystem::path& root, const WalkOptions& options,
         const std::function<void(WalkedFile&&)>& on_file, WalkReport* report)
      : root_(root),
        options_(options),
        on_file_(on_file),
        report_(report),
        euid_(geteuid()),
        groups_(EffectiveGroups()) {}

  void Run() {
    int fd = open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      throw Error(ExitCode::kIo, "cannot read directory " + root_.string() + ": " + std::strerror(errno));
    }
    const IgnoreLevel* above = nullptr;
    if (options_.ignore_files) {
      if (auto global = GlobalExcludesFile()) global_ = ReadIgnoreFile(*global);
      above = LoadLevelsAboveRoot();
    }
    if (options_.follow_symlinks) PushAncestor(fd);
    WalkDirectory(fd, "", above);
  }

 private:
  // Levels for '/', then each directory down to the root's parent; returns the deepest one.
  const IgnoreLevel* LoadLevelsAboveRoot() {
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::canonical(root_, ec);
    if (ec) return nullptr;
    std::vector<std::filesystem::path> ancestors;
    for (auto dir = canonical.parent_path();; dir = dir.parent_path()) {
      ancestors.push_back(dir);
      if (dir == dir.parent_path()) break;
    }
    const IgnoreLevel* parent = nullptr;
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it) {
      auto level = std::make_unique<IgnoreLevel>();
      level->parent = parent;
      level->lead = canonical.lexically_relative(*it).string() + "/";
      std::filesystem::file_status git = std::filesystem::status(*it / ".git", ec);
      level->has_git = std::filesystem::exists(git);
      level->any_git = level->has_git || (parent != nullptr && parent->any_git);
      level->Load(*it, true, true, true, std::filesystem::is_regular_file(git));
      parent = level.get();
      levels_above_root_.push_back(std::move(level));
    }
    return parent;
  }

  void PushAncestor(int fd) {
    struct stat st;
    if (fstat(fd, &st) == 0) ancestors_.emplace_back(st.st_dev, st.st_ino);
  }

  bool IsAncestor(int fd) const {
    struct stat st;
    if (fstat(fd, &st) != 0) return false;
    return std::find(ancestors_.begin(), ancestors_.end(), std::pair(st.st_dev, st.st_ino)) !=
           ancestors_.end();
  }

  // Cheap answer from the mode bits; only a "no" is confirmed with access(), which also knows ACLs.
  bool Readable(int dir_fd, const char* name, const struct stat& st) const {
    if (euid_ == 0) return true;
    bool allowed;
    if (st.st_uid == euid_) {
      allowed = st.st_mode & S_IRUSR;
    } else if (std::find(groups_.begin(), groups_.end(), st.st_gid) != groups_.end()) {
      allowed = st.st_mode & S_IRGRP;
    } else {
      allowed = st.st_mode & S_IROTH;
    }
    return allowed || faccessat(dir_fd, name, R_OK, AT_EACCESS) == 0;
  }

  void Skip(std::string path, std::string reason) {
    report_->skipped.push_back({std::move(path), std::move(reason)});
  }

  static std::vector<Entry> ReadEntries(DIR* dir) {
    std::vector<Entry> entries;
    while (dirent* d = readdir(dir)) {
      std::string_view name = d->d_name;
      if (name == "." || name == "..") continue;
      entries.push_back({std::string(name), d->d_type});
    }
    return entries;
  }

  // Takes ownership of `fd`.  `rel` is the directory's path below the root with a trailing '/', or "".
  void WalkDirectory(int fd, const std::string& rel, const IgnoreLevel* parent) {
    std::unique_ptr<DIR, int (*)(DIR*)> dir(fdopendir(fd), closedir);
    if (!dir) {
      Skip(rel.empty() ? "." : rel.substr(0, rel.size() - 1), Reason(errno));
      close(fd);
      return;
    }
    std::vector<Entry> entries = ReadEntries(dir.get());

    IgnoreLevel level;
    const IgnoreLevel* rules = nullptr;
    if (options_.ignore_files) {
      LoadLevel(fd, rel, entries, parent, &level);
      rules = &level;
    }

    for (const Entry& entry : entries) {
      if (entry.name == ".git") continue;
      VisitEntry(fd, rel, entry, rules);
    }
  }

  void LoadLevel(int fd, const std::string& rel, const std::vector<Entry>& entries, const IgnoreLevel* parent,
                 IgnoreLevel* level) {
    bool rgignore = false, ignore = false, gitignore = false, dot_git_is_file = false;
    for (const Entry& entry : entries) {
      if (entry.name == ".rgignore") rgignore = true;
      if (entry.name == ".ignore") ignore = true;
      if (entry.name == ".gitignore") gitignore = true;
      if (entry.name == ".git") {
        struct stat st;  // rg asks whether .git exists, following a symlink
        level->has_git = fstatat(fd, ".git", &st, 0) == 0;
        dot_git_is_file = level->has_git && S_ISREG(st.st_mode);
      }
    }
    level->parent = parent;
    level->any_git = level->has_git || (parent != nullptr && parent->any_git);
    level->strip = rel.size();
    if (rgignore || ignore || gitignore || level->has_git) {
      level->Load(root_ / rel, rgignore, ignore, gitignore, dot_git_is_file);
    }
  }

  bool Kept(const IgnoreLevel* rules, const std::string& path, const std::string& name, bool is_dir) const {
    RuleMatch m = rules != nullptr ? MatchIgnoreLevels(*rules, global_, path, is_dir) : RuleMatch::kNone;
    if (m == RuleMatch::kIgnore) return false;
    return m == RuleMatch::kWhitelist || options_.hidden || name[0] != '.';
  }

  void VisitEntry(int fd, const std::string& rel, const Entry& entry, const IgnoreLevel* rules) {
    const char* name = entry.name.c_str();
    std::string path = rel + entry.name;
    struct stat st;
    bool have_stat = false;
    unsigned char type = entry.type;
    if (type == DT_UNKNOWN) {
      if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return Skip(std::move(path), Reason(errno));
      have_stat = true;
      type = S_ISDIR(st.st_mode)   ? DT_DIR
             : S_ISREG(st.st_mode) ? DT_REG
             : S_ISLNK(st.st_mode) ? DT_LNK
                                   : DT_UNKNOWN;
    }
    const bool is_link = type == DT_LNK;
    if (is_link && options_.follow_symlinks) {
      if (fstatat(fd, name, &st, 0) != 0) return Skip(std::move(path), Reason(errno));
      have_stat = true;
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (!Kept(rules, path, entry.name, type == DT_DIR)) return;
    if (is_link && !options_.follow_symlinks) {
      ++report_->symlinks_not_followed;
      return;
    }
    if (type == DT_DIR) return EnterDirectory(fd, std::move(path), name, rules);
    if (type != DT_REG) return;
    if (!have_stat && fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      return Skip(std::move(path), Reason(errno));
    if (!S_ISREG(st.st_mode)) return;
    if (!Readable(fd, name, st)) return Skip(std::move(path), Reason(EACCES));
    on_file_({std::move(path), static_cast<uint64_t>(st.st_size),
              static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec});
  }

  void EnterDirectory(int parent_fd, std::string path, const char* name, const IgnoreLevel* rules) {
    const int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (options_.follow_symlinks ? 0 : O_NOFOLLOW);
    int fd = openat(parent_fd, name, flags);
    if (fd < 0) return Skip(std::move(path), Reason(errno));
    if (options_.follow_symlinks) {
      if (IsAncestor(fd)) {
        close(fd);
        return Skip(std::move(path), "symlink loop");
      }
      PushAncestor(fd);
    }
    WalkDirectory(fd, path + "/", rules);
    if (options_.follow_symlinks) ancestors_.pop_back();
  }

  std::filesystem::path root_;
  const WalkOptions& options_;
  const std::function<void(WalkedFile&&)>& on_file_;
  WalkReport* report_;
  uid_t euid_;
  std::vector<gid_t> groups_;
  IgnoreRules global_;
  std::vector<std::unique_ptr<IgnoreLevel>> levels_above_root_;
  std::vector<std::pair<dev_t, ino_t>> ancestors_;
};

}  // namespace

void WalkTree(const std::filesystem::path& root, const WalkOptions& options,
              const std::function<void(WalkedFile&&)>& on_file, WalkReport* report) {
  Walker(root, options, on_file, report).Run();
}

}  // namespace scry
