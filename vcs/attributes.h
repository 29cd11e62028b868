// The .gitattributes marks scry honours, read as git grep reads them: from the work tree's attribute
// files (and the repository's info/attributes and core.attributesFile), not from the commit's tree
// nor from the index.
#pragma once

#include <optional>
#include <string>

#include "vcs/repository.h"

namespace scry {

struct PathAttributes {
  // `diff` set: text whatever the bytes; unset (`-diff`, or the `binary` macro): binary; else the
  // content decides (a NUL byte in the first 8,000 bytes).
  std::optional<bool> text;
  bool generated = false;  // linguist-generated
  bool vendored = false;   // linguist-vendored
};

class AttributeReader {
 public:
  // Opens its own handle on the repository, whose index it replaces with an empty one: git grep
  // reads attributes from the work tree only, and libgit2 would otherwise load the whole index to
  // look there too (70 ms on a 78,000-file repository, more than indexing a small commit).
  explicit AttributeReader(const Repository& repo);

  PathAttributes Read(const std::string& path) const;

 private:
  Repository repo_;
};

}  // namespace scry
