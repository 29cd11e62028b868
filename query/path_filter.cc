// ripgrep 13 decides a path in this order (ignore crate, dir.rs `Ignore::matched`):
//  1. -g overrides, applied to every directory on the way and to the file.  They are gitignore rules
//     read inverted: the last glob matching a path decides, "!glob" excludes and a plain glob includes.
//     A directory matching no glob is entered even when positive globs exist; a file matching none is
//     excluded when there is at least one positive glob.  A file a glob includes is searched whatever
//     its type: types are not consulted.
//  2. -t/-T, matched against the file name only: any -T type excludes, else any -t type includes, else
//     the file is excluded if -t was given (rg puts every -T selection after every -t selection, so the
//     order of the flags does not matter).
#include "query/path_filter.h"

#include "indexer/ignore_rules.h"
#include "query/file_types.h"
#include "util/error.h"

namespace scry {

namespace {

// Override globs are gitignore rules turned around: a plain glob names what to search.
RuleMatch MatchOverride(const IgnoreRules& globs, std::string_view path, bool is_dir) {
  switch (globs.Match(path, is_dir)) {
    case RuleMatch::kIgnore:
      return RuleMatch::kWhitelist;
    case RuleMatch::kWhitelist:
      return RuleMatch::kIgnore;
    case RuleMatch::kNone:
      break;
  }
  return RuleMatch::kNone;
}

bool AnyMatches(const std::vector<Glob>& globs, std::string_view path) {
  for (const Glob& glob : globs) {
    if (glob.Matches(path)) return true;
  }
  return false;
}

void AddTypeGlobs(std::string_view name, std::vector<Glob>* out) {
  bool known = false;
  for (const FileType& type : DefaultFileTypes()) {
    if (name != "all" && type.name != name) continue;
    known = true;
    for (std::string_view glob : type.globs) out->push_back(Glob::Compile(glob));
  }
  if (!known) {
    throw Error(ExitCode::kBadInput, "unrecognized file type: " + std::string(name) +
                                         " (scry search --type-list shows the known ones)");
  }
}

}  // namespace

struct PathFilter::Impl {
  IgnoreRules globs;
  std::vector<Glob> selected_types;
  std::vector<Glob> negated_types;
  bool any_type_selected = false;
};

PathFilter::PathFilter() : impl_(std::make_unique<Impl>()) {}
PathFilter::PathFilter(PathFilter&&) noexcept = default;
PathFilter& PathFilter::operator=(PathFilter&&) noexcept = default;
PathFilter::~PathFilter() = default;

void PathFilter::AddGlob(std::string_view glob) { impl_->globs.AddLine(glob); }

void PathFilter::AddType(std::string_view name) {
  AddTypeGlobs(name, &impl_->selected_types);
  impl_->any_type_selected = true;
}

void PathFilter::AddTypeNot(std::string_view name) { AddTypeGlobs(name, &impl_->negated_types); }

bool PathFilter::empty() const {
  return impl_->globs.empty() && !impl_->any_type_selected && impl_->negated_types.empty();
}

bool PathFilter::Includes(std::string_view path) const {
  const IgnoreRules& globs = impl_->globs;
  if (!globs.empty()) {
    for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
      if (MatchOverride(globs, path.substr(0, slash), /*is_dir=*/true) == RuleMatch::kIgnore) return false;
    }
    switch (MatchOverride(globs, path, /*is_dir=*/false)) {
      case RuleMatch::kIgnore:
        return false;
      case RuleMatch::kWhitelist:
        return true;
      case RuleMatch::kNone:
        // In gitignore terms the positive globs are the "ignore" rules.
        if (globs.ignore_count() > 0) return false;
    }
  }
  if (AnyMatches(impl_->negated_types, path)) return false;
  if (AnyMatches(impl_->selected_types, path)) return true;
  return !impl_->any_type_selected;
}

std::vector<std::string> FileTypeList() {
  std::vector<std::string> lines;
  for (const FileType& type : DefaultFileTypes()) {
    std::string line = std::string(type.name) + ":";
    for (size_t i = 0; i < type.globs.size(); ++i) {
      line += (i == 0 ? " " : ", ");
      line += type.globs[i];
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace scry
