#include "app/ask_session.h"

#include <cstdio>

#include "app/paths.h"
#include "indexer/embeddings.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

AskSession::AskSession(const CommonOptions& common, const QuestionOptions& question)
    : cwd_(std::filesystem::current_path()), filter_(MakePathFilter(question.filters)) {
  request_.question = question.text;
  request_.mode = ParseAskMode(question.mode);
  if (!filter_.empty()) request_.include = [this](std::string_view path) { return filter_.Includes(path); };
  store_ = FindStore(cwd_, common.store);
  snapshot_ = OpenSnapshot(store_, SnapshotForRevision(store_, common.rev));
  // Opened before anything is printed: with an HTTP model, `scry` becomes scry-http here.
  if (request_.mode == AskMode::kSemantic) {
    embedder_ = RequireStoreEmbedder(store_.dir, "--mode semantic");
  } else if (request_.mode == AskMode::kHybrid) {
    embedder_ = OpenStoreEmbedder(store_.dir);
  }
  request_.embedder = embedder_.get();
  request_.store = store_.dir;
}

AskResult AskSession::Ask(size_t k) {
  request_.k = k;
  AskResult result = scry::Ask(snapshot_, request_);
  if (!result.semantic_failure.empty()) {
    std::fprintf(stderr, "scry: warning: %s; answered with words only (lexical)\n",
                 result.semantic_failure.c_str());
  }
  return result;
}

std::string AskSession::DisplayPath(std::string_view path) const {
  return RelativeTo(cwd_, store_.root / std::string(path));
}

}  // namespace scry
