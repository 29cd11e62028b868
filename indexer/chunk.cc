#include "indexer/chunk.h"

#include <cstring>

#include "util/count_newlines.h"

namespace scry {

uint32_t CountLines(std::string_view content) {
  auto newlines = static_cast<uint32_t>(CountNewlines(content));
  return newlines + (!content.empty() && content.back() != '\n' ? 1 : 0);
}

std::vector<Chunk> ChunkByLines(std::string_view content, const ChunkBudget& budget) {
  std::vector<Chunk> chunks;
  uint64_t pos = 0;
  uint32_t line = 1;
  while (pos < content.size()) {
    Chunk chunk;
    chunk.begin = pos;
    chunk.first_line = line;
    uint32_t lines = 0;
    while (pos < content.size() && lines < budget.max_lines) {
      const void* nl = std::memchr(content.data() + pos, '\n', content.size() - pos);
      uint64_t next = nl ? static_cast<const char*>(nl) - content.data() + 1 : content.size();
      if (lines > 0 && next - chunk.begin > budget.max_bytes) break;
      pos = next;
      ++lines;
    }
    chunk.end = pos;
    chunk.last_line = line + lines - 1;
    line += lines;
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

std::string_view ChunkKindName(ChunkKind kind) {
  switch (kind) {
    case ChunkKind::kLines:
      return "lines";
    case ChunkKind::kDefinition:
      return "definition";
    case ChunkKind::kMerged:
      return "merged";
  }
  return "lines";
}

}  // namespace scry
