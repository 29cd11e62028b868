#include "tests/testlib/json_lines.h"

#include <sstream>

namespace scry::testing {

std::vector<nlohmann::json> JsonMessagesWithoutTimings(const std::string& output) {
  std::vector<nlohmann::json> messages;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    nlohmann::json m = nlohmann::json::parse(line);
    m["data"].erase("elapsed");
    m["data"].erase("elapsed_total");
    if (m["data"].contains("stats")) m["data"]["stats"].erase("elapsed");
    messages.push_back(std::move(m));
  }
  return messages;
}

}  // namespace scry::testing
