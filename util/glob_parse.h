// Parsing a glob into token sequences, following the globset crate that ripgrep uses.
//
// Alternation groups ("{a,b}") are expanded here, so a parsed glob is a list of plain token sequences and
// the matcher never has to deal with alternation.  Parse errors carry globset's wording, because users
// compare our messages with ripgrep's.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scry::glob_internal {

enum class TokenKind {
  kLiteral,
  kAnyChar,          // ?     : one byte other than '/'
  kStar,             // *     : any run of bytes without '/'
  kClass,            // [...] : one byte in (or, negated, not in) a set; may be '/', as in globset
  kRecursivePrefix,  // **/   : nothing, or any run of bytes ending in '/'
  kRecursiveMiddle,  // /**/  : '/' or '/' + anything + '/'
  kRecursiveSuffix,  // /**   : '/' + anything
};

struct CharClass {
  bool negated = false;
  std::vector<std::pair<unsigned char, unsigned char>> ranges;

  bool Contains(unsigned char c) const;
};

struct Token {
  TokenKind kind;
  char literal = 0;     // for kLiteral
  int class_index = 0;  // for kClass, into ParsedGlob::classes
};

struct ParsedGlob {
  std::vector<std::vector<Token>> alternatives;  // the glob matches when any one does
  std::vector<CharClass> classes;
};

// Throws scry::Error(kBadInput) with ripgrep's message, naming `name` (the glob as the user wrote it,
// before the gitignore rewriting that produced `glob`).
ParsedGlob ParseGlob(std::string_view glob, std::string_view name);

}  // namespace scry::glob_internal
