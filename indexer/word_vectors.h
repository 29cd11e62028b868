// The embedded default model: word vectors learnt from the store's own code, as Facebook's Neural
// Code Search (Sachdev et al. 2018) does.
//
// fastText (Debian's libfasttext) trains skip-gram vectors on a sample of the corpus's chunks, each
// one line of its identifier subtokens, comment words and string words (util/subtokens.h).  Only what
// embedding needs is kept, in a model file of our own: each word's unit vector quantised to int8 and
// its inverse document frequency over the sampled chunks.  A text's vector is the TF-IDF-weighted
// mean of its words' unit vectors, normalised; words the model never saw add nothing.
//
// Model file (container of indexer/container.h, magic "SCRYWVEC", version 1), sections:
//   1-3        the vocabulary (indexer/vocabulary.h)
//   4 vectors: per word, `dimension` int8 components (unit vector × 127, rounded)
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/container.h"
#include "indexer/embedder.h"
#include "indexer/vocabulary.h"

namespace scry {

struct WordVectorOptions {
  uint32_t dimension = 64;
  int epochs = 5;
  int min_count = 3;  // rarer words get no vector
  int window = 5;
  int threads = 2;  // fastText's training is only reproducible with 1
  int seed = 42;
};

// Trains on `corpus` (one text a line, words separated by spaces), counts each word's idf over its
// lines, and writes the model to `out` atomically.  Returns the number of words.  Throws
// scry::Error(kBadInput) if the corpus has no word seen `min_count` times.
//
// Defined where fastText is linked: indexer/fasttext/, in scry-http and the tests.  `scry` itself
// runs scry-http to train (app/http_exec.cc), so that no other command loads fastText and the
// shared C++ runtime it needs: 2.5 ms of every start on a slow machine.
uint32_t TrainWordVectors(const std::filesystem::path& corpus, const WordVectorOptions& options,
                          const std::filesystem::path& out);

// A word and the vector fastText learnt for it.
struct TrainedWord {
  std::string word;
  std::vector<float> vector;
};

// TrainWordVectors' second half: keeps the words that occur in `corpus` with `dimension`
// components, and writes them in order with their idf and unit vectors.  Returns their number.
uint32_t WriteWordVectors(const std::filesystem::path& corpus, uint32_t dimension,
                          std::vector<TrainedWord> trained, const std::filesystem::path& out);

class WordVectors {
 public:
  // Throws scry::Error(kCorrupt) naming the file.
  explicit WordVectors(const std::filesystem::path& path);

  const Vocabulary& vocabulary() const { return vocabulary_; }
  uint32_t dimension() const { return vocabulary_.dimension(); }
  int32_t Find(std::string_view word) const { return vocabulary_.Find(word); }
  std::span<const int8_t> vector(int32_t word) const {
    return {vectors_.data() + static_cast<size_t>(word) * dimension(), dimension()};
  }

  // The TF-IDF-weighted mean of the text's word vectors, normalised (zeros if it has no known word).
  std::vector<float> Embed(std::string_view text) const;

 private:
  ContainerReader container_;
  Vocabulary vocabulary_;
  std::span<const int8_t> vectors_;
};

// WordVectors behind the Embedder interface; `model_id` names the file it came from.
class WordVectorEmbedder : public Embedder {
 public:
  WordVectorEmbedder(std::shared_ptr<const WordVectors> vectors, std::string model_id)
      : vectors_(std::move(vectors)), model_id_(std::move(model_id)) {}
  std::string model_id() const override { return model_id_; }
  uint32_t dimension() const override { return vectors_->dimension(); }
  std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) override;
  bool concurrent() const override { return true; }

 private:
  std::shared_ptr<const WordVectors> vectors_;
  std::string model_id_;
};

}  // namespace scry
