// Keeping a store's chunk vectors current: the last step of `scry index`.
//
// A store has at most one model in use, named in <store>/vectors/MODEL.  The embedded default is
// trained here the first time a store is indexed (or on `scry index --retrain`) from a sample of its
// chunks, and reused for every later commit: new segments are embedded with it, never retrained.  An
// HTTP model (indexer/http_embedder.h, `scry index --embed-url`) replaces it: its endpoint is written
// beside MODEL, so that later runs and questions use it too, and what it answers is kept in a cache
// (indexer/embedding_cache.h) as it comes, so that a run that fails half-way loses none of it.  Every
// segment in the catalog then gets its vectors file (indexer/chunk_vectors.h) if it lacks one, and the
// files of other models are deleted; those of segments gone from the catalog go with them
// (indexer/garbage.cc).
//
// The store's own models are of two kinds: word vectors ("ft-N", indexer/word_vectors.h) and the
// supervised encoder trained over them ("unif-N", indexer/encoder_model.h), the default; a corpus
// with too few documented definitions to train the encoder gets the word vectors.
//
//   <store>/vectors/MODEL                 the model id, one line
//   <store>/vectors/<model id>.words      an own model's file
//   <store>/vectors/<model id>.endpoint   an HTTP model's endpoint: one JSON object, one line
//   <store>/vectors/embeddings.cache      the HTTP model's vectors by chunk text (SQLite)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/catalog.h"
#include "indexer/embedder.h"
#include "indexer/encoder_training.h"
#include "indexer/http_embedder.h"
#include "indexer/training_sample.h"
#include "indexer/word_vectors.h"

namespace scry {

enum class OwnModel { kWordVectors, kEncoder };

struct EmbeddingOptions {
  bool retrain = false;
  // The kind of own model to train; unset: the store's kind, or the encoder for a store without one.
  // A kind other than the store's trains anew.
  std::optional<OwnModel> kind;
  // The training sample: about this much source, every k-th document.
  uint64_t training_bytes = 8ull << 20;
  // A corpus with fewer words than this teaches nothing worth keeping: no model, lexical `ask` only.
  uint64_t min_training_words = 20000;
  WordVectorOptions model;
  // The encoder's (doc comment, code) pairs: fewer than min_pairs, and the word vectors serve alone.
  PairSampling pairs;
  uint64_t min_pairs = 500;
  EncoderTrainingOptions encoder;
  unsigned threads = 0;  // 0: one per core
};

struct EmbeddingReport {
  std::string model_id;  // empty: the store has no model (see `skipped`)
  std::string skipped;   // why there is no model, if there is none
  bool trained = false;
  uint32_t words = 0;
  EncoderTrainingReport encoder;  // pairs == 0: no encoder trained
  std::string no_encoder;         // why the word vectors serve alone, when the encoder was to be trained
  double train_seconds = 0;
  uint64_t segments = 0;  // embedded in this run
  uint64_t chunks = 0;
  double embed_seconds = 0;
};

// An HTTP model, opened: its endpoint as the store records it, and the embedder that asks it.
struct HttpModel {
  HttpEmbedderConfig endpoint;
  std::unique_ptr<Embedder> embedder;
};

// How this program opens an HTTP model.  Left to the program, because cpp-httplib is: `scry-http`
// makes an HttpEmbedder, and `scry`, which does not link cpp-httplib, becomes `scry-http`
// (app/http_twin.h).  Unset, opening one throws.
using HttpEmbedderOpener = std::function<std::unique_ptr<Embedder>(const HttpEmbedderConfig&)>;
void SetHttpEmbedderOpener(HttpEmbedderOpener opener);
std::unique_ptr<Embedder> OpenHttpEmbedder(const HttpEmbedderConfig& endpoint);

// Under the writer lock.  `http`, if given, is the model to use instead of the store's own: it and its
// endpoint become the store's.  Throws scry::Error(kEmbedding) when the endpoint fails; the vectors it
// answered before stay in the cache, and the next run asks only for the others.
EmbeddingReport UpdateEmbeddings(const std::filesystem::path& store, Catalog& catalog,
                                 const EmbeddingOptions& options, HttpModel* http = nullptr);

// The store's model id, if it has one.
std::optional<std::string> CurrentModel(const std::filesystem::path& store);

// The endpoint of the store's model, if that is an HTTP model.  Throws scry::Error(kCorrupt) naming
// the file if its record is damaged.
std::optional<HttpEmbedderConfig> StoreEndpoint(const std::filesystem::path& store);

// The store's model, for embedding questions: its own, or its HTTP model (OpenHttpEmbedder, trying a
// failed request twice rather than HttpEmbedderConfig's four times); null if it has none.
std::unique_ptr<Embedder> OpenStoreEmbedder(const std::filesystem::path& store);

// The same for a command that cannot go without it: throws scry::Error(kNoStore) saying that
// `needed_for` (a flag, "--hybrid") needs a model and how to get one.
std::unique_ptr<Embedder> RequireStoreEmbedder(const std::filesystem::path& store,
                                               std::string_view needed_for);

}  // namespace scry
