#include "app/answer_json.h"

#include "indexer/chunk.h"

namespace scry {

nlohmann::ordered_json AskHitJson(const SnapshotView& snapshot, const AskHit& hit, const std::string& path) {
  const Segment& segment = *snapshot.segments[hit.ref.segment];
  const ChunkRecord& chunk = segment.all_chunks()[hit.ref.chunk];
  return {{"path", path},
          {"start_line", chunk.first_line},
          {"end_line", chunk.last_line},
          {"symbol", std::string(segment.String(chunk.name))},
          {"scope", std::string(segment.String(chunk.scope))},
          {"kind", ChunkKindName(static_cast<ChunkKind>(chunk.kind))},
          {"score", hit.score},
          {"signals",
           {{"lexical_rank", hit.lexical_rank},
            {"vector_rank", hit.vector_rank},
            {"bm25", hit.bm25},
            {"cosine", hit.cosine},
            {"name_match", hit.name_match}}}};
}

nlohmann::ordered_json ContextJson(const Context& context, uint64_t budget, size_t hits_considered) {
  nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
  for (const ContextBlock& b : context.blocks) {
    blocks.push_back({{"path", b.path},
                      {"start_line", b.start_line},
                      {"end_line", b.end_line},
                      {"symbol", b.symbol},
                      {"scope", b.scope},
                      {"kind", b.kind},
                      {"score", b.score},
                      {"tokens", b.tokens},
                      {"lines_cut", b.lines_cut},
                      {"also_in", b.also_in},
                      {"text", b.text}});
  }
  return {{"blocks", std::move(blocks)},
          {"totals",
           {{"tokens", context.tokens},
            {"budget", budget},
            {"truncated", context.truncated},
            {"hits_considered", hits_considered}}}};
}

}  // namespace scry
