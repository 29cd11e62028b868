// `scry mcp`: a Model Context Protocol server over stdio for coding agents.
//
// The tools (search, symbols, read, snapshots) answer from app/service.h, in compact text a model
// reads cheaply: matches grouped under their path, one `line: text` each; symbols one a line; a
// file's lines numbered.  Every answer is bounded (max_results, a line budget) and says when it was
// cut and how to get the rest.  A wrong call (a bad query, an unknown path) is a tool error whose
// message says what to change, never a dead server.
#pragma once

#include <cstdio>

#include "app/service.h"

namespace scry {

// Serves until the client closes stdin.
void ServeMcp(Service& service, std::FILE* in, std::FILE* out);

}  // namespace scry
