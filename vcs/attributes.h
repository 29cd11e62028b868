// The .gitattributes marks scry honours, read as git grep reads them: from the work tree's and the
// index's attribute files (and the repository's info/attributes), not from the commit's tree.
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

PathAttributes ReadAttributes(const Repository& repo, const std::string& path);

}  // namespace scry
