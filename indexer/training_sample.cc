#include "indexer/training_sample.h"

#include <algorithm>
#include <fstream>

#include "indexer/encoder_model.h"
#include "indexer/segment.h"
#include "indexer/store.h"
#include "util/error.h"

namespace scry {

namespace {

// Calls fn(segment, doc, content) for every k-th document of the catalog's segments, k chosen so that
// about `bytes` of content are read.
template <typename Fn>
void ForEachSampledDocument(const std::filesystem::path& store, Catalog& catalog, uint64_t bytes, Fn&& fn) {
  std::vector<SegmentRow> rows = catalog.Segments();
  uint64_t total = 0;
  for (const SegmentRow& row : rows) total += row.content_bytes;
  uint64_t every = std::max<uint64_t>(1, (total + bytes - 1) / std::max<uint64_t>(bytes, 1));
  uint64_t seen = 0;
  for (const SegmentRow& row : rows) {
    Segment segment(SegmentPath(store, row.id));
    BlockReader reader;
    for (uint32_t doc = 0; doc < segment.doc_count(); ++doc) {
      if (seen++ % every == 0) fn(segment, doc, segment.Content(doc, &reader));
    }
  }
}

}  // namespace

uint64_t WriteTrainingCorpus(const std::filesystem::path& store, Catalog& catalog, uint64_t bytes,
                             const std::filesystem::path& out) {
  std::ofstream corpus(out, std::ios::binary);
  uint64_t words = 0;
  std::string line;
  ForEachSampledDocument(
      store, catalog, bytes, [&](const Segment& segment, uint32_t doc, std::string_view content) {
        for (const ChunkRecord& chunk : segment.chunks(doc)) {
          line.clear();
          ForEachModelWord(content.substr(chunk.begin, chunk.end - chunk.begin), [&](std::string_view word) {
            if (!line.empty()) line += ' ';
            line += word;
            ++words;
          });
          if (!line.empty()) corpus << line << '\n';
        }
      });
  corpus.close();
  if (!corpus) throw Error(ExitCode::kIo, "cannot write " + out.string());
  return words;
}

std::vector<EncoderPair> CollectTrainingPairs(const std::filesystem::path& store, Catalog& catalog,
                                              const Vocabulary& vocabulary, const PairSampling& sampling) {
  std::vector<EncoderPair> pairs;
  std::vector<size_t> line_starts;
  ForEachSampledDocument(
      store, catalog, sampling.bytes, [&](const Segment& segment, uint32_t doc, std::string_view content) {
        std::span<const SymbolRecord> symbols = segment.SymbolsOf(doc);
        if (symbols.empty()) return;
        line_starts.assign(1, 0);
        for (size_t at = content.find('\n'); at != std::string_view::npos; at = content.find('\n', at + 1)) {
          line_starts.push_back(at + 1);
        }
        // Where 1-based `line` starts; the end of the content past the last line.
        auto start = [&](uint32_t line) {
          return line - 1 < line_starts.size() ? line_starts[line - 1] : content.size();
        };
        for (const SymbolRecord& s : symbols) {
          if (s.signature_line <= s.first_line || s.first_line == 0) continue;
          size_t comment = start(s.first_line), code = start(s.signature_line);
          size_t end = std::min(start(s.last_line + 1), code + sampling.max_code_bytes);
          if (code >= end) continue;
          EncoderPair pair{QueryWords(vocabulary, content.substr(comment, code - comment)),
                           CodeWords(vocabulary, content.substr(code, end - code))};
          if (pair.query.size() >= sampling.min_query_words && pair.code.size() >= sampling.min_code_words) {
            pairs.push_back(std::move(pair));
          }
        }
      });
  return pairs;
}

}  // namespace scry
