#include "query/required_literal.h"

#include <gtest/gtest.h>

#include "indexer/symbol.h"
#include "query/regex_parser.h"

namespace scry {
namespace {

regex::Node Root(const std::string& pattern, bool fold_case = false) {
  return regex::ParseRegex(pattern, fold_case).root;
}

std::string Required(const std::string& pattern, bool fold_case = false) {
  return RequiredLiteral(Root(pattern, fold_case));
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

TEST(RequiredLinePrefixTest, TheLiteralsRightAfterALeadingCaret) {
  EXPECT_EQ(RequiredLinePrefix(Root("^ext4_mb_")), "ext4_mb_");
  EXPECT_EQ(RequiredLinePrefix(Root("^ext4_mb_\\w+$")), "ext4_mb_");
  EXPECT_EQ(RequiredLinePrefix(Root("^(?:new)Reader")), "newReader");
  EXPECT_EQ(RequiredLinePrefix(Root("^ab?c")), "a");
  EXPECT_EQ(RequiredLinePrefix(Root("^New", true)), "New");  // folded: the caller ignores ASCII case
}

TEST(RequiredLinePrefixTest, NothingUnlessEveryMatchStartsALineWithIt) {
  EXPECT_EQ(RequiredLinePrefix(Root("ext4_mb_")), "");
  EXPECT_EQ(RequiredLinePrefix(Root("^ext4|^tcp")), "");
  EXPECT_EQ(RequiredLinePrefix(Root("(^a)?b")), "");
  EXPECT_EQ(RequiredLinePrefix(Root("^[a-z]+")), "");
  EXPECT_EQ(RequiredLinePrefix(Root("^\\x{e9}t\\x{e9}")), "");  // not ASCII
  // A folded k or s also matches the Kelvin sign or the long s, which sort elsewhere.
  EXPECT_EQ(RequiredLinePrefix(Root("^task", true)), "ta");
  EXPECT_EQ(RequiredLinePrefix(Root("^kmem", true)), "");
  EXPECT_EQ(RequiredLinePrefix(Root("^kmem")), "kmem");
}

TEST(RequiredCharMaskTest, CharactersEveryMatchHolds) {
  EXPECT_EQ(RequiredCharMask(Root("tcp_v4_connect")), CharMask("tcp_v4_connect"));
  EXPECT_EQ(RequiredCharMask(Root("^Handler$")), CharMask("handler"));  // the mask ignores ASCII case
  EXPECT_EQ(RequiredCharMask(Root("a(bc|bd)+e?")), CharMask("ab"));
  EXPECT_EQ(RequiredCharMask(Root("x?y")), CharMask("y"));
  EXPECT_EQ(RequiredCharMask(Root("[a-z]+\\d")), 0u);
  // A folded k or s may be the Kelvin sign or the long s in the name.
  EXPECT_EQ(RequiredCharMask(Root("kmem_cache", true)), CharMask("mem_cache"));
  EXPECT_EQ(RequiredCharMask(Root("kmem_cache")), CharMask("kmem_cache"));
}

}  // namespace
}  // namespace scry
