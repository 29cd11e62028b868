#include "tests/testlib/errors.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace scry::testing {

void ExpectOneLineError(const RunResult& r, int status, std::string_view names) {
  EXPECT_EQ(r.status, status) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  if (!names.empty()) {
    EXPECT_NE(r.err.find(names), std::string::npos) << r.err;
  }
}

}  // namespace scry::testing
