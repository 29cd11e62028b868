#include "query/required_literal.h"

#include <gtest/gtest.h>

#include "query/regex_parser.h"

namespace scry {
namespace {

std::string Required(const std::string& pattern, bool fold_case = false) {
  return RequiredLiteral(regex::ParseRegex(pattern, fold_case).root);
}

TEST(RequiredLiteralTest, LongestRunOfExactLiterals) {
  EXPECT_EQ(Required("spin_lock_irqsave"), "spin_lock_irqsave");
  EXPECT_EQ(Required("kfree\\(.*\\);\\s*kfree\\("), "kfree(");
  EXPECT_EQ(Required("#define\\s+MAX_\\w+"), "#define");
  EXPECT_EQ(Required("(abc)+x"), "abc");
  EXPECT_EQ(Required("^foo\\b"), "foo");
  EXPECT_EQ(Required("abc(defg|hijk)"), "abc");
}

TEST(RequiredLiteralTest, NothingForShortOptionalFoldedOrAlternativeParts) {
  EXPECT_EQ(Required("0x[0-9a-f]{8}"), "");  // two bytes: too dense to be worth it
  EXPECT_EQ(Required("TODO|FIXME|XXX"), "");
  EXPECT_EQ(Required("(abc)?x"), "");
  EXPECT_EQ(Required("[a-z]+_[0-9]+"), "");
  EXPECT_EQ(Required("ethernet", true), "");
  EXPECT_EQ(Required("_-_", true), "_-_");  // no letters: folding changes nothing
}

}  // namespace
}  // namespace scry
