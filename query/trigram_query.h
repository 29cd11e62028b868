// A boolean query over trigrams: what the index must contain for a pattern to possibly match.
//
// This is the Query of Russ Cox's codesearch (index/regexp.go): ALL (every document), NONE (no document),
// AND or OR of a list of trigrams and of sub-queries.  The planner builds one from a pattern; the executor
// evaluates it with roaring bitmap intersections and unions.  A plan may over-approximate (match documents
// the pattern does not), never under-approximate: RE2 verification makes the results exact.
#pragma once

#include <string>
#include <vector>

#include "indexer/trigram.h"

namespace scry {

struct TrigramQuery {
  enum class Op { kAll, kNone, kAnd, kOr };

  Op op = Op::kAll;
  std::vector<Trigram> trigrams;  // for kAnd/kOr: sorted, unique
  std::vector<TrigramQuery> subs;

  static TrigramQuery All() { return {Op::kAll, {}, {}}; }
  static TrigramQuery None() { return {Op::kNone, {}, {}}; }

  // A readable form for tests and `scry search --explain`: "abc def (ghi|jkl)", "+" for ALL, "-" for NONE.
  std::string ToString() const;
};

}  // namespace scry
