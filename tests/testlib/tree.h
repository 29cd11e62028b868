// Temporary directory trees for tests: made fresh per test, removed afterwards.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/shell_quote.h"

namespace scry::testing {

class TempTree {
 public:
  TempTree();
  ~TempTree();
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const std::filesystem::path& root() const { return root_; }
  // Writes `content` to root/relative, creating parent directories.
  void Write(std::string_view relative, std::string_view content) const;

 private:
  std::filesystem::path root_;
};

// Runs a shell command, returns its stdout; *status gets the exit status.
std::string RunCommand(const std::string& command, int* status = nullptr);

// The lines of `text`, sorted.
std::vector<std::string> SortedLines(const std::string& text);

using ::scry::ShellQuote;  // quoting for /bin/sh, the same as scry's own hook scripts

}  // namespace scry::testing
