#include "util/line_of.h"

#include <gtest/gtest.h>

namespace scry {
namespace {

TEST(LineOf, LinesAreOneBasedWithoutTheirBreak) {
  EXPECT_EQ(LineOf("one\r\ntwo\nthree", 1), "one");
  EXPECT_EQ(LineOf("one\r\ntwo\nthree", 2), "two");
  EXPECT_EQ(LineOf("one\r\ntwo\nthree", 3), "three");
  EXPECT_EQ(LineOf("one\r\ntwo\nthree", 4), "");
  EXPECT_EQ(LineOf("one\n", 2), "");
  EXPECT_EQ(LineOf("", 1), "");
}

}  // namespace
}  // namespace scry
