// ripgrep 13's default file types (a subset of `rg --type-list`), with rg's names and globs.
#pragma once

#include <string_view>
#include <vector>

namespace scry {

struct FileType {
  std::string_view name;
  std::vector<std::string_view> globs;  // matched against a file's name, never its directories
};

// Sorted by name.
const std::vector<FileType>& DefaultFileTypes();

}  // namespace scry
