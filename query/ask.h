// `scry ask`: a question in plain words, answered with the chunks most likely to hold the code.
//
// Two retrievers, fused:
//   lexical   BM25 over the chunks holding the question's words: identifier subtokens, comments and
//             strings alike, matched case-insensitively as word stems (query/lexical_chunks.h);
//   semantic  the chunks whose vectors are nearest the question's (query/vector_search.h).
// Hybrid takes the best 100 of each, fuses their ranks (reciprocal rank fusion, k = 60) and re-ranks
// the pool with what a developer expects: a definition whose name holds a question word first, tests
// and vendored code last.  Each hit keeps the signals behind its score.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/embedder.h"
#include "indexer/store.h"
#include "query/vector_search.h"

namespace scry {

enum class AskMode { kLexical, kSemantic, kHybrid };

// "lexical", "semantic" or "hybrid"; throws scry::Error(kBadInput) for anything else.
AskMode ParseAskMode(std::string_view mode);

struct AskRequest {
  std::string question;
  AskMode mode = AskMode::kHybrid;
  size_t k = 10;
  // Keeps a path (relative to the indexed root) or drops it.
  std::function<bool(std::string_view path)> include;
  // The store's model, for the question's vector; null: the semantic side is skipped.
  Embedder* embedder = nullptr;
  std::filesystem::path store;
};

struct AskHit {
  ChunkRef ref;
  uint32_t entry = 0;  // the manifest handle of the file (the first path holding the document)
  double score = 0;
  uint32_t lexical_rank = 0;  // 1-based; 0: not in the lexical list
  uint32_t vector_rank = 0;   // 1-based; 0: not in the vector list
  double bm25 = 0;
  float cosine = 0;
  bool name_match = false;  // the chunk's symbol name holds a word of the question
};

struct AskResult {
  std::vector<AskHit> hits;
  std::vector<std::string> terms;  // the word stems the lexical side looked for
  bool semantic = false;           // whether the vector side ran
  // Why it did not in hybrid mode although the store has a model: the embedding service's error.
  std::string semantic_failure;
  VectorSearchStats vectors;
};

// The question's words as the lexical side matches them: lower-cased subtokens without stop words,
// with common English endings cut ("requests" → "request", "parsing" → "pars").
std::vector<std::string> QuestionTerms(std::string_view question);

AskResult Ask(const SnapshotView& snapshot, const AskRequest& request);

}  // namespace scry
