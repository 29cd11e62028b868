#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/ask_session.h"
#include "app/commands.h"
#include "indexer/chunk.h"
#include "util/error.h"

namespace scry {

int RunAsk(const AskCommand& cmd) {
  auto started = std::chrono::steady_clock::now();
  AskSession session(cmd.common, cmd.question);
  AskResult result = session.Ask(cmd.k);
  if (cmd.explain) {
    std::fprintf(stderr, "ask: terms [");
    for (size_t i = 0; i < result.terms.size(); ++i)
      std::fprintf(stderr, "%s%s", i ? " " : "", result.terms[i].c_str());
    std::fprintf(
        stderr, "], %s, %llu vectors scanned, %.2f ms\n",
        result.semantic ? session.embedder()->model_id().c_str() : "no vectors",
        static_cast<unsigned long long>(result.vectors.chunks),
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  }

  const SnapshotView& snapshot = session.snapshot();
  for (const AskHit& hit : result.hits) {
    const Segment& segment = *snapshot.segments[hit.ref.segment];
    const ChunkRecord& chunk = segment.all_chunks()[hit.ref.chunk];
    std::string path = session.DisplayPath(snapshot.manifest->path(hit.entry));
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
