// The rules of one gitignore-syntax file (.gitignore, .ignore, .rgignore, info/exclude, git's global
// excludes file) or of a list of -g globs, read the way ripgrep's gitignore.rs reads them.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "util/glob.h"

namespace scry {

enum class RuleMatch { kNone, kIgnore, kWhitelist };

class IgnoreRules {
 public:
  // Adds one line: '#' comments and blank lines are skipped, trailing spaces dropped unless escaped,
  // "!" makes a whitelist rule, a trailing '/' restricts it to directories.  "\!" and "\#" are literal.
  // Throws scry::Error(kBadInput) naming the glob if it does not parse.
  void AddLine(std::string_view line);

  // `path` is relative to the directory the rules belong to.  The last matching rule decides.
  RuleMatch Match(std::string_view path, bool is_dir) const;

  bool empty() const { return rules_.empty(); }
  size_t whitelist_count() const { return whitelist_count_; }
  size_t ignore_count() const { return rules_.size() - whitelist_count_; }

 private:
  struct Rule {
    Glob glob;
    bool whitelist;
    bool directories_only;
  };
  std::vector<Rule> rules_;
  size_t whitelist_count_ = 0;
};

}  // namespace scry
