#include "indexer/ignore_rules.h"

#include <string>

#include "util/error.h"

namespace scry {

namespace {

std::string_view TrimTrailingSpace(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r' ||
                           line.back() == '\n' || line.back() == '\v' || line.back() == '\f')) {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

void IgnoreRules::AddLine(std::string_view line) {
  if (line.starts_with('#')) return;
  if (!line.ends_with("\\ ")) line = TrimTrailingSpace(line);
  if (line.empty()) return;
  const std::string_view original = line;

  bool whitelist = false;
  if (line.starts_with("\\!") || line.starts_with("\\#")) {
    line.remove_prefix(1);
  } else if (line.starts_with('!')) {
    whitelist = true;
    line.remove_prefix(1);
  }
  bool directories_only = false;
  if (line.ends_with('/')) {
    directories_only = true;
    line.remove_suffix(1);
  }
  try {
    rules_.push_back({Glob::Compile(line), whitelist, directories_only});
  } catch (const Error& e) {
    // Name the whole line, '!' and trailing '/' included, as ripgrep does.
    std::string reason =
        std::string(e.what()).substr(std::string("error parsing glob '").size() + line.size() + 1);
    throw Error(e.code(), "error parsing glob '" + std::string(original) + "'" + reason);
  }
  if (whitelist) ++whitelist_count_;
}

RuleMatch IgnoreRules::Match(std::string_view path, bool is_dir) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    if (it->directories_only && !is_dir) continue;
    if (it->glob.Matches(path)) return it->whitelist ? RuleMatch::kWhitelist : RuleMatch::kIgnore;
  }
  return RuleMatch::kNone;
}

}  // namespace scry
