// A document ready to be written into a segment: content, identity, chunks and trigrams.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammars/languages.h"
#include "indexer/blob_id.h"
#include "indexer/chunk.h"
#include "indexer/symbol.h"
#include "indexer/trigram.h"

namespace scry {

struct Document {
  BlobId blob{};
  std::string content;
  uint32_t line_count = 0;
  std::optional<Language> language;  // none: plain text, chunked in line windows
  bool parse_fell_back = false;      // the parse ran out of time: line windows, no symbols
  bool too_large_to_parse = false;   // over AnalyzeOptions::max_parse_bytes: line windows, no symbols
  std::vector<Chunk> chunks;
  std::vector<Symbol> symbols;    // in order of their begin byte
  std::vector<Trigram> trigrams;  // each distinct trigram once, in no particular order
};

// ripgrep's rule for binary files found by walking: a NUL byte anywhere makes a file binary.
bool IsBinary(std::string_view content);

// Collects the distinct trigrams of a text.  Reusable: it keeps a 2 MiB bitmap of all 2^24 trigrams
// and clears only the bits it set, so a document costs time in its own length, not in the table size.
class TrigramCollector {
 public:
  TrigramCollector();
  void Collect(std::string_view text, std::vector<Trigram>* out);

 private:
  std::vector<uint64_t> seen_;
};

// Fills in a document's line count, chunks and trigrams from its content and blob id.
struct AnalyzeOptions {
  bool parse = true;  // false: line windows for every file, no symbols (scry index --no-parse)
  // Larger files get line windows and no symbols.  In Linux, 86 files over 1 MB (generated register
  // headers) hold 27% of the bytes and 3 of its 5 million symbols, all macros: parsing them took a
  // third of the build and their symbol tables a quarter of the store.
  uint64_t max_parse_bytes = 1 << 20;
  ChunkBudget budget;
};

// Fills in everything but the blob id from doc->content.  `path` picks the language (with the
// content's shebang): a document is stored once per content, so the first path it is met under
// decides how it is chunked.
void AnalyzeDocument(Document* doc, std::string_view path, const AnalyzeOptions& options,
                     TrigramCollector* collector);

}  // namespace scry
