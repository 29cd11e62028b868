// rg's Unicode classes and case folding, checked over every Unicode scalar value: a file holds one
// code point per line and Pattern must pick the same lines as rg 13.  Also the differences from rg
// that remain (query/README.md lists them), pinned down so a change in either side is noticed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/pattern.h"
#include "query/utf8.h"
#include "tests/testlib/rg_oracle.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

// Every code point assigned in rg 13's Unicode version (14.0), one per line.  RE2's tables are newer,
// so code points assigned since then are left out: there the two can only disagree.
std::string EveryAssignedCodePoint(const testing::TempTree& tree) {
  std::vector<char32_t> all;
  std::string text;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c == '\n' || (c >= 0xD800 && c <= 0xDFFF)) continue;
    all.push_back(c);
    text += EncodeUtf8(c) + "\n";
  }
  tree.Write("all.txt", text);
  std::vector<size_t> unassigned = testing::RgJson(tree.root() / "all.txt", {"^\\p{Cn}$"}, {}).lines;
  std::string assigned;
  size_t skip = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    if (skip < unassigned.size() && unassigned[skip] == i + 1) {
      ++skip;
      continue;
    }
    assigned += EncodeUtf8(all[i]) + "\n";
  }
  return assigned;
}

TEST(PatternUnicode, ClassesAgreeWithRgOnEveryAssignedCodePoint) {
  testing::TempTree tree;
  const std::string text = EveryAssignedCodePoint(tree);
  tree.Write("all.txt", text);
  for (std::string p : {"^\\w$", "^\\d$", "^\\s$", "^\\W$", "^.$", "^\\pL$", "^\\p{Greek}$", "^[[:punct:]]$",
                        "(?i)^k$", "(?i)^s$", "(?i)^\\x{3C3}$", "(?i)^[a-f]$", "(?i)^\\x{DF}$",
                        "(?i)^\\x{1E9E}$", "(?i)^\\x{130}$", "(?i)^\\x{3B8}$", "(?i)^\\x{1C5}$"}) {
    SCOPED_TRACE(p);
    Pattern pattern = Pattern::Compile({p}, {});
    EXPECT_EQ(testing::RgJson(tree.root() / "all.txt", {p}, {}).lines,
              testing::ScryJson(pattern, text).lines);
  }
}

// What rg and scry report for `pattern` over `text`.
std::pair<std::vector<testing::LineMatch>, std::vector<testing::LineMatch>> Both(const std::string& pattern,
                                                                                 const std::string& text) {
  testing::TempTree tree;
  tree.Write("t.txt", text);
  return {testing::RgJson(tree.root() / "t.txt", {pattern}, {}).matches,
          testing::ScryJson(Pattern::Compile({pattern}, {}), text).matches};
}

TEST(PatternUnicode, WordBoundaryIsRgsWhenThePatternMatchesOnlyAscii) {
  // RE2's \b only knows ASCII word characters; rg's knows Unicode ones.  Next to é, 的 or ١ (an
  // Arabic-Indic digit) they disagree both ways: RE2 sees a boundary in "éab" that rg does not, and
  // none in "-é" where rg has one.  query/word_boundary.h closes the gap for ASCII-only patterns.
  const std::string text =
      "ab cab ab_ ab\n\u00e9ab ab\u00e9 -\u00e9 \u0661ab\u0661\n"
      "\u7684u32\u7684 \uff08u8\uff09 \u7684u16 u64\u3002\n";
  for (std::string p : {"\\bab\\b", "\\bu(8|16|32|64)\\b", "-\\b", "\\Bab", "ab\\B", "(?i)\\bAB\\b", "\\b",
                        "a\\Bb", "\\b[a-z0-9_]+\\b"}) {
    SCOPED_TRACE(p);
    auto [rg, scry] = Both(p, text);
    EXPECT_EQ(rg, scry);
  }
}

TEST(PatternKnownDifferences, WordBoundaryIsAsciiWhenThePatternCanMatchNonAscii) {
  // A pattern that can match a non-ASCII character (here through \w, or through (?i)k, which folds
  // to the Kelvin sign) keeps RE2's ASCII \b: rg reports "ab\u00e9" whole, scry stops before \u00e9.
  auto [rg, scry] = Both("\\b\\w+\\b", "ab\u00e9 cd\n");
  EXPECT_EQ(rg, (std::vector<testing::LineMatch>{{1, 0, 4}, {1, 5, 7}}));
  EXPECT_EQ(scry, (std::vector<testing::LineMatch>{{1, 0, 2}, {1, 5, 7}}));
}

TEST(PatternKnownDifferences, EndThenStartAnchorNeverMatchesInRg) {
  // rg 13 (regex 1.5.4) never matches `$^`, not even on an empty line; RE2 does there.
  auto [rg, scry] = Both("$^", "ab\n\ncd\n");
  EXPECT_EQ(rg, std::vector<testing::LineMatch>{});
  EXPECT_EQ(scry, (std::vector<testing::LineMatch>{{2, 0, 0}}));
}

TEST(PatternKnownDifferences, NestedEmptyLoopsPreferDifferentIterations) {
  // Rust's regex and RE2 disagree on how far an empty-matching loop nested in another loop goes.
  auto [rg, scry] = Both("((([a-c])*)*?)*", "xxa\n");
  EXPECT_EQ(rg, (std::vector<testing::LineMatch>{{1, 0, 0}, {1, 1, 1}, {1, 2, 3}}));
  EXPECT_EQ(scry, (std::vector<testing::LineMatch>{{1, 0, 0}, {1, 1, 1}, {1, 2, 2}, {1, 3, 3}}));
}

TEST(PatternContract, CallerDropsAnEmptyMatchAtTheEndOfAnUnterminatedLastLine) {
  Pattern pattern = Pattern::Compile({"x*"}, {});
  std::vector<Submatch> matches;
  pattern.MatchesInLine("ab", &matches);
  EXPECT_EQ(matches, (std::vector<Submatch>{{0, 0}, {1, 1}, {2, 2}}));
  testing::TempTree tree;
  tree.Write("t.txt", "ab");
  EXPECT_EQ(testing::RgJson(tree.root() / "t.txt", {"x*"}, {}).matches,
            (std::vector<testing::LineMatch>{{1, 0, 0}, {1, 1, 1}}));
}

TEST(PatternContract, FindMatchingLineReturnsLineStarts) {
  Pattern pattern = Pattern::Compile({"b+"}, {});
  std::string_view text = "aaa\nabb\nbcb\nccc";
  EXPECT_EQ(pattern.FindMatchingLine(text, 0), 4u);
  EXPECT_EQ(pattern.FindMatchingLine(text, 8), 8u);
  EXPECT_EQ(pattern.FindMatchingLine(text, 12), std::string_view::npos);
  Pattern end = Pattern::Compile({"$"}, {});
  EXPECT_EQ(end.FindMatchingLine("a\n", 2), std::string_view::npos);  // nothing after the last '\n'
  EXPECT_EQ(end.FindMatchingLine("a\nb", 2), 2u);
}

}  // namespace
}  // namespace scry
