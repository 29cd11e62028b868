// One git repository with a realistic history and every case a per-commit index must handle: the
// oracle fixture for revisions (`scry index --rev`, vcs/) against git itself.
#pragma once

#include <string>

#include "tests/testlib/git_repo.h"

namespace scry::testing {

// Builds the history in `repo` (fresh from GitRepo()) and leaves `main` checked out.  Commit ids are
// 40 hex digits.  .gitattributes is the same in every commit, so git grep, which reads attributes
// from the work tree and not from the revision it searches, sees each revision's own.
//
// Every commit has C, Go, Python and Markdown sources, README.md with non-ASCII UTF-8,
// .github/workflow.yml and .env.example (hidden), docs/notes.txt (no final newline), win/config.ini
// (CRLF), testdata/golden.txt (text, but `binary` in .gitattributes), gen/tokens.go
// (`linguist-generated`) and build/VERSION (committed, though .gitignore names it).  src/table.c, 400
// generated rows, changes by a row or two in renames, feature_1, main_change (merged) and readded:
// each version is a delta over the first, one losing a line the first has (`legacy`).
struct HistoryRepo {
  std::string initial;
  // + assets/logo.png (a PNG: NUL bytes from byte 8), data/early_nul.txt (text with one NUL, at byte
  // 7999: binary to git) and data/late_nul.txt (the same with its NUL at byte 8000: text to git).
  std::string binaries;
  // + include/util.h, a symbolic link to ../src/util.h, and vendor/libfoo, a submodule.  Tagged v1.0.
  std::string links;
  // tools/build.py -> scripts/build.py unchanged, src/util.c -> src/strutil.c edited, go/legacy.go
  // deleted.  Branch `feature` starts here.
  std::string renames;
  // feature_1 and feature_2 on `feature`, main_change on main dated between them.
  std::string feature_1;
  std::string main_change;  // on main
  std::string feature_2;
  // `feature` merged into main (parents main_change, feature_2).
  std::string merge;
  // go/legacy.go added again, with new content; main's head, tagged v2.0 (annotated).
  std::string readded;

  std::string branch = "feature";
  std::string lightweight_tag = "v1.0";
  std::string annotated_tag = "v2.0";
};

HistoryRepo BuildHistoryRepo(GitRepo& repo);

}  // namespace scry::testing
