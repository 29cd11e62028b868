// A small but varied source tree for end-to-end tests: several languages, Unicode, CRLF, long lines,
// empty and binary files, invalid UTF-8, ignored and hidden files, nested .gitignore files.
#pragma once

#include "tests/testlib/tree.h"

namespace scry::testing {

// Writes the tree under tree.root() and makes it a git repository (so .gitignore applies, as in rg).
void WriteVariedCorpus(const TempTree& tree);

}  // namespace scry::testing
