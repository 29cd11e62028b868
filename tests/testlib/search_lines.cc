#include "tests/testlib/search_lines.h"

#include <gtest/gtest.h>

#include "tests/testlib/run.h"
#include "util/shell_quote.h"

namespace scry::testing {

std::vector<std::string> ServedLines(const nlohmann::json& answer) {
  std::vector<std::string> lines;
  for (const nlohmann::json& r : answer["results"]) {
    lines.push_back(r["path"].get<std::string>() + ":" + std::to_string(r["line"].get<int>()) + ":" +
                    std::to_string(r["column"].get<int>()) + ":" + r["text"].get<std::string>());
  }
  return lines;
}

std::vector<std::string> PrintedLines(const std::filesystem::path& cwd, const std::string& query) {
  RunResult cli = Scry(cwd, "search --no-heading -n --column -q " + ShellQuote(query));
  EXPECT_EQ(cli.status, 0) << cli.err;
  std::vector<std::string> lines = Lines(cli.out);
  for (std::string& line : lines) {
    if (line.ends_with('\r')) line.pop_back();
  }
  return lines;
}

}  // namespace scry::testing
