// ripgrep's --json output (JSON Lines) as messages to compare.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace scry::testing {

// One message a line, without the timings, which differ from run to run (`elapsed`, `elapsed_total`
// and the summary's stats.elapsed).
std::vector<nlohmann::json> JsonMessagesWithoutTimings(const std::string& output);

}  // namespace scry::testing
