// Matching what the user typed for `scry symbols QUERY` against symbol names, as an editor's "go to
// symbol in workspace" does: exact names first, then prefixes, substrings, and last the names that
// hold the query's characters in order ("fb" finds fooBar).
//
// Case folding is ASCII only; other bytes compare as bytes, so UTF-8 names pass through unchanged.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/symbol.h"  // CharMask

namespace scry {

// How a name matches a query; a larger value is a better match.
enum class NameMatch : uint8_t {
  kNone = 0,
  kFuzzy = 1,              // the query's characters appear in order, ignoring case
  kSubstring = 2,          // ignoring case
  kPrefix = 3,             // ignoring case
  kExactIgnoringCase = 4,  // equal but for ASCII case
  kExact = 5,              // byte-equal
};

// Names compare by `match`, then by `score` (higher is better); scores of different classes do not
// compare.  kPrefix and kSubstring: an occurrence at a word start ranks first (for "count",
// getCount before discount), then the shorter name, then the one whose case agrees with the
// query.  kFuzzy: word starts, consecutive runs and case agreement earn, gaps cost, and the shorter
// name wins a tie.
struct NameScore {
  NameMatch match = NameMatch::kNone;
  int32_t score = 0;

  friend auto operator<=>(const NameScore&, const NameScore&) = default;
};

class NameMatcher {
 public:
  // An empty query matches nothing.
  explicit NameMatcher(std::string_view query);

  // Does not allocate.  Names up to kMaxOptimalLength bytes get the best-scoring fuzzy alignment;
  // longer ones the shortest window that a greedy scan finds.
  NameScore Match(std::string_view name) const;

  // Every name that matches has all of these bits in its CharMask: a test to run before Match when
  // there are millions of names.
  uint64_t required_mask() const { return required_mask_; }

  static constexpr size_t kMaxOptimalLength = 256;

 private:
  NameScore MatchContiguous(std::string_view name) const;
  bool IsSubsequence(std::string_view name) const;
  int64_t FuzzyOptimal(std::string_view name) const;
  int64_t FuzzyGreedy(std::string_view name) const;

  std::string query_;
  std::string folded_query_;  // ASCII letters in lower case
  uint64_t required_mask_ = 0;
};

}  // namespace scry
