// The query language that the CLI (`scry search -q`), the servers and the agents' tools share, read
// the way zoekt and GitHub code search read theirs:
//
//   lang:go file:_test\.go$ -file:vendor/ sym:Handler case:yes rev:v1.2 "a literal" /a regex/ word
//
//   word, "quoted"   a literal to find in the content ("" for spaces; \" and \\ inside quotes)
//   /regex/          a regular expression in ripgrep's syntax (\/ for a slash)
//   content:X        the same as X, spelt out (X a word, "quoted" or /regex/)
//   file:RE path:RE  the path (relative to the indexed root) matches the regex RE
//   lang:NAME        the file is of ripgrep's type NAME (`scry search --type-list`), or of the
//                    language NAME (python, javascript, typescript, csharp, c++, bash, ...)
//   sym:X            the file defines a symbol whose name holds X (a literal, or /regex/)
//   case:yes|no|auto whether literals and regexes match case: auto (the default) is smart case
//   rev:REV          search the snapshot of a revision instead of the working tree
//   A B              both;  A or B  either;  -A  not A;  ( ... )  grouping
//
// AND binds tighter than `or`.  A bare word is a literal, as on GitHub, not a regex as in zoekt: code
// is full of dots and brackets.  A word that does not start with a known field name is a literal even
// if it holds a colon, so `std::string` needs no quotes.  case: and rev: set the whole query: they
// may not be negated, or-ed or put in parentheses.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scry {

struct QueryNode {
  enum class Kind { kAnd, kOr, kNot, kContent, kFile, kLang, kSym };

  Kind kind = Kind::kAnd;
  std::vector<QueryNode> children;  // kAnd, kOr: two or more; kNot: one
  std::string value;                // atoms: the literal, regex, path regex or type name
  bool regex = false;               // kContent, kSym: written /like this/
  size_t column = 0;                // 1-based, where the node starts in the query

  bool operator==(const QueryNode&) const = default;
};

enum class CaseMode { kAuto, kYes, kNo };

struct ParsedQuery {
  std::optional<QueryNode> root;      // empty when the query holds only settings
  std::optional<CaseMode> case_mode;  // empty: no case: given
  std::string rev;
};

// Throws scry::Error(kBadInput) "query: column N: what is wrong" for a syntax error.
ParsedQuery ParseQuery(std::string_view query);

// The tree written back in the language, fully parenthesised (for --explain and tests).
std::string ToString(const QueryNode& node);

}  // namespace scry
