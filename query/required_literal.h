// Literal strings one of which every match of a pattern contains.
//
// RE2 accelerates a search only by the first byte of a literal prefix (memchr), and stops at every
// occurrence of that byte.  Looking for the required literals with memmem first and running RE2
// only on the lines that hold one makes verification several times faster on source code, where
// single letters are everywhere and identifiers are rare.
#pragma once

#include <string>
#include <vector>

#include "query/regex_ast.h"

namespace scry {

// Every match contains at least one of the returned strings.  Empty when nothing useful is known:
// a class, a case-insensitive letter, or a string shorter than two bytes on some branch.
std::vector<std::string> RequiredLiterals(const regex::Node& node);

}  // namespace scry
