// Keeping a store's chunk vectors current: the last step of `scry index`.
//
// A store has at most one model in use, named in <store>/vectors/MODEL.  The embedded default is
// trained here the first time a store is indexed (or on `scry index --retrain`) from a sample of its
// chunks, and reused for every later commit: new segments are embedded with it, never retrained.  A
// model given by the caller (an HTTP endpoint) replaces it.  Every segment in the catalog then gets
// its vectors file (indexer/chunk_vectors.h) if it lacks one, and the files of other models are
// deleted; those of segments gone from the catalog go with them (indexer/garbage.cc).
//
//   <store>/vectors/MODEL               the model id, one line
//   <store>/vectors/<model id>.words    the default model's word vectors (indexer/word_vectors.h)
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/catalog.h"
#include "indexer/embedder.h"
#include "indexer/word_vectors.h"

namespace scry {

struct EmbeddingOptions {
  bool retrain = false;
  // The training sample: about this much source, every k-th document.
  uint64_t training_bytes = 8ull << 20;
  // A corpus with fewer words than this teaches nothing worth keeping: no model, lexical `ask` only.
  uint64_t min_training_words = 20000;
  WordVectorOptions model;
  unsigned threads = 0;  // 0: one per core
};

struct EmbeddingReport {
  std::string model_id;  // empty: the store has no model (see `skipped`)
  std::string skipped;   // why there is no model, if there is none
  bool trained = false;
  uint32_t words = 0;
  double train_seconds = 0;
  uint64_t segments = 0;  // embedded in this run
  uint64_t chunks = 0;
  double embed_seconds = 0;
};

// Under the writer lock.  `embedder`, if given, is the model to use instead of the default.
EmbeddingReport UpdateEmbeddings(const std::filesystem::path& store, Catalog& catalog,
                                 const EmbeddingOptions& options, Embedder* embedder = nullptr);

// The store's model id, if it has one.
std::optional<std::string> CurrentModel(const std::filesystem::path& store);

// The store's default model, for embedding queries; null if the store uses none or another kind.
std::unique_ptr<Embedder> OpenDefaultEmbedder(const std::filesystem::path& store);

// The same for a command that cannot go without it: throws scry::Error(kNoStore) saying that
// `needed_for` (a flag, "--hybrid") needs a model and how to get one.
std::unique_ptr<Embedder> RequireDefaultEmbedder(const std::filesystem::path& store,
                                                 std::string_view needed_for);

}  // namespace scry
