// `scry lsp`: a Language Server Protocol server over stdio, for editors.
//
// It answers from the index, by name, not by type: `workspace/symbol` ranks the symbol table's
// definitions (exact, prefix, substring, fuzzy); `textDocument/definition` takes the identifier under
// the cursor and returns the definitions with exactly that name; `textDocument/references` returns
// that identifier's whole-word, case-sensitive occurrences in the indexed files.  The custom request
// `scry/search` {query, rev?, max_results?, offset?} answers with app/service.h's search JSON.
// Documents are synchronised in full and kept while open, only to find the word under a cursor.
#pragma once

#include <cstdio>

#include "app/service.h"

namespace scry {

// Serves until the client's `exit` notification or the end of `in`.  Returns the exit status the
// protocol asks for: 0 if `shutdown` came first, 1 if not.
int ServeLsp(Service& service, std::FILE* in, std::FILE* out);

}  // namespace scry
