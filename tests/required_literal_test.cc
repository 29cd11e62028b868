#include "query/required_literal.h"

#include <gtest/gtest.h>

#include "query/regex_parser.h"

namespace scry {
namespace {

std::vector<std::string> Required(const std::string& pattern, bool fold_case = false) {
  return RequiredLiterals(regex::ParseRegex(pattern, fold_case).root);
}

using Strings = std::vector<std::string>;

TEST(RequiredLiteralTest, LongestRunOfExactLiterals) {
  EXPECT_EQ(Required("spin_lock_irqsave"), Strings{"spin_lock_irqsave"});
  EXPECT_EQ(Required("kfree\\(.*\\);\\s*kfree\\("), Strings{"kfree("});
  EXPECT_EQ(Required("#define\\s+MAX_\\w+"), Strings{"#define"});
  EXPECT_EQ(Required("(abc)+x"), Strings{"abc"});
  EXPECT_EQ(Required("^foo\\b"), Strings{"foo"});
}

TEST(RequiredLiteralTest, AlternationsRequireOneOfTheirBranches) {
  EXPECT_EQ(Required("TODO|FIXME|XXX"), (Strings{"FIXME", "TODO", "XXX"}));
  EXPECT_EQ(Required("x(foo|bar)y"), (Strings{"bar", "foo"}));
  EXPECT_TRUE(Required("foo|b").empty());       // a branch with only one byte
  EXPECT_TRUE(Required("foo|[a-z]+").empty());  // a branch with no literal
}

TEST(RequiredLiteralTest, NothingForOptionalPartsClassesOrFoldedLetters) {
  EXPECT_TRUE(Required("(abc)?x").empty());
  EXPECT_TRUE(Required("[a-z]+_[0-9]+").empty());
  EXPECT_TRUE(Required("ethernet", true).empty());
  EXPECT_EQ(Required("_-_", true), Strings{"_-_"});  // no letters: folding changes nothing
  EXPECT_TRUE(Required("a|b|c|d|e|f|g|h|i").empty());
}

}  // namespace
}  // namespace scry
