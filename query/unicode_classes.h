// rg's named classes (Perl \d \s \w, POSIX [:alpha:], Unicode \p{..}) as regex::ClassItem values that
// the RE2 translator can spell.  rg's Perl classes are Unicode-aware while RE2's are ASCII, so they are
// written out here from Unicode general categories instead of being passed through.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "query/regex_ast.h"

namespace scry::regex {

// `letter` is one of d D s S w W.
ClassItem PerlClass(char letter);

// Appends the ranges of the ASCII class `name` ("alpha", "digit", ...); false if there is no such class.
bool AsciiClassRanges(std::string_view name, std::vector<ClassItem>* out);

// Maps an rg Unicode class name (L, Greek, Letter, Decimal_Number, ...) to the name RE2 knows it by.
// False if RE2 has no equivalent (rg's binary properties such as Alphabetic or Emoji).
bool UnicodeClassName(std::string_view name, std::string* re2_name);

}  // namespace scry::regex
