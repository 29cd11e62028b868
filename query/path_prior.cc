#include "query/path_prior.h"

#include <array>

#include "indexer/manifest.h"

namespace scry {

namespace {

// Directories, anywhere on the path.
constexpr std::array<std::string_view, 10> kLowDirectories = {
    "test/", "tests/",  "testdata/",    "testing/",      "__tests__/",
    "spec/", "vendor/", "third_party/", "node_modules/", "generated/",
};

// Markers in the file name.
constexpr std::array<std::string_view, 7> kLowNames = {
    "_test.", ".test.", ".spec.", ".min.", ".pb.", "_pb2.", ".generated.",
};

bool HasDirectory(std::string_view path, std::string_view dir) {
  for (size_t at = path.find(dir); at != std::string_view::npos; at = path.find(dir, at + 1)) {
    if (at == 0 || path[at - 1] == '/') return true;
  }
  return false;
}

}  // namespace

int PathPenalty(std::string_view path, uint32_t entry_flags) {
  if (entry_flags & (kGenerated | kVendored)) return 1;
  for (std::string_view dir : kLowDirectories) {
    if (HasDirectory(path, dir)) return 1;
  }
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::string_view marker : kLowNames) {
    if (name.find(marker) != std::string_view::npos) return 1;
  }
  return name.starts_with("test_") ? 1 : 0;  // Python's test files
}

}  // namespace scry
