#include "query/name_match.h"

#include <algorithm>
#include <array>
#include <limits>

namespace scry {

namespace {

// Fuzzy scoring after fzf's: a matched character is worth much more than a gap costs, so a match
// that hits word starts beats a tighter one that does not ("fb": fooBar over fabric).
constexpr int32_t kCharMatch = 16;
constexpr int32_t kBonusNameStart = 10;
constexpr int32_t kBonusAfterSeparator = 8;
constexpr int32_t kBonusCaseChange = 7;  // camelCase, HTTPRequest, utf8Decode
constexpr int32_t kBonusConsecutive = 4;
constexpr int32_t kBonusSameUpperCase = 1;
constexpr int32_t kGapOpen = 3;
constexpr int32_t kGapExtend = 1;

constexpr int32_t kImpossible = std::numeric_limits<int32_t>::min() / 2;

constexpr bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Bytes of UTF-8 sequences count as word characters, so no word starts inside one.
bool IsWordByte(unsigned char c) { return c >= 0x80 || IsUpper(c) || IsLower(c) || IsDigit(c); }

constexpr unsigned char Fold(char c) {
  auto b = static_cast<unsigned char>(c);
  return IsUpper(b) ? b + ('a' - 'A') : b;
}

// Fold as a table, for the loop every name that passes the character mask goes through.
constexpr std::array<unsigned char, 256> kFolded = [] {
  std::array<unsigned char, 256> table{};
  for (size_t c = 0; c < table.size(); ++c) table[c] = Fold(static_cast<char>(c));
  return table;
}();

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return Fold(x) == Fold(y); });
}

// How much a query character gains by matching name[i], for where a word starts there.
int32_t WordStartBonus(std::string_view name, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(name[k]); };
  unsigned char c = at(i);
  if (i == 0) return kBonusNameStart;
  if (!IsWordByte(c)) return 0;
  unsigned char previous = at(i - 1);
  if (!IsWordByte(previous)) return kBonusAfterSeparator;
  if (IsUpper(c) && (IsLower(previous) || previous >= 0x80)) return kBonusCaseChange;
  if (IsUpper(c) && IsUpper(previous) && i + 1 < name.size() && IsLower(at(i + 1))) return kBonusCaseChange;
  if ((IsUpper(c) || IsLower(c)) && IsDigit(previous)) return kBonusCaseChange;
  return 0;
}

int32_t CharScore(char query_char, char name_char, int32_t word_start_bonus) {
  bool same_upper_case = IsUpper(static_cast<unsigned char>(query_char)) && query_char == name_char;
  return kCharMatch + word_start_bonus + (same_upper_case ? kBonusSameUpperCase : 0);
}

int32_t GapCost(size_t gap) { return gap == 0 ? 0 : kGapOpen + static_cast<int32_t>(gap - 1) * kGapExtend; }

bool Possible(int32_t score) { return score > kImpossible / 2; }

// kPrefix and kSubstring order by the fields in turn.
int32_t ContiguousScore(bool at_word_start, size_t extra_length, bool same_case) {
  constexpr size_t kMaxExtra = size_t{1} << 16;
  auto shortness = static_cast<int32_t>(kMaxExtra - std::min(extra_length, kMaxExtra));
  return (at_word_start ? int32_t{1} << 18 : 0) + shortness * 2 + (same_case ? 1 : 0);
}

// kFuzzy: the alignment's score, then the shorter name.
int32_t FuzzyScore(int64_t alignment, size_t extra_length) {
  constexpr int64_t kLimit = int64_t{1} << 22;
  constexpr size_t kLengthLevels = 256;
  int64_t clamped = std::clamp(alignment, -kLimit, kLimit);
  auto shortness = static_cast<int64_t>(kLengthLevels - 1 - std::min(extra_length, kLengthLevels - 1));
  return static_cast<int32_t>(clamped * static_cast<int64_t>(kLengthLevels) + shortness);
}

}  // namespace

NameMatcher::NameMatcher(std::string_view query) : query_(query), required_mask_(CharMask(query)) {
  for (char c : query_) folded_query_ += static_cast<char>(Fold(c));
}

NameScore NameMatcher::Match(std::string_view name) const {
  // Every match holds the query as a subsequence: one cheap pass rejects most names before the
  // quadratic contiguous search.
  if (query_.empty() || name.size() < query_.size() || !IsSubsequence(name)) return {};
  NameScore contiguous = MatchContiguous(name);
  if (contiguous.match != NameMatch::kNone) return contiguous;
  int64_t alignment = name.size() <= kMaxOptimalLength ? FuzzyOptimal(name) : FuzzyGreedy(name);
  return {NameMatch::kFuzzy, FuzzyScore(alignment, name.size() - query_.size())};
}

