// How much a path is worth in ranking before looking at what matched in it: code a project keeps
// for itself (tests, vendored copies, generated files) ranks below its own code, as in zoekt.
#pragma once

#include <cstdint>
#include <string_view>

namespace scry {

// 0 for ordinary source; 1 for a test, a vendored or third-party copy, generated or minified code,
// told by the path or by the entry's .gitattributes marks (indexer/manifest.h EntryFlags).
// Lower is better.
int PathPenalty(std::string_view path, uint32_t entry_flags = 0);

}  // namespace scry
