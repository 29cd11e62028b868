// The lexical side of `scry ask`: BM25 over the chunks that hold a question's words.
//
// Counting a word per chunk means reading the files that hold it, and a question's common words
// ("page", "memory", "request") are in most of a kernel's files: reading them all took seconds.  So
// the work runs in two stages, the way a search engine's first stage narrows what its ranker reads:
//
//   1. documents  Each term's documents come from the trigram index: those holding its trigrams in
//                 any case, a superset of those holding the word.  A document scores the BM25 of the
//                 terms it may hold, each counted once, and the best are kept until their content
//                 reaches a byte budget.  This costs bitmap operations only.
//   2. chunks     The kept documents are read and each term counted in each chunk
//                 (query/term_occurrences.h); a chunk scores BM25 with stage 1's document frequencies
//                 as idf and its length in bytes.
//
// A chunk in a document stage 1 ranks low is never seen: a long file holding each word once loses
// to a short one holding them all.  That is the price of answering in milliseconds.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/store.h"
#include "query/vector_search.h"

namespace scry {

struct LexicalHit {
  ChunkRef ref;
  uint32_t entry = 0;  // the manifest handle of the first path holding the chunk's document
  double bm25 = 0;
};

struct LexicalOptions {
  // Stage 1 keeps documents until their content reaches this many bytes (at least one document).
  uint64_t scan_bytes = 8ull << 20;
};

// The chunks holding any of `terms` (lower-case words, matched case-insensitively), best first.
// `include` keeps a path relative to the indexed root or drops it; null keeps every path.
std::vector<LexicalHit> LexicalChunks(const SnapshotView& snapshot, const std::vector<std::string>& terms,
                                      const std::function<bool(std::string_view path)>& include,
                                      const LexicalOptions& options = {});

}  // namespace scry
