#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/paths.h"
#include "indexer/chunk.h"
#include "indexer/embeddings.h"
#include "query/ask.h"
#include "query/path_filter.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

AskMode ParseAskMode(const std::string& mode) {
  if (mode == "lexical") return AskMode::kLexical;
  if (mode == "semantic") return AskMode::kSemantic;
  if (mode == "hybrid") return AskMode::kHybrid;
  throw Error(ExitCode::kBadInput, "--mode " + mode + ": expected lexical, semantic or hybrid");
}

}  // namespace

int RunAsk(const AskCommand& cmd) {
  PathFilter filter = MakePathFilter(cmd.filters);
  AskRequest request;
  request.question = cmd.question;
  request.mode = ParseAskMode(cmd.mode);
  request.k = cmd.k;
  if (!filter.empty()) request.include = [&](std::string_view path) { return filter.Includes(path); };

  fs::path cwd = fs::current_path();
  StoreLocation store = FindStore(cwd, cmd.common.store);
  auto started = std::chrono::steady_clock::now();
  SnapshotView snapshot = OpenSnapshot(store, SnapshotForRevision(store, cmd.common.rev));
  std::unique_ptr<Embedder> embedder = OpenDefaultEmbedder(store.dir);
  request.embedder = embedder.get();
  request.store = store.dir;
  if (request.mode == AskMode::kSemantic && embedder == nullptr) {
    throw Error(ExitCode::kNoStore, store.dir.string() +
                                        ": has no word-vector model for --mode semantic (run `scry index` "
                                        "without --no-embed on a larger tree)");
  }
  AskResult result = Ask(snapshot, request);
  if (cmd.explain) {
    std::fprintf(stderr, "ask: terms [");
    for (size_t i = 0; i < result.terms.size(); ++i)
      std::fprintf(stderr, "%s%s", i ? " " : "", result.terms[i].c_str());
    std::fprintf(
        stderr, "], %s, %llu vectors scanned, %.2f ms\n",
        result.semantic ? embedder->model_id().c_str() : "no vectors",
        static_cast<unsigned long long>(result.vectors.chunks),
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  }

  for (const AskHit& hit : result.hits) {
    const Segment& segment = *snapshot.segments[hit.ref.segment];
    const ChunkRecord& chunk = segment.all_chunks()[hit.ref.chunk];
    std::string path = RelativeTo(cwd, store.root / std::string(snapshot.manifest->path(hit.entry)));
    std::string symbol(segment.String(chunk.name));
    std::string_view kind = ChunkKindName(static_cast<ChunkKind>(chunk.kind));
    if (cmd.json) {
      nlohmann::ordered_json j = {{"path", path},
                                  {"start_line", chunk.first_line},
                                  {"end_line", chunk.last_line},
                                  {"symbol", symbol},
                                  {"scope", std::string(segment.String(chunk.scope))},
                                  {"kind", kind},
                                  {"score", hit.score},
                                  {"signals",
                                   {{"lexical_rank", hit.lexical_rank},
                                    {"vector_rank", hit.vector_rank},
                                    {"bm25", hit.bm25},
                                    {"cosine", hit.cosine},
                                    {"name_match", hit.name_match}}}};
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("%s:%u-%u  %s  (%.*s; lexical #%u, vector #%u)\n", path.c_str(), chunk.first_line,
                  chunk.last_line, symbol.empty() ? "-" : symbol.c_str(), static_cast<int>(kind.size()),
                  kind.data(), hit.lexical_rank, hit.vector_rank);
    }
  }
  return result.hits.empty() ? static_cast<int>(ExitCode::kNoMatch) : 0;
}

}  // namespace scry
