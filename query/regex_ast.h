// The parsed form of an rg (Rust regex crate) pattern, with its flags already applied.
//
// Flags such as (?i) and (?U) are resolved while parsing: each literal and class records whether it
// folds case and each repetition whether it is greedy, so later passes (the RE2 translator and the
// trigram planner) need no flag state of their own.  Groups are dropped: nothing reads captures.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace scry::regex {

// One member of a bracket class (or of a Perl/Unicode class, which are stored as classes too).
struct ClassItem {
  enum class Kind {
    kRange,         // lo..hi, inclusive code points
    kNamed,         // an RE2 class that RE2 can spell inside brackets, e.g. "\p{Greek}"; negated = \P{..}
    kNegatedUnion,  // the complement of `items` (\W, \S, [:^alpha:], a nested [^...])
  };
  Kind kind = Kind::kRange;
  char32_t lo = 0;
  char32_t hi = 0;
  std::string name;
  bool negated = false;
  std::vector<ClassItem> items;
};

inline ClassItem RangeItem(char32_t lo, char32_t hi) {
  ClassItem item;
  item.lo = lo;
  item.hi = hi;
  return item;
}

inline ClassItem ComplementItem(std::vector<ClassItem> items) {
  ClassItem item;
  item.kind = ClassItem::Kind::kNegatedUnion;
  item.items = std::move(items);
  return item;
}

// Matches one code point that is in the union of `items` (or, if negated, in none of them).
struct CharClass {
  bool negated = false;
  std::vector<ClassItem> items;
};

struct Node {
  enum class Kind {
    kEmpty,
    kLiteral,
    kClass,
    kLineStart,  // ^ (rg always sets the m flag)
    kTextStart,  // \A: only the start of the file's first line, as rg's printer sees it
    kLineEnd,    // $ and \z: rg's matcher never sees the '\n' after a line
    kWordBoundary,
    kNotWordBoundary,
    kRepeat,
    kConcat,
    kAlternate,
  };
  Kind kind = Kind::kEmpty;
  char32_t rune = 0;       // kLiteral
  bool fold_case = false;  // kLiteral, kClass
  CharClass char_class;    // kClass
  int min = 0;             // kRepeat
  int max = -1;            // kRepeat; -1 is unbounded
  bool greedy = true;      // kRepeat
  std::vector<Node> subs;  // kRepeat (one), kConcat, kAlternate
};

}  // namespace scry::regex
