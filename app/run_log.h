// A log that keeps its last lines: one line per event, the oldest dropped past a bound.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace scry {

// Appends `line` (no newline) to the log at `path`, keeping only its last `keep` lines.  Not safe
// for concurrent writers: the caller serialises them.
void AppendToLog(const std::filesystem::path& path, const std::string& line, size_t keep);

// The last `count` lines of the log at `path`, oldest first; none if there is no log.
std::vector<std::string> LastLogLines(const std::filesystem::path& path, size_t count);

}  // namespace scry
