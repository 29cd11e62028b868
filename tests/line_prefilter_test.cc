// Hyperscan's line prefilter (query/line_prefilter.h): what it is given of a pattern, and which lines
// it hands on.  That searches still equal rg's is checked against rg itself, over ASCII text, by
// pattern_property_test.cc and the oracle tests.
#include "query/line_prefilter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/pattern.h"
#include "query/regex_parser.h"

namespace scry {
namespace {

std::shared_ptr<const LinePrefilter> For(const std::string& pattern, bool fold_case = false) {
  return LinePrefilter::For(regex::ParseRegex(pattern, fold_case).root);
}

// The lines (1-based) of `text` that the ranges cover.
std::vector<int> LinesOf(std::string_view text, const std::vector<LineRange>& ranges) {
  std::vector<int> lines;
  int number = 1;
  for (size_t start = 0; start < text.size(); ++number) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    for (const LineRange& r : ranges) {
      if (r.begin <= start && end <= r.end) {
        lines.push_back(number);
        break;
      }
    }
    start = end + 1;
  }
  return lines;
}

std::vector<LineRange> Candidates(const LinePrefilter& filter, std::string_view text) {
  std::vector<LineRange> out;
  filter.Candidates(text, &out);
  return out;
}

TEST(LinePrefilter, SpellsThePatternInBytesWithRgsAsciiMeaning) {
  auto filter = For("\\bu(8|16|32|64)\\b");
  ASSERT_NE(filter, nullptr);
  EXPECT_EQ(filter->expression(), "\\b\\x75(?:\\x38|\\x31\\x36|\\x33\\x32|\\x36\\x34)\\b");
  // \w is Unicode in rg; among ASCII characters it is [0-9A-Z_a-z], and no class takes '\n'.
  EXPECT_EQ(For("\\w+")->expression(), "(?:[\\x30-\\x39\\x41-\\x5a\\x5f\\x61-\\x7a]){1,}");
  EXPECT_EQ(For("[^a]")->expression(), "[\\x00-\\x09\\x0b-\\x60\\x62-\\x7f]");
}

TEST(LinePrefilter, CaseFoldingTakesTheKelvinSignAndTheLongSToAsciiLetters) {
  // The Kelvin sign folds to k and K; the long s to s and S.
  EXPECT_EQ(For("\u212A", true)->expression(), "[\\x4b\\x6b]");
  EXPECT_EQ(For("\u017F", true)->expression(), "[\\x53\\x73]");
  // rg folds a class before negating it: under (?i), [^k] matches neither k nor K.
  std::string negated = For("[^k]", true)->expression();
  EXPECT_EQ(negated.find("\\x4b"), std::string::npos) << negated;
  EXPECT_EQ(negated.find("\\x6b"), std::string::npos) << negated;
  // Without folding, the Kelvin sign is no ASCII letter at all.
  EXPECT_EQ(For("\u212A")->expression(), "");
}

TEST(LinePrefilter, APatternThatNeedsANonAsciiCharacterRulesOutEveryAsciiLine) {
  for (const char* pattern : {"\\p{Greek}", "é", "a|\\p{Han}b"}) {
    SCOPED_TRACE(pattern);
    auto filter = For(pattern);
    ASSERT_NE(filter, nullptr);
    if (std::string(pattern) == "a|\\p{Han}b") {
      EXPECT_EQ(filter->expression(), "(?:\\x61)");  // only the alternative ASCII can satisfy
      continue;
    }
    EXPECT_EQ(filter->expression(), "");
    EXPECT_TRUE(Candidates(*filter, "alpha beta\ngamma\n").empty());
  }
}

TEST(LinePrefilter, PatternsThatCanMatchAnEmptyLineAreLeftToRe2) {
  EXPECT_EQ(For("a*"), nullptr);
  EXPECT_EQ(For("^"), nullptr);
  EXPECT_EQ(For("x?|y"), nullptr);
  EXPECT_EQ(For("$"), nullptr);
  EXPECT_EQ(For("\\b(a?)\\b"), nullptr);
  EXPECT_NE(For("^a"), nullptr);
}

TEST(LinePrefilter, CandidatesAreWholeLinesAndCloseOnesShareARange) {
  auto filter = For("needle");
  ASSERT_NE(filter, nullptr);
  std::string text = "needle one\nnothing\nneedle two needle\n";
  std::vector<LineRange> ranges = Candidates(*filter, text);
  ASSERT_EQ(ranges.size(), 1u);  // lines 1 and 3 are a few bytes apart
  EXPECT_EQ(ranges[0].begin, 0u);
  EXPECT_EQ(ranges[0].end, text.size() - 1);

  std::string far = "needle\n" + std::string(1000, 'x') + "\nlast needle";
  ranges = Candidates(*filter, far);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(LinesOf(far, ranges), (std::vector<int>{1, 3}));
  EXPECT_EQ(ranges[1].end, far.size());  // the last line has no '\n'

  // Where most lines hold a candidate, the rest of the text is handed on whole, unscanned.
  std::string dense;
  for (int i = 0; i < 2000; ++i) dense += i % 3 ? "a needle\n" : "nothing\n";
  dense += std::string(100000, 'x');
  ranges = Candidates(*filter, dense);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].begin, 8u);  // after the first line, "nothing"
  EXPECT_EQ(ranges[0].end, dense.size());
}

TEST(LinePrefilter, OnlyPatternsRe2WouldWalkByteByByteUseIt) {
  EXPECT_EQ(Pattern::Compile({"spin_lock"}, {}).DescribeLineSearch(), "memmem spin_lock then RE2");
  EXPECT_EQ(Pattern::Compile({"0x[0-9a-f]{8}"}, {}).DescribeLineSearch(), "RE2");  // RE2 jumps to '0'
  EXPECT_EQ(Pattern::Compile({"a*"}, {}).DescribeLineSearch(), "RE2");
  EXPECT_EQ(Pattern::Compile({"\\p{Greek}"}, {}).DescribeLineSearch(), "none in ASCII files, RE2 in others");
  PatternOptions word;
  word.word = true;  // the -w wrapper leaves RE2 no first byte
  EXPECT_EQ(Pattern::Compile({"ab"}, word).DescribeLineSearch(),
            "hyperscan \\x61\\x62 (ASCII files) then RE2");
}

TEST(LinePrefilter, PatternHandsOnlyAsciiTextToIt) {
  Pattern pattern = Pattern::Compile({"[a-z]+_[a-z]+\\("}, {});
  std::vector<LineRange> ranges;
  EXPECT_TRUE(pattern.CandidateLines("int x;\nfoo_bar(1);\n", &ranges));
  EXPECT_EQ(LinesOf("int x;\nfoo_bar(1);\n", ranges), (std::vector<int>{2}));
  ranges.clear();
  EXPECT_FALSE(pattern.CandidateLines("naïve_bar(1);\n", &ranges));
  EXPECT_TRUE(ranges.empty());
}

}  // namespace
}  // namespace scry
