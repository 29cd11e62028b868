// Chunks: the units of a document that results, symbols and (later) embeddings refer to.
//
// Until a language's tree-sitter chunker applies, a document is cut into windows of whole lines.
// A document's chunks always cover each of its bytes exactly once, in order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/segment_format.h"

namespace scry {

struct Chunk {
  uint64_t begin = 0;  // byte range [begin, end)
  uint64_t end = 0;
  uint32_t first_line = 1;  // 1-based, inclusive
  uint32_t last_line = 1;
  ChunkKind kind = ChunkKind::kLines;
  std::string name;   // symbol name, empty for line windows
  std::string scope;  // enclosing scope path, empty for line windows
};

struct ChunkBudget {
  uint32_t max_lines = 60;
  uint32_t max_bytes = 2048;
  // A parse that takes longer falls back to line windows (indexer/code_chunker.h).
  uint32_t max_parse_ms = 2000;
};

// Windows of whole lines, each as long as fits the budget (a line longer than the byte budget is a
// window of its own).  An empty document has no chunks.
// "lines", "definition" or "merged", as `scry chunks` and `scry ask` print it.
std::string_view ChunkKindName(ChunkKind kind);

std::vector<Chunk> ChunkByLines(std::string_view content, const ChunkBudget& budget = {});

// Lines in `content` as rg counts them: '\n'-terminated, plus a last line without a terminator.
uint32_t CountLines(std::string_view content);

}  // namespace scry
