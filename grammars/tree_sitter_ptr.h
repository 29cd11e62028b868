// Owning pointers for tree-sitter's C objects, so that every early return frees them.
#pragma once

#include <memory>

#include "tree_sitter/api.h"

namespace scry {

struct TreeSitterDeleter {
  void operator()(TSParser* parser) const { ts_parser_delete(parser); }
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
  void operator()(TSQuery* query) const { ts_query_delete(query); }
  void operator()(TSQueryCursor* cursor) const { ts_query_cursor_delete(cursor); }
};

using ParserPtr = std::unique_ptr<TSParser, TreeSitterDeleter>;
using TreePtr = std::unique_ptr<TSTree, TreeSitterDeleter>;
using QueryPtr = std::unique_ptr<TSQuery, TreeSitterDeleter>;
using QueryCursorPtr = std::unique_ptr<TSQueryCursor, TreeSitterDeleter>;

}  // namespace scry
