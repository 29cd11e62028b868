#include "util/count_newlines.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace scry {
namespace {

TEST(CountNewlinesTest, AgreesWithACountOfEveryByteAtAnyLengthAndDensity) {
  std::mt19937 random(7);
  for (size_t length : {0, 1, 15, 16, 17, 255 * 16 - 1, 255 * 16, 255 * 16 + 1, 100000}) {
    for (int percent : {0, 3, 50, 100}) {
      std::string text(length, 'x');
      for (char& c : text) {
        if (static_cast<int>(random() % 100) < percent) c = '\n';
      }
      size_t expected = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
      EXPECT_EQ(CountNewlines(text), expected) << length << " bytes, " << percent << "% newlines";
      if (length > 3) {
        EXPECT_EQ(CountNewlines(std::string_view(text).substr(3)),
                  std::count(text.begin() + 3, text.end(), '\n'));
      }
    }
  }
}

}  // namespace
}  // namespace scry
