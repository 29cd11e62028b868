// What `scry ask` and `scry context` open to answer a question: the snapshot, the store's model, the
// path filter, and the request that uses them.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "app/commands.h"
#include "indexer/embedder.h"
#include "indexer/store.h"
#include "query/ask.h"
#include "query/path_filter.h"

namespace scry {

class AskSession {
 public:
  // Throws scry::Error: kBadInput for a bad mode, glob or type; kNoStore for no index, a revision not
  // indexed, or no model with --mode semantic.
  AskSession(const CommonOptions& common, const QuestionOptions& question);
  AskSession(const AskSession&) = delete;
  AskSession& operator=(const AskSession&) = delete;

  // The question's `k` best chunks.  When the store's embedding service fails in hybrid mode, a
  // warning line on stderr says so and the chunks are the lexical side's.
  AskResult Ask(size_t k);

  // A path relative to the indexed root as the commands print it: relative to the current directory.
  std::string DisplayPath(std::string_view path) const;

  const SnapshotView& snapshot() const { return snapshot_; }
  const AskRequest& request() const { return request_; }
  // Null when the store has no model, or for --mode lexical: the semantic side is skipped.
  const Embedder* embedder() const { return embedder_.get(); }

 private:
  std::filesystem::path cwd_;
  PathFilter filter_;
  StoreLocation store_;
  SnapshotView snapshot_;
  std::unique_ptr<Embedder> embedder_;
  AskRequest request_;
};

}  // namespace scry
