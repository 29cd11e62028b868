// Checking `scry chunks` against the file it describes.
#pragma once

#include <filesystem>
#include <string>

#include "tests/testlib/run.h"

namespace scry::testing {

// `scry chunks --json FILE`, run in `root`, covers FILE exactly: from line 1 and byte 0, each chunk
// starting at a line start where the previous one ended, to the last line (as rg counts lines) and
// the last byte; kinds are lines/definition/merged, a definition has a name; `scry chunks FILE`
// prints the same chunks as text.  An empty file has no chunks.  Returns the run of `scry chunks FILE`.
RunResult ExpectChunksCover(const std::filesystem::path& root, const std::string& file);

}  // namespace scry::testing
