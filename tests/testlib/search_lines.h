// A search's matched lines as "path:line:column:text", to hold what a server answers against what
// `scry search -q` prints.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace scry::testing {

// The results of app/service.h's search JSON.
std::vector<std::string> ServedLines(const nlohmann::json& answer);

// `scry search -q QUERY --no-heading -n --column` in `cwd` (a line's "\r" dropped, as the service drops it).
std::vector<std::string> PrintedLines(const std::filesystem::path& cwd, const std::string& query);

}  // namespace scry::testing