bool NameMatcher::IsSubsequence(std::string_view name) const {
  size_t matched = 0;
  for (char c : name) {
    if (kFolded[static_cast<unsigned char>(c)] == static_cast<unsigned char>(folded_query_[matched]) &&
        ++matched == folded_query_.size())
      return true;
  }
  return false;
}

NameScore NameMatcher::MatchContiguous(std::string_view name) const {
  const size_t m = query_.size();
  if (name.size() == m) {
    if (name == query_) return {NameMatch::kExact, 0};
    if (EqualsIgnoringCase(name, query_)) return {NameMatch::kExactIgnoringCase, 0};
    return {};
  }
  const size_t extra = name.size() - m;
  if (EqualsIgnoringCase(name.substr(0, m), query_)) {
    return {NameMatch::kPrefix, ContiguousScore(true, extra, name.starts_with(query_))};
  }
  // The first occurrence at a word start, else the first occurrence.
  size_t first = std::string_view::npos;
  for (size_t i = 1; i + m <= name.size(); ++i) {
    std::string_view here = name.substr(i, m);
    if (!EqualsIgnoringCase(here, query_)) continue;
    if (WordStartBonus(name, i) > 0) {
      return {NameMatch::kSubstring, ContiguousScore(true, extra, here == query_)};
    }
    if (first == std::string_view::npos) first = i;
  }
  if (first == std::string_view::npos) return {};
  return {NameMatch::kSubstring, ContiguousScore(false, extra, name.substr(first, m) == query_)};
}

// The best alignment by dynamic programming over (query character, name position), keeping two
// rows: previous[j] is the best score of the query so far with its last character matched at name[j].
// Affine gaps: `gapped` carries the best earlier row entry, already charged for the gap up to j.
// The name must hold the query as a subsequence.
int64_t NameMatcher::FuzzyOptimal(std::string_view name) const {
  const size_t n = name.size();
  std::array<int32_t, kMaxOptimalLength> bonus, row_a, row_b;
  int32_t* previous = row_a.data();
  int32_t* current = row_b.data();
  for (size_t j = 0; j < n; ++j) bonus[j] = WordStartBonus(name, j);
  for (size_t j = 0; j < n; ++j) {
    previous[j] = Fold(name[j]) == Fold(query_[0]) ? CharScore(query_[0], name[j], bonus[j]) : kImpossible;
  }
  for (size_t i = 1; i < query_.size(); ++i) {
    const unsigned char wanted = Fold(query_[i]);
    int32_t gapped = kImpossible;
    current[0] = kImpossible;
    for (size_t j = 1; j < n; ++j) {
      if (j >= 2) gapped = std::max(gapped - kGapExtend, previous[j - 2] - kGapOpen);
      int32_t before = std::max(previous[j - 1] + kBonusConsecutive, gapped);
      bool matches = Fold(name[j]) == wanted && Possible(before);
      current[j] = matches ? before + CharScore(query_[i], name[j], bonus[j]) : kImpossible;
    }
    std::swap(previous, current);
  }
  int32_t best = kImpossible;
  for (size_t j = 0; j < n; ++j) best = std::max(best, previous[j]);
  return best;
}

// fzf's v1: the first place the whole query has matched, then backwards to the latest start of a
// window ending there, scored along the leftmost match inside that window.  The name must hold the
// query as a subsequence.
int64_t NameMatcher::FuzzyGreedy(std::string_view name) const {
  const size_t m = query_.size();
  size_t end = 0;
  for (size_t j = 0, matched = 0; matched < m; ++j) {
    if (Fold(name[j]) == Fold(query_[matched]) && ++matched == m) end = j;
  }
  size_t start = end;
  for (size_t j = end + 1, left = m; left > 0;) {
    --j;
    if (Fold(name[j]) == Fold(query_[left - 1]) && --left == 0) start = j;
  }
  int64_t score = 0;
  size_t last = 0;
  for (size_t j = start, i = 0; i < m; ++j) {
    if (Fold(name[j]) != Fold(query_[i])) continue;
    if (i > 0) score += j == last + 1 ? kBonusConsecutive : -GapCost(j - last - 1);
    score += CharScore(query_[i], name[j], WordStartBonus(name, j));
    last = j;
    ++i;
  }
  return score;
}

}  // namespace scry
