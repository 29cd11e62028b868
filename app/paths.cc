#include "app/paths.h"

namespace scry {

std::string RelativeTo(const std::filesystem::path& base, const std::filesystem::path& path) {
  std::string rel = path.lexically_normal().lexically_relative(base).generic_string();
  while (rel.ends_with('/')) rel.pop_back();
  if (rel.ends_with("/.")) rel.resize(rel.size() - 2);
  return rel == "." ? "" : rel;
}

}  // namespace scry
