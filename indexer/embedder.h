// Turning text into vectors for semantic recall (`scry ask`).
//
// Three kinds of Embedder exist: two embedded ones trained on the store's own corpus, fastText word
// vectors (indexer/word_vectors.h) and a supervised encoder on top of them (indexer/encoder_model.h),
// and a client of an OpenAI-compatible /v1/embeddings endpoint for users who run a stronger model
// (indexer/http_embedder.h).  Vectors are stored per model: the
// model_id() names them, and vectors of different models are never compared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scry {

class Embedder {
 public:
  virtual ~Embedder() = default;

  // Names the model and everything that changes its vectors (e.g. "ft-3", "http-nomic-embed-text-1a2b").
  // Letters, digits, '-' and '.' only: it is part of file names.
  virtual std::string model_id() const = 0;
  virtual uint32_t dimension() const = 0;

  // One vector of dimension() floats per text, in order, each of unit length; all zeros for a text
  // with nothing to embed.  Throws scry::Error naming the model and what failed.
  virtual std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) = 0;

  // The same for questions, which a model may encode otherwise than the code it finds
  // (indexer/encoder_model.h); by default as Embed does.
  virtual std::vector<std::vector<float>> EmbedQueries(const std::vector<std::string>& texts) {
    return Embed(texts);
  }

  // Whether Embed may run on several threads at once.
  virtual bool concurrent() const { return false; }
};

}  // namespace scry
