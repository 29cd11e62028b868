#include "app/run_log.h"

#include <sstream>

#include "util/file.h"

namespace scry {

namespace {

std::vector<std::string> Lines(const std::filesystem::path& path) {
  std::vector<std::string> lines;
  if (!std::filesystem::exists(path)) return lines;
  std::istringstream in(ReadFile(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

void AppendToLog(const std::filesystem::path& path, const std::string& line, size_t keep) {
  std::vector<std::string> lines = Lines(path);
  lines.push_back(line);
  std::string text;
  for (size_t i = lines.size() > keep ? lines.size() - keep : 0; i < lines.size(); ++i)
    text += lines[i] + "\n";
  WriteFileAtomically(path, text);
}

std::vector<std::string> LastLogLines(const std::filesystem::path& path, size_t count) {
  std::vector<std::string> lines = Lines(path);
  if (lines.size() > count) lines.erase(lines.begin(), lines.end() - static_cast<ptrdiff_t>(count));
  return lines;
}

}  // namespace scry
