#include "query/hybrid_rank.h"

#include <algorithm>
#include <memory>
#include <numeric>

#include "query/rank_fusion.h"
#include "query/vector_search.h"

namespace scry {

namespace {

// The best cosine between the question and the chunks holding the file's matched lines.
float Similarity(const SnapshotView& snapshot, ChunkSimilarity& similarity, const FileResult& file) {
  const EntryRecord& entry = snapshot.manifest->entry(file.entry);
  const Segment& segment = *snapshot.segments[entry.segment];
  std::span<const ChunkRecord> chunks = segment.chunks(entry.doc);
  const ChunkRecord* first = segment.all_chunks().data();
  float best = 0;
  const ChunkRecord* previous = nullptr;
  for (const MatchedLine& line : file.lines) {
    auto chunk = std::partition_point(chunks.begin(), chunks.end(),
                                      [&](const ChunkRecord& c) { return c.last_line < line.number; });
    if (chunk == chunks.end() || &*chunk == previous) continue;
    previous = &*chunk;
    best = std::max(best, similarity.Cosine({entry.segment, static_cast<uint32_t>(&*chunk - first)}));
  }
  return best;
}

// The 1-based rank of each item, given the items' indexes best first; an item `same` as the one
// before it shares its rank ("1224").
template <typename Same>
std::vector<uint32_t> SharedRanks(const std::vector<size_t>& order, Same same) {
  std::vector<uint32_t> ranks(order.size(), 0);
  for (size_t i = 0; i < order.size(); ++i) {
    ranks[order[i]] =
        i > 0 && same(order[i - 1], order[i]) ? ranks[order[i - 1]] : static_cast<uint32_t>(i + 1);
  }
  return ranks;
}

}  // namespace

std::string PatternQuestion(const std::vector<std::string>& patterns) {
  std::string question;
  for (const std::string& pattern : patterns) {
    if (!question.empty()) question += ' ';
    for (size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] == '\\') {
        ++i;
        question += ' ';
      } else {
        question += pattern[i];
      }
    }
  }
  return question;
}

Rerank RerankByMeaning(const SnapshotView& snapshot, const std::filesystem::path& store, Embedder& embedder,
                       const std::vector<std::string>& patterns) {
  std::vector<float> query = embedder.EmbedQueries({PatternQuestion(patterns)}).front();
  auto similarity = std::make_shared<ChunkSimilarity>(snapshot, store, embedder.model_id(), query);
  return [&snapshot, similarity](std::vector<RankedFile>& files) {
    std::vector<size_t> lexical_order(files.size());
    std::iota(lexical_order.begin(), lexical_order.end(), 0);
    std::vector<uint32_t> lexical =
        SharedRanks(lexical_order, [&](size_t a, size_t b) { return files[a].score == files[b].score; });

    std::vector<float> cosine(files.size());
    for (size_t i = 0; i < files.size(); ++i) cosine[i] = Similarity(snapshot, *similarity, files[i].file);
    std::vector<size_t> meaning_order = lexical_order;
    std::stable_sort(meaning_order.begin(), meaning_order.end(),
                     [&](size_t a, size_t b) { return cosine[a] > cosine[b]; });
    std::vector<uint32_t> meaning =
        SharedRanks(meaning_order, [&](size_t a, size_t b) { return cosine[a] == cosine[b]; });

    std::vector<double> fused(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      fused[i] = ReciprocalRank(lexical[i]) + (cosine[i] > 0 ? ReciprocalRank(meaning[i]) : 0);
    }
    std::vector<size_t> order = lexical_order;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return fused[a] > fused[b]; });
    std::vector<RankedFile> reordered;
    reordered.reserve(files.size());
    for (size_t i : order) reordered.push_back(std::move(files[i]));
    files = std::move(reordered);
  };
}

}  // namespace scry
