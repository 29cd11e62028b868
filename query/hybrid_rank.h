// `scry search --hybrid`: a search's ranked files reordered by what the pattern means.
//
// The pattern is read as a question: its words, regex escapes left out (`retry|backoff` → "retry
// backoff"), are embedded by the store's model as `scry ask` embeds a question.  A file's similarity
// is the best cosine between that vector and the chunks holding its matched lines.  Files are then
// ordered by reciprocal rank fusion (query/rank_fusion.h) of two ranks: the lexical one, by the
// FileScore of query/rank.h with equal scores sharing a rank (so that path order, which says nothing
// of relevance, does not count), and the similarity one, for files whose similarity is above 0.
// Equal fusions keep the lexical order; a pattern with no word the model knows changes nothing.
// Only the order changes: the files and their lines are the search's.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "indexer/embedder.h"
#include "indexer/store.h"
#include "query/rank.h"

namespace scry {

// The patterns' text as a question: joined with spaces, each backslash and the character after it
// (`\w`, `\b`, `\d`, ...) replaced by a space.
std::string PatternQuestion(const std::vector<std::string>& patterns);

// The Rerank that SearchRanked applies for --hybrid.  It embeds the question now and holds the
// snapshot by reference.
Rerank RerankByMeaning(const SnapshotView& snapshot, const std::filesystem::path& store, Embedder& embedder,
                       const std::vector<std::string>& patterns);

}  // namespace scry
