#include "app/paths.h"

namespace scry {

std::string RelativeTo(const std::filesystem::path& base, const std::filesystem::path& path) {
  std::string rel = path.lexically_normal().lexically_relative(base).generic_string();
  while (rel.ends_with('/')) rel.pop_back();
  if (rel.ends_with("/.")) rel.resize(rel.size() - 2);
  return rel == "." ? "" : rel;
}

StoreLocation FindStore(const std::filesystem::path& cwd, const std::optional<std::string>& store_option) {
  return FindStore(cwd, store_option ? std::optional<std::filesystem::path>(*store_option) : std::nullopt);
}

PathFilter MakePathFilter(const PathFilterOptions& options) {
  PathFilter filter;
  for (const std::string& g : options.globs) filter.AddGlob(g);
  for (const std::string& t : options.types) filter.AddType(t);
  for (const std::string& t : options.types_not) filter.AddTypeNot(t);
  return filter;
}

}  // namespace scry
