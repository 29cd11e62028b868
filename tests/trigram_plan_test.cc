// The trigram planner, table-driven like codesearch's regexp_test.go: which trigrams each pattern needs.
#include <gtest/gtest.h>

#include <string>

#include "query/pattern.h"

namespace scry {
namespace {

std::string Plan(const std::string& pattern, bool ignore_case = false) {
  PatternOptions options;
  options.ignore_case = ignore_case;
  return Pattern::Compile({pattern}, options).prefilter().ToString();
}

TEST(TrigramPlan, Literals) {
  EXPECT_EQ(Plan("abc"), "abc");
  EXPECT_EQ(Plan("abcd"), "abc bcd");
  EXPECT_EQ(Plan("abcdef"), "abc bcd cde def");
  EXPECT_EQ(Plan("ABC"), "abc");  // the index folds ASCII case, so the plan does too
  EXPECT_EQ(Plan("h\u00e9llo"), "h\\xc3\\xa9 llo \\xa9ll \\xc3\\xa9l");
}

TEST(TrigramPlan, PatternsWithoutATrigramMatchEverything) {
  for (const char* p :
       {"a", "ab", "ab|cd", "\\w+", ".", "(abc)*", "abc?", "a{3}", "[^a]bc", "ab\\d", "abc|.", ""}) {
    EXPECT_EQ(Plan(p), "+") << p;
  }
}

TEST(TrigramPlan, Alternation) {
  EXPECT_EQ(Plan("abc|def"), "abc|def");
  EXPECT_EQ(Plan("(abc|def)ghi"), "ghi ((abc bcg)|(def efg)) (cgh|fgh)");
  EXPECT_EQ(Plan("ab(c|d)ef"), "((abc bce)|(abd bde)) (cef|def)");
  EXPECT_EQ(Plan("a(b|c)d(e|f)g"), "((abd bde)|(abd bdf)|(acd cde)|(acd cdf)) (deg|dfg)");
}

TEST(TrigramPlan, ClassesAndRepetition) {
  EXPECT_EQ(Plan("a[bc]d"), "abd|acd");
  EXPECT_EQ(Plan("abc.*def"), "abc def");
  EXPECT_EQ(Plan("abc\\w+def"), "abc def");
  EXPECT_EQ(Plan("abc+"), "abc");
  EXPECT_EQ(Plan("\\bfoo\\b"), "foo");
  EXPECT_EQ(Plan("^hello$"), "ell hel llo");
}

TEST(TrigramPlan, CaseInsensitiveIncludesUnicodeFoldsOfAsciiLetters) {
  EXPECT_EQ(Plan("hello", true), "ell hel llo");
  // 'k' folds with KELVIN SIGN (e2 84 aa), 's' with LONG S (c5 bf).
  EXPECT_EQ(Plan("kelvin", true), "lvi vin ((elv kel)|(elv \\x84\\xaae \\xaael \\xe2\\x84\\xaa))");
  EXPECT_EQ(Plan("[k]ab", true), "kab|(\\x84\\xaaa \\xaaab \\xe2\\x84\\xaa)");
  EXPECT_EQ(Plan("x(?i)abc"), "abc xab");
  // A non-ASCII letter under (?i) breaks the chain rather than risk missing a fold partner.
  EXPECT_EQ(Plan("h\u00e9llo", true), "llo");
  EXPECT_EQ(Plan("Stra\u00dfe", true), "(str tra)|(tra \\xbftr \\xc5\\xbft)");
}

}  // namespace
}  // namespace scry
