// ripgrep 13 as the oracle for scry::Pattern: runs rg over a file and runs Pattern over the same bytes
// the way the searcher and printer will, so tests can compare the two match for match.
#pragma once

#include <compare>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "query/pattern.h"

namespace scry::testing {

// One match: 1-based line number and byte offsets within the line (end is 0 where rg does not say).
struct LineMatch {
  size_t line = 0;
  size_t begin = 0;
  size_t end = 0;
  auto operator<=>(const LineMatch&) const = default;
};

// Names the first place where two match lists part, or returns "" if they are equal.
std::string FirstDifference(const std::vector<LineMatch>& expected, const std::vector<LineMatch>& actual);

struct OracleResult {
  int status = 0;                  // rg's exit status
  std::vector<size_t> lines;       // matching line numbers
  std::vector<LineMatch> matches;  // every submatch
};

// The rg flags that mean the same as `options`.
std::string RgFlags(const PatternOptions& options);

// `rg --no-config --json` over `file`.
OracleResult RgJson(const std::filesystem::path& file, const std::vector<std::string>& patterns,
                    const PatternOptions& options);

// `rg --no-config --vimgrep` over `file`: matches carry the line and begin (column - 1) only.
OracleResult RgVimgrep(const std::filesystem::path& file, const std::vector<std::string>& patterns,
                       const PatternOptions& options);

// Pattern over `content` as a search reads a file: query/search.h's MatchLines, with submatches.
OracleResult ScryJson(const Pattern& pattern, std::string_view content);

// The same with ends dropped, to compare with RgVimgrep.
OracleResult ScryVimgrep(const Pattern& pattern, std::string_view content);

}  // namespace scry::testing
