// Training the supervised encoder (indexer/encoder.h) on (doc comment, code) pairs.
//
// Each batch of pairs is scored all against all: the cosine of every question (a doc comment) with
// every code vector, over a temperature.  The loss is the cross-entropy of finding each question's own
// code among the batch's (in-batch negatives, as CLIP and CodeSearchNet train), and the same from each
// code to its question.  Gradients are written out by hand through the normalisations, the means and
// the attention's softmax; the tables are updated with AdaGrad, touching only the rows a batch used.
// Each time a pair is seen, each word its doc comment shares with its code is left out at random (a
// share, shared_word_dropout): the lexical side of `scry ask` already finds a question's own words, the
// encoder is worth most where a question and its answer share none.  A share of the pairs is held out: their
// mean reciprocal rank among each other, before and after training, says whether the encoder learnt anything.
#pragma once

#include <cstdint>
#include <vector>

#include "indexer/encoder.h"

namespace scry {

struct EncoderPair {
  std::vector<WeightedWord> query;  // the doc comment's words
  std::vector<int32_t> code;        // the code's distinct words
};

struct EncoderTrainingOptions {
  int epochs = 5;
  uint32_t batch = 128;
  float temperature = 0.05f;
  float learning_rate = 0.2f;  // AdaGrad's
  float shared_word_dropout = 0.5f;
  double holdout = 0.05;  // of the pairs, at most max_holdout
  uint32_t max_holdout = 2000;
  uint32_t seed = 42;
};

struct EncoderTrainingReport {
  uint64_t pairs = 0;  // trained on
  uint64_t held_out = 0;
  double mrr_before = 0;  // of the held-out pairs among each other (whole doc comments), initial tables
  double mrr_after = 0;
};

// Trains `tables` (initialised by the caller) in place.
EncoderTrainingReport TrainEncoder(std::vector<EncoderPair> pairs, const EncoderTrainingOptions& options,
                                   EncoderTables* tables);

}  // namespace scry
