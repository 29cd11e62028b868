#include "vcs/attributes.h"

#include <cstring>

namespace scry {

namespace {

bool IsSet(const char* value) {
  switch (git_attr_value(value)) {
    case GIT_ATTR_VALUE_TRUE:
      return true;
    case GIT_ATTR_VALUE_STRING:
      return std::strcmp(value, "true") == 0;
    default:
      return false;
  }
}

}  // namespace

PathAttributes ReadAttributes(const Repository& repo, const std::string& path) {
  const char* names[] = {"diff", "linguist-generated", "linguist-vendored"};
  const char* values[3] = {};
  PathAttributes attributes;
  if (git_attr_get_many(values, repo.get(), 0, path.c_str(), 3, names) != 0) {
    git_error_clear();  // unreadable attribute files: the content decides, as when there are none
    return attributes;
  }
  switch (git_attr_value(values[0])) {
    case GIT_ATTR_VALUE_FALSE:
      attributes.text = false;
      break;
    case GIT_ATTR_VALUE_UNSPECIFIED:
      break;
    default:  // set, or a diff driver's name
      attributes.text = true;
  }
  attributes.generated = IsSet(values[1]);
  attributes.vendored = IsSet(values[2]);
  return attributes;
}

}  // namespace scry
