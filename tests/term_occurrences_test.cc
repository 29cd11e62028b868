// The lexical side's term finder (query/term_occurrences.h) against the RE2 pattern it stands for.
#include "query/term_occurrences.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "query/pattern.h"
#include "query/search.h"

namespace scry {
namespace {

// What Pattern::Compile(terms) with fixed strings and ignore case matches in `text`.
std::vector<std::pair<size_t, std::string>> ByPattern(const std::string& text,
                                                      const std::vector<std::string>& terms) {
  PatternOptions options;
  options.fixed_strings = true;
  options.ignore_case = true;
  Pattern pattern = Pattern::Compile(terms, options);
  std::vector<std::pair<size_t, std::string>> out;
  for (const MatchedLine& line : MatchLines(pattern, text, 0, true)) {
    for (const Submatch& m : line.submatches) {
      out.emplace_back(line.offset + m.begin, text.substr(line.offset + m.begin, m.end - m.begin));
    }
  }
  return out;
}

std::vector<std::pair<size_t, std::string>> ByFinder(const std::string& text,
                                                     const std::vector<std::string>& terms) {
  std::vector<TermOccurrence> found;
  EXPECT_TRUE(FindTermOccurrences(text, terms, &found));
  std::vector<std::pair<size_t, std::string>> out;
  for (const TermOccurrence& o : found)
    out.emplace_back(o.offset, text.substr(o.offset, terms[o.term].size()));
  return out;
}

TEST(TermOccurrences, EarlierTermWinsAtTheSameByteAndMatchesDoNotOverlap) {
  std::vector<TermOccurrence> found;
  ASSERT_TRUE(FindTermOccurrences("Reset RESETS preset", {"reset", "res", "set"}, &found));
  std::vector<std::pair<size_t, uint32_t>> got;
  for (const TermOccurrence& o : found) got.emplace_back(o.offset, o.term);
  // "preset": "reset" at 14, which hides "set" at 16.
  EXPECT_EQ(got, (std::vector<std::pair<size_t, uint32_t>>{{0, 0}, {6, 0}, {14, 0}}));
  found.clear();
  ASSERT_TRUE(FindTermOccurrences("aaaa", {"aa"}, &found));
  EXPECT_EQ(found.size(), 2u);
}

TEST(TermOccurrences, AgreesWithThePatternOnRandomText) {
  std::mt19937 rng(5);
  const std::string alphabet = "abcdeABCDE_1 \n.";
  const std::vector<std::vector<std::string>> term_sets = {
      {"abc"},    {"abc", "bcd"}, {"bcd", "abc", "cab"}, {"aab", "aa_", "ab1"}, {"abcd", "abc", "bcde"},
      {"e", "ab"}};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    // Lengths around and past the 32 bytes a vector step looks at.
    std::uniform_int_distribution<size_t> length(0, round % 2 ? 70 : 1000), letter(0, alphabet.size() - 1);
    for (size_t i = length(rng); i > 0; --i) text += alphabet[letter(rng)];
    for (const std::vector<std::string>& terms : term_sets) {
      ASSERT_EQ(ByFinder(text, terms), ByPattern(text, terms)) << "text: " << text;
    }
  }
}

TEST(TermOccurrences, DeclinesWhereUnicodeFoldingCouldDiffer) {
  std::vector<TermOccurrence> found;
  // The pattern matches "reſet" (long s) and "bac\u212Aoff" (Kelvin sign) case-insensitively.
  EXPECT_FALSE(
      FindTermOccurrences("re\xC5\xBF"
                          "et",
                          {"reset"}, &found));
  EXPECT_FALSE(FindTermOccurrences("bac\xE2\x84\xAAoff", {"backoff"}, &found));
  EXPECT_EQ(ByPattern("re\xC5\xBF"
                      "et",
                      {"reset"})
                .size(),
            1u);
  EXPECT_FALSE(FindTermOccurrences("plain", {"réseau"}, &found));
  EXPECT_FALSE(FindTermOccurrences("plain", {"Reset"}, &found));
  EXPECT_TRUE(found.empty());
}

}  // namespace
}  // namespace scry
