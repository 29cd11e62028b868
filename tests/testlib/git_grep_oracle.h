// `git grep` as the oracle for searches of a revision: what `scry search --rev R P` must find is
// what `git grep -n -I -E P R` finds.
//
// What git 2.39 grep does with a revision (pinned by tests/git_grep_oracle_test.cc):
// - Every regular file in the revision's tree is searched: hidden files (.github/, .env.example) and
//   files .gitignore names alike; no ignore or hidden-file rules apply to a revision.
// - Symbolic links (mode 120000) are not searched: neither the link's target text nor the file it
//   points to is read.
// - Submodules (mode 160000) are skipped (without --recurse-submodules); .gitmodules is searched.
// - -I leaves out binary blobs: a NUL byte within the first 8000 bytes (byte 7999 is binary, a first
//   NUL at byte 8000 is text, and its line is printed with the NUL), or the `binary` attribute (or
//   `-diff`).  An explicit `diff` attribute makes a blob text despite NULs.  Without -I a binary
//   blob that matches prints "Binary file R:path matches" instead of lines.
// - Attributes come from the work tree's .gitattributes files (and .git/info/attributes), not from
//   the revision searched and not from the index; `linguist-generated` changes nothing.
// - Lines end at '\n' only: in a CRLF file the '\r' is the last byte of each line's text, and `$`
//   does not match before it.  A last line without '\n' is searched and printed like any other.
// - One row per matching line; --column is the 1-based byte offset of the leftmost match of any
//   pattern.  Under a UTF-8 locale (GitRepo runs git under C.UTF-8) `.` matches a whole character
//   and -i folds non-ASCII letters (under LC_ALL=C neither happens); -w counts only ASCII letters,
//   digits and '_' as word characters, so `-w llo` matches in "héllo" (rg's -w does not).
#pragma once

#include <compare>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "query/pattern.h"
#include "tests/testlib/git_repo.h"

namespace scry::testing {

// One matching line, as `git grep -n --column` prints it, without the `REV:` prefix.
struct GrepLine {
  std::string path;
  size_t line = 0;
  size_t column = 0;  // 1-based byte offset of the first match
  std::string text;   // the line without its '\n'
  auto operator<=>(const GrepLine&) const = default;
};

// For GoogleTest's messages: path:line:column:text.
void PrintTo(const GrepLine& line, std::ostream* out);

// `git grep -n -I --column -E [-i] [-F] [-w] -e PATTERN... REVISION` in `repo`, sorted by path and
// line; empty when nothing matches.  `revision` must name a commit.  Throws std::invalid_argument
// for options.smart_case (git grep has no smart case) and std::runtime_error when git fails.
std::vector<GrepLine> GitGrep(const GitRepo& repo, std::string_view revision,
                              const std::vector<std::string>& patterns, const PatternOptions& options = {});

}  // namespace scry::testing
