// A made-up Go project whose files each draw their comments and identifiers from one topic's words,
// so that the word-vector model `scry index` trains on it learns which words go together.
#pragma once

#include "tests/testlib/tree.h"

namespace scry::testing {

// 300 files, five functions each, ~60,000 words: enough for the model to train.  File src/fN.go is
// about topic N % 5: 0 retry (backoff, jitter, ...), 1 config parsing, 2 compression, 3 caching,
// 4 authentication.  Plus src/sleep.go, whose function jitteredPause waits longer after each failed
// attempt, in words that share nothing with its name.
void WriteTopicProject(const TempTree& tree);

}  // namespace scry::testing
