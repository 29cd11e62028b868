// A literal string that every match of a pattern contains.
//
// RE2 accelerates a search only by the first byte of a literal prefix (memchr), and stops at every
// occurrence of that byte.  Looking for a whole required literal with memmem first and running RE2
// only on the lines that hold it makes verification several times faster on source code, where
// single letters are everywhere and identifiers are rare.
#pragma once

#include <cstdint>
#include <string>

#include "query/regex_ast.h"

namespace scry {

// The longest string every match contains, or "" when none worth a memmem is known: under three
// bytes, or only alternatives (classes, alternations, case-insensitive letters).
std::string RequiredLiteral(const regex::Node& node);

// The ASCII text every match starts a line with, ignoring ASCII case: the literals right after a
// leading ^, or "" when the pattern does not start so.  Lets a search over sorted lines (symbol
// names) look at the lines with that prefix only.
std::string RequiredLinePrefix(const regex::Node& node);

// The CharMask (indexer/symbol.h) of the ASCII characters every match contains in one case or the
// other: a name whose mask lacks one of these bits cannot match, whatever its text.
uint64_t RequiredCharMask(const regex::Node& node);

}  // namespace scry
