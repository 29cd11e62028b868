// How much a path is worth in ranking before looking at what matched in it: code a project keeps
// for itself (tests, vendored copies, generated files) ranks below its own code, as in zoekt.
#pragma once

#include <string_view>

namespace scry {

// 0 for ordinary source; 1 for a test, a vendored or third-party copy, generated or minified code.
// Lower is better.
int PathPenalty(std::string_view path);

}  // namespace scry
