#include "indexer/document.h"

#include <cstring>

#include "indexer/code_chunker.h"

namespace scry {

bool IsBinary(std::string_view content) {
  return std::memchr(content.data(), '\0', content.size()) != nullptr;
}

TrigramCollector::TrigramCollector() : seen_((1u << 24) / 64) {}

void TrigramCollector::Collect(std::string_view text, std::vector<Trigram>* out) {
  out->clear();
  ForEachTrigram(text, [&](Trigram t) {
    uint64_t bit = uint64_t{1} << (t & 63);
    uint64_t& word = seen_[t >> 6];
    if ((word & bit) == 0) {
      word |= bit;
      out->push_back(t);
    }
  });
  for (Trigram t : *out) seen_[t >> 6] = 0;
}

void AnalyzeDocument(Document* doc, std::string_view path, const AnalyzeOptions& options,
                     TrigramCollector* collector) {
  doc->line_count = CountLines(doc->content);
  doc->language = DetectLanguage(path, doc->content);
  doc->too_large_to_parse = doc->language && options.parse && doc->content.size() > options.max_parse_bytes;
  if (options.parse && doc->language && !doc->too_large_to_parse) {
    CodeChunks code = ChunkCode(doc->content, *doc->language, options.budget);
    doc->chunks = std::move(code.chunks);
    doc->symbols = std::move(code.symbols);
    doc->parse_fell_back = code.fell_back;
  } else {
    doc->chunks = ChunkByLines(doc->content, options.budget);
  }
  collector->Collect(doc->content, &doc->trigrams);
}

}  // namespace scry
