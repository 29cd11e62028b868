// The project's error contract, checked the same way everywhere: a distinct exit status, nothing on
// stdout, and one line on stderr naming what is at fault.
#pragma once

#include <string_view>

#include "tests/testlib/run.h"

namespace scry::testing {

// `names`, when not empty, must appear in the stderr line.
void ExpectOneLineError(const RunResult& r, int status, std::string_view names = "");

}  // namespace scry::testing
