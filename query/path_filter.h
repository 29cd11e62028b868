// The path filters of a search: -g/--glob (repeatable, '!' negates) and -t/-T (file types), with
// ripgrep's meaning.  A path is relative to the indexed root, '/'-separated.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace scry {

class PathFilter {
 public:
  PathFilter();
  PathFilter(PathFilter&&) noexcept;
  PathFilter& operator=(PathFilter&&) noexcept;
  ~PathFilter();

  // rg -g GLOB: with any positive glob, only paths matching one are searched; "!GLOB" excludes.
  // As in rg, later globs take precedence over earlier ones, and globs apply to every directory on
  // the way to a file too ("-g '!vendor'" drops everything below vendor/).
  // Throws scry::Error(kBadInput) for an invalid glob.
  void AddGlob(std::string_view glob);

  // rg -t NAME / -T NAME with ripgrep's default type definitions.
  // Throws scry::Error(kBadInput) for an unknown type name, listing how to see the known ones.
  void AddType(std::string_view name);
  void AddTypeNot(std::string_view name);

  bool Includes(std::string_view path) const;
  bool empty() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// rg --type-list: "name: glob, glob" lines, sorted by name.
std::vector<std::string> FileTypeList();

}  // namespace scry
