// Parses rg's regex syntax (Rust's regex-syntax 0.6, as in ripgrep 13) into a regex::Node tree.
#pragma once

#include <string>
#include <string_view>

#include "query/regex_ast.h"

namespace scry::regex {

struct ParseResult {
  Node root;
  // What rg's smart case (-S) looks at: literal characters written in the pattern, in or out of
  // classes, however they are spelled (\x41 counts as 'A'); class escapes like \W or \pL do not.
  bool any_literal = false;
  bool any_uppercase = false;
};

// The pattern as error messages show it: on one line, with any '\n' written as \n.
std::string ShowPattern(std::string_view pattern);

// `fold_case` is the starting value of the i flag (-i, or -S deciding so).
// Throws scry::Error(kBadInput) naming the pattern, the byte offset and the reason.
ParseResult ParseRegex(std::string_view pattern, bool fold_case);

}  // namespace scry::regex
