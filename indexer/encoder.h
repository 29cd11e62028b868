// The supervised bag-of-words encoder (UNIF, Cambronero et al., "When Deep Learning Met Code Search",
// 2019): a question and a piece of code become vectors in one space, learnt from the corpus's own
// (doc comment, code) pairs (indexer/encoder_training.h).
//
//   question  the idf-weighted mean of its words' rows of the query table Q, normalised;
//   code      the attention-weighted sum of its distinct words' rows of the code table C, normalised,
//             with weights softmax(a · C[w]) over the words: a learnt vector a decides which words
//             say most about what the code does.
//
// Both sides are plain functions of a bag of word ids, shared by training and serving.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace scry {

struct EncoderTables {
  uint32_t dimension = 0;
  std::vector<float> query;      // word count × dimension
  std::vector<float> code;       // word count × dimension
  std::vector<float> attention;  // dimension

  std::span<const float> query_row(int32_t word) const {
    return {query.data() + static_cast<size_t>(word) * dimension, dimension};
  }
  std::span<const float> code_row(int32_t word) const {
    return {code.data() + static_cast<size_t>(word) * dimension, dimension};
  }
};

// A question's words: each distinct word once, with its weight (count × idf).
struct WeightedWord {
  int32_t word;
  float weight;
};

// Scales `v` to unit length; returns the length it had (0: left as it is).
float NormalizeInPlace(std::span<float> v);

// The unnormalised question vector Σ weight·Q[word] / Σ weight, into `out` (dimension floats).
void QueryVector(const EncoderTables& tables, std::span<const WeightedWord> words, std::span<float> out);

// The unnormalised code vector Σ α_i C[word_i] with α = softmax(a · C[word_i]) into `out`, and the
// weights α into `alpha` (one per word).  `words` are distinct.
void CodeVector(const EncoderTables& tables, std::span<const int32_t> words, std::span<float> out,
                std::vector<float>* alpha);

}  // namespace scry
