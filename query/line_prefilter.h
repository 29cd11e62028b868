// The lines of a file worth handing to RE2, found by Hyperscan.
//
// RE2 verifies every match (query/pattern.h), but its DFA walks each byte of a candidate file at
// about 0.8 GB/s a core.  For a pattern with no literal to look for first, such as
// `\bu(8|16|32|64)\b` or `[a-z]+_[a-z]+\(`, that walk is the whole search, and slower than
// ripgrep's.  Hyperscan (Debian's libhyperscan) finds the same pattern several times faster with
// SIMD.  scry asks it only which lines can match and lets RE2 decide on those lines, so results stay
// RE2's: Hyperscan runs in prefilter mode, which may report more than the pattern matches, never less.
//
// Hyperscan's Unicode mode needs valid UTF-8, which files need not be, and its classes are not rg's
// beyond ASCII.  So the pattern is compiled for bytes, from what each literal and class matches
// among the ASCII characters under rg's rules (case folding included), and used only on files whose
// bytes are all ASCII.  There rg's Unicode classes and word boundaries mean exactly their ASCII
// parts, since no other character occurs.  A pattern that needs a non-ASCII character cannot match
// such a file at all (`\p{Greek}` skips them without a scan).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "query/regex_ast.h"

struct hs_database;

namespace scry {

// Bytes [begin, end) of a text: whole lines, each ending before its '\n' or at the text's end.
struct LineRange {
  size_t begin = 0;
  size_t end = 0;
};

class LinePrefilter {
 public:
  // nullptr when Hyperscan cannot take the pattern (it may match an empty string, or is too large)
  // or the machine lacks the instructions Hyperscan needs.
  static std::shared_ptr<const LinePrefilter> For(const regex::Node& root);

  // The Hyperscan pattern, "" when nothing ASCII can match (for --explain and tests).
  const std::string& expression() const { return expression_; }

  // Appends to *out, in order, ranges of whole lines of `text` that together hold every line rg
  // would report: close lines share a range, and where candidates are dense the rest of the text is
  // one.  `text` must be all ASCII (query/utf8.h's IsAscii).  Safe to call from several threads at
  // once: each uses its own Hyperscan scratch space.
  void Candidates(std::string_view text, std::vector<LineRange>* out) const;

  ~LinePrefilter();

 private:
  LinePrefilter() = default;

  std::string expression_;
  hs_database* database_ = nullptr;  // null when expression_ is ""
};

}  // namespace scry
