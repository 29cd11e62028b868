// A document ready to be written into a segment: content, identity, chunks and trigrams.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/blob_id.h"
#include "indexer/chunk.h"
#include "indexer/trigram.h"

namespace scry {

struct Document {
  BlobId blob{};
  std::string content;
  uint32_t line_count = 0;
  std::vector<Chunk> chunks;
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
void AnalyzeDocument(Document* doc, TrigramCollector* collector);

}  // namespace scry
