// The trigram planner: which trigrams a document must contain for a pattern to possibly match.
//
// This follows Russ Cox's codesearch (index/regexp.go): for every sub-expression it tracks whether it
// can match the empty string, its exact set of matching strings (while small), otherwise sets of
// possible prefixes and suffixes, and a query that every match satisfies.  The plan may over-approximate,
// never under-approximate.  Case-insensitive literals stand for all their Unicode simple case folds:
// ASCII letters are folded by the index itself, 'k' and 's' also stand for KELVIN SIGN and LONG S, and
// other non-ASCII letters under (?i) are treated as unknown characters.
#pragma once

#include "query/regex_ast.h"
#include "query/trigram_query.h"

namespace scry {

TrigramQuery PlanTrigrams(const regex::Node& root);

}  // namespace scry
