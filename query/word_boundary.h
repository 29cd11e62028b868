// rg's \b and \B with RE2, which has only ASCII ones.
//
// rg's word boundary is Unicode-aware: "的u32的" has no boundary around "u32", because 的 is a word
// character.  RE2's \b counts only [0-9A-Za-z_] as word characters and has no Unicode variant, and
// without look-around the difference cannot be written into the RE2 pattern.  It can be written into
// the text instead, for the patterns people use \b with (`\bu32\b`, `\bfoo_\w...` aside): when every
// character the pattern can match is ASCII, the pattern never consumes a non-ASCII character, so only
// the word-ness of those characters matters.  The text is searched with each non-ASCII word
// character's bytes replaced by an ASCII word character the pattern cannot match (the stand-in):
// byte offsets and lines stay where they were, boundaries become rg's, and nothing new can match.
// Patterns that can match non-ASCII characters keep RE2's ASCII \b (query/README.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "query/regex_ast.h"

namespace re2 {
class RE2;
}

namespace scry {

class WordBoundaryText {
 public:
  // Null if `root` has no \b or \B, or if it can match a non-ASCII character or every ASCII word
  // character (then no stand-in exists).
  static std::unique_ptr<WordBoundaryText> For(const regex::Node& root);

  std::unique_ptr<WordBoundaryText> Clone() const;
  ~WordBoundaryText();

  // `text` itself if it has no non-ASCII word character, else a copy in *storage with the stand-in
  // in their place (same length, same '\n's).
  std::string_view Rewrite(std::string_view text, std::string* storage) const;

 private:
  explicit WordBoundaryText(char stand_in);

  char stand_in_;
  std::unique_ptr<re2::RE2> word_run_;  // one or more of rg's \w, anchored where it is run
};

}  // namespace scry
