#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/answer_json.h"
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
        stderr, "], %s, %llu vectors scanned (%llu read whole), %.2f ms\n",
        result.semantic ? session.embedder()->model_id().c_str() : "no vectors",
        static_cast<unsigned long long>(result.vectors.chunks),
        static_cast<unsigned long long>(result.vectors.read),
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
      std::printf("%s\n", AskHitJson(snapshot, hit, path).dump().c_str());
    } else {
      std::printf("%s:%u-%u  %s  (%.*s; lexical #%u, vector #%u)\n", path.c_str(), chunk.first_line,
                  chunk.last_line, symbol.empty() ? "-" : symbol.c_str(), static_cast<int>(kind.size()),
                  kind.data(), hit.lexical_rank, hit.vector_rank);
    }
  }
  return result.hits.empty() ? static_cast<int>(ExitCode::kNoMatch) : 0;
}

}  // namespace scry
