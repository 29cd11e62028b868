#include "indexer/ignore_stack.h"

#include <fstream>

#include "indexer/git_excludes.h"
#include "util/error.h"

namespace scry {

IgnoreRules ReadIgnoreFile(const std::filesystem::path& path) {
  IgnoreRules rules;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (bool first = true; std::getline(in, line); first = false) {
    if (first && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    try {
      rules.AddLine(line);
    } catch (const Error&) {
      continue;
    }
  }
  return rules;
}

void IgnoreLevel::Load(const std::filesystem::path& dir, bool read_rgignore, bool read_ignore,
                       bool read_gitignore, bool dot_git_is_file) {
  if (read_rgignore) rgignore = ReadIgnoreFile(dir / ".rgignore");
  if (read_ignore) ignore = ReadIgnoreFile(dir / ".ignore");
  if (read_gitignore) gitignore = ReadIgnoreFile(dir / ".gitignore");
  if (has_git) {
    if (auto exclude = RepositoryExcludeFile(dir, dot_git_is_file)) git_exclude = ReadIgnoreFile(*exclude);
  }
}

RuleMatch MatchIgnoreLevels(const IgnoreLevel& level, const IgnoreRules& global, std::string_view path,
                            bool is_dir) {
  RuleMatch from_ignore = RuleMatch::kNone;
  RuleMatch from_gitignore = RuleMatch::kNone;
  RuleMatch from_exclude = RuleMatch::kNone;
  bool saw_git = false;
  std::string joined;
  for (const IgnoreLevel* l = &level; l != nullptr; l = l->parent) {
    const bool git_rules_apply = level.any_git && !saw_git;
    saw_git = saw_git || l->has_git;
    if (l->empty()) continue;
    std::string_view relative = path.substr(l->strip);
    if (!l->lead.empty()) {
      joined = l->lead;
      joined += path;
      relative = joined;
    }
    RuleMatch m = l->rgignore.Match(relative, is_dir);
    if (m != RuleMatch::kNone) return m;  // a .rgignore match outranks everything else
    if (from_ignore == RuleMatch::kNone) from_ignore = l->ignore.Match(relative, is_dir);
    if (git_rules_apply) {
      if (from_gitignore == RuleMatch::kNone) from_gitignore = l->gitignore.Match(relative, is_dir);
      if (from_exclude == RuleMatch::kNone) from_exclude = l->git_exclude.Match(relative, is_dir);
    }
  }
  for (RuleMatch m : {from_ignore, from_gitignore, from_exclude}) {
    if (m != RuleMatch::kNone) return m;
  }
  return level.any_git ? global.Match(path, is_dir) : RuleMatch::kNone;
}

}  // namespace scry
