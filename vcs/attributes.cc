#include "vcs/attributes.h"

#include <git2/sys/repository.h>

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

AttributeReader::AttributeReader(const Repository& repo) : repo_(*Repository::Discover(repo.git_dir())) {
  git_index* empty = nullptr;
  CheckGit(git_index_new(&empty), "cannot make an empty index");
  git_repository_set_index(repo_.get(), empty);
  git_index_free(empty);
}

PathAttributes AttributeReader::Read(const std::string& path) const {
  PathAttributes attributes;
  const char* names[] = {"diff", "linguist-generated", "linguist-vendored"};
  const char* values[3] = {};
  if (git_attr_get_many(values, repo_.get(), GIT_ATTR_CHECK_FILE_THEN_INDEX, path.c_str(), 3, names) != 0) {
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
