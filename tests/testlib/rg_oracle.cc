#include "tests/testlib/rg_oracle.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "query/search.h"
#include "tests/testlib/tree.h"

namespace scry::testing {

namespace {

std::string RgCommand(const std::filesystem::path& file, const std::vector<std::string>& patterns,
                      const PatternOptions& options, std::string_view mode) {
  std::string command = "rg --no-config --color=never " + std::string(mode) + " " + RgFlags(options);
  for (const std::string& p : patterns) command += " -e " + ShellQuote(p);
  return command + " -- " + ShellQuote(file.string()) + " 2>/dev/null";
}

}  // namespace

std::string FirstDifference(const std::vector<LineMatch>& expected, const std::vector<LineMatch>& actual) {
  auto show = [](const std::vector<LineMatch>& v, size_t i) {
    if (i >= v.size()) return std::string("nothing");
    return "line " + std::to_string(v[i].line) + " [" + std::to_string(v[i].begin) + ", " +
           std::to_string(v[i].end) + ")";
  };
  for (size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
    if (i >= expected.size() || i >= actual.size() || expected[i] != actual[i]) {
      return "match #" + std::to_string(i) + ": rg has " + show(expected, i) + ", scry has " +
             show(actual, i);
    }
  }
  return "";
}

std::string RgFlags(const PatternOptions& options) {
  std::string flags;
  if (options.ignore_case) flags += " -i";
  if (options.smart_case) flags += " -S";
  if (options.fixed_strings) flags += " -F";
  if (options.word) flags += " -w";
  return flags;
}

OracleResult RgJson(const std::filesystem::path& file, const std::vector<std::string>& patterns,
                    const PatternOptions& options) {
  OracleResult result;
  std::istringstream out(RunCommand(RgCommand(file, patterns, options, "--json"), &result.status));
  for (std::string row; std::getline(out, row);) {
    nlohmann::json message = nlohmann::json::parse(row);
    if (message["type"] != "match") continue;
    size_t line = message["data"]["line_number"];
    result.lines.push_back(line);
    for (const auto& sub : message["data"]["submatches"])
      result.matches.push_back({line, sub["start"], sub["end"]});
  }
  return result;
}

OracleResult RgVimgrep(const std::filesystem::path& file, const std::vector<std::string>& patterns,
                       const PatternOptions& options) {
  OracleResult result;
  std::istringstream out(RunCommand(RgCommand(file, patterns, options, "--vimgrep"), &result.status));
  std::string prefix = file.string() + ":";
  for (std::string row; std::getline(out, row);) {
    if (!row.starts_with(prefix)) continue;  // a matched line holding a '\n'-less continuation
    std::istringstream fields(row.substr(prefix.size()));
    size_t line = 0;
    size_t column = 0;
    char colon = 0;
    fields >> line >> colon >> column;
    if (result.lines.empty() || result.lines.back() != line) result.lines.push_back(line);
    result.matches.push_back({line, column - 1, 0});
  }
  return result;
}

OracleResult ScryJson(const Pattern& pattern, std::string_view content) {
  OracleResult result;
  for (const MatchedLine& line : MatchLines(pattern, content, 0, true)) {
    result.lines.push_back(line.number);
    for (const Submatch& m : line.submatches) result.matches.push_back({line.number, m.begin, m.end});
  }
  result.status = result.lines.empty() ? 1 : 0;
  return result;
}

OracleResult ScryVimgrep(const Pattern& pattern, std::string_view content) {
  OracleResult result = ScryJson(pattern, content);
  for (LineMatch& m : result.matches) m.end = 0;
  return result;
}

}  // namespace scry::testing
