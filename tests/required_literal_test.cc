#include "query/required_literal.h"

#include <gtest/gtest.h>

#include "indexer/symbol.h"
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

std::string LinePrefix(const std::string& pattern, bool fold_case = false) {
  return RequiredLinePrefix(regex::ParseRegex(pattern, fold_case).root);
}

TEST(RequiredLinePrefixTest, TheLiteralsRightAfterALeadingCaret) {
  EXPECT_EQ(LinePrefix("^ext4_mb_"), "ext4_mb_");
  EXPECT_EQ(LinePrefix("^ext4_mb_\\w+$"), "ext4_mb_");
  EXPECT_EQ(LinePrefix("^(?:new)Reader"), "newReader");
  EXPECT_EQ(LinePrefix("^ab?c"), "a");
  EXPECT_EQ(LinePrefix("^New", true), "New");  // folded: the caller ignores ASCII case
}

TEST(RequiredLinePrefixTest, NothingUnlessEveryMatchStartsALineWithIt) {
  EXPECT_EQ(LinePrefix("ext4_mb_"), "");
  EXPECT_EQ(LinePrefix("^ext4|^tcp"), "");
  EXPECT_EQ(LinePrefix("(^a)?b"), "");
  EXPECT_EQ(LinePrefix("^[a-z]+"), "");
  EXPECT_EQ(LinePrefix("^\\x{e9}t\\x{e9}"), "");  // not ASCII
  // A folded k or s also matches the Kelvin sign or the long s, which sort elsewhere.
  EXPECT_EQ(LinePrefix("^task", true), "ta");
  EXPECT_EQ(LinePrefix("^kmem", true), "");
  EXPECT_EQ(LinePrefix("^kmem"), "kmem");
}

uint64_t Mask(const std::string& pattern, bool fold_case = false) {
  return RequiredCharMask(regex::ParseRegex(pattern, fold_case).root);
}

TEST(RequiredCharMaskTest, CharactersEveryMatchHolds) {
  EXPECT_EQ(Mask("tcp_v4_connect"), CharMask("tcp_v4_connect"));
  EXPECT_EQ(Mask("^Handler$"), CharMask("handler"));  // the mask ignores ASCII case
  EXPECT_EQ(Mask("a(bc|bd)+e?"), CharMask("ab"));
  EXPECT_EQ(Mask("x?y"), CharMask("y"));
  EXPECT_EQ(Mask("[a-z]+\\d"), 0u);
  // A folded k or s may be the Kelvin sign or the long s in the name.
  EXPECT_EQ(Mask("kmem_cache", true), CharMask("mem_cache"));
  EXPECT_EQ(Mask("kmem_cache"), CharMask("kmem_cache"));
}

}  // namespace
}  // namespace scry
