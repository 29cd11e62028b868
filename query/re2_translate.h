// Spells a parsed rg pattern in RE2 syntax with rg's meaning.
//
// The result is meant for an RE2 compiled in UTF-8 mode with (?m), run over whole buffers: Perl and
// POSIX classes are written out in Unicode terms, case folding is scoped with (?i:..) exactly where rg's
// i flag was on, and every class leaves out '\n' because rg never lets a pattern match a line terminator.
#pragma once

#include <string>

#include "query/regex_ast.h"

namespace scry::regex {

// Throws scry::Error(kBadInput) for the few class shapes RE2 cannot express (see query/README.md).
std::string TranslateToRe2(const Node& node);

// One code point of the rg Perl class that `letter` names (d D s S w W), excluding '\n': the -w
// wrapper's \W, the word characters of query/word_boundary.h.
std::string PerlClassRe2(char letter);

}  // namespace scry::regex
