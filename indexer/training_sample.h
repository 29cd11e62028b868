// What the store's own models learn from (indexer/embeddings.h): an even sample of its documents.
//
// The word vectors read every chunk of the sample as one line of its words.  The supervised encoder
// reads (doc comment, code) pairs: every definition the chunker found with comments right above it
// (SymbolRecord: lines first_line .. signature_line - 1) gives a question, those comments' words, and
// its answer, the words of the definition from its signature on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "indexer/catalog.h"
#include "indexer/encoder_training.h"
#include "indexer/vocabulary.h"

namespace scry {

// Writes every k-th document's chunks, about `bytes` of source, one line of model words each, to
// `out`; returns the words written.
uint64_t WriteTrainingCorpus(const std::filesystem::path& store, Catalog& catalog, uint64_t bytes,
                             const std::filesystem::path& out);

struct PairSampling {
  uint64_t bytes = 128ull << 20;  // every k-th document, about this much source
  uint32_t min_query_words = 3;   // a shorter comment ("// Deprecated.") says little
  uint32_t min_code_words = 2;
  uint32_t max_code_bytes = 2048;  // as much of a definition as a chunk holds
};

// The (doc comment, code) pairs of every k-th document, in the words `vocabulary` knows.
std::vector<EncoderPair> CollectTrainingPairs(const std::filesystem::path& store, Catalog& catalog,
                                              const Vocabulary& vocabulary, const PairSampling& sampling);

}  // namespace scry
