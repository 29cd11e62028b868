// A made-up Go project whose files each draw their comments and identifiers from one topic's words,
// so that the word-vector model `scry index` trains on it learns which words go together.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "tests/testlib/tree.h"

namespace scry::testing {

// The five topics' words: retry, config parsing, compression, caching, authentication.
extern const std::vector<std::vector<std::string>> kTopics;

// `n` words of `topic` drawn at random, separated by spaces.
std::string RandomWords(std::mt19937& rng, const std::vector<std::string>& topic, int n);

// a + b with b's first letter upper-cased: "retry" + "count" = "retryCount".
std::string CamelCase(const std::string& a, const std::string& b);

// 300 files, five functions each, ~60,000 words: enough for the model to train.  File src/fN.go is
// about topic N % 5: 0 retry (backoff, jitter, ...), 1 config parsing, 2 compression, 3 caching,
// 4 authentication.  Plus src/sleep.go, whose function jitteredPause waits longer after each failed
// attempt, in words that share nothing with its name.
void WriteTopicProject(const TempTree& tree);

}  // namespace scry::testing
