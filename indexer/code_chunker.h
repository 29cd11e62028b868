// Chunks and symbols of source code, from its tree-sitter syntax tree (the cAST approach).
//
// Every definition (tags.scm's, plus indexer/symbol_rules.h) becomes a chunk together with its leading
// comments and decorators/attributes.  A definition larger than the budget splits at its children's
// boundaries, recursively; small neighbours outside definitions merge up to the budget.  Chunks are
// whole lines and cover each byte of the content exactly once, in order.  A parse that runs past
// ChunkBudget::max_parse_ms gives line windows (ChunkByLines) and sets fell_back.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "grammars/languages.h"
#include "indexer/chunk.h"
#include "indexer/symbol.h"

namespace scry {

struct CodeChunks {
  std::vector<Chunk> chunks;
  std::vector<Symbol> symbols;  // in order of their begin byte
  bool fell_back = false;       // the parse ran out of time: chunks are line windows, no symbols
};

// Holds a parser and the compiled queries of each language used so far.  Not thread-safe: one
// instance per thread.
class CodeChunker {
 public:
  CodeChunker();
  ~CodeChunker();
  CodeChunker(const CodeChunker&) = delete;
  CodeChunker& operator=(const CodeChunker&) = delete;

  CodeChunks Chunk(std::string_view content, Language language, const ChunkBudget& budget = {});

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// CodeChunker::Chunk with one chunker per calling thread.
CodeChunks ChunkCode(std::string_view content, Language language, const ChunkBudget& budget = {});

}  // namespace scry
