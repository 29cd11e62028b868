#include "query/ask.h"

#include <algorithm>
#include <future>
#include <map>
#include <set>

#include "indexer/word_vectors.h"
#include "query/lexical_chunks.h"
#include "query/path_prior.h"
#include "query/rank_fusion.h"
#include "util/error.h"
#include "util/subtokens.h"

namespace scry {

namespace {

// How many of each list the hybrid pool takes.
constexpr size_t kPoolPerSide = 100;

// Words a question is phrased with that say nothing about the code.
const std::set<std::string_view>& StopWords() {
  static const std::set<std::string_view> words = {
      "about",  "after",   "all",  "also",   "an",   "and",   "any",   "are",      "as",
      "at",     "be",      "been", "before", "but",  "by",    "can",   "code",     "could",
      "did",    "do",      "does", "doing",  "done", "for",   "from",  "function", "functions",
      "has",    "have",    "how",  "if",     "in",   "into",  "is",    "it",       "its",
      "method", "methods", "my",   "not",    "of",   "on",    "one",   "or",       "our",
      "should", "so",      "some", "that",   "the",  "their", "them",  "then",     "there",
      "these",  "they",    "this", "those",  "to",   "under", "up",    "use",      "used",
      "uses",   "using",   "was",  "way",    "we",   "were",  "what",  "when",     "where",
      "which",  "while",   "who",  "why",    "will", "with",  "would", "you",      "your"};
  return words;
}

std::string Stem(std::string word) {
  for (std::string_view ending : {"ing", "ies", "ied", "es", "ed", "s"}) {
    if (word.size() >= ending.size() + 4 && word.ends_with(ending)) {
      word.resize(word.size() - ending.size());
      break;
    }
  }
  return word;
}

bool NameHoldsTerm(const Segment& segment, const ChunkRecord& chunk, const std::vector<std::string>& terms) {
  if (chunk.name == 0) return false;
  bool found = false;
  ForEachSubtoken(segment.String(chunk.name), [&](std::string_view word) {
    for (const std::string& term : terms) found = found || word.starts_with(term);
  });
  return found;
}

}  // namespace

AskMode ParseAskMode(std::string_view mode) {
  if (mode == "lexical") return AskMode::kLexical;
  if (mode == "semantic") return AskMode::kSemantic;
  if (mode == "hybrid") return AskMode::kHybrid;
  throw Error(ExitCode::kBadInput, "--mode " + std::string(mode) + ": expected lexical, semantic or hybrid");
}

std::vector<std::string> QuestionTerms(std::string_view question) {
  std::vector<std::string> terms;
  ForEachModelWord(question, [&](std::string_view word) {
    if (StopWords().contains(word)) return;
    std::string stem = Stem(std::string(word));
    // A stem under three bytes has no trigram: it would make the lexical side read everything.
    if (stem.size() >= 3 && std::find(terms.begin(), terms.end(), stem) == terms.end()) terms.push_back(stem);
  });
  return terms;
}

AskResult Ask(const SnapshotView& snapshot, const AskRequest& request) {
  AskResult result;
  const Manifest& manifest = *snapshot.manifest;
  result.terms = QuestionTerms(request.question);
  std::map<std::pair<uint32_t, uint32_t>, AskHit> pool;
  auto hit_for = [&](const ChunkRef& ref, uint32_t entry) -> AskHit& {
    AskHit& hit = pool[{ref.segment, ref.chunk}];
    hit.ref = ref;
    hit.entry = entry;
    return hit;
  };

  // The two sides read different things (files through the trigram index; the vector files) and
  // each leaves a core idle part of its time (planning, ranking documents, sorting), so they run at
  // once.
  std::future<std::vector<LexicalHit>> lexical_side;
  if (request.mode != AskMode::kSemantic) {
    lexical_side = std::async(std::launch::async,
                              [&] { return LexicalChunks(snapshot, result.terms, request.include); });
  }
  std::vector<ScoredChunk> nearest;
  std::vector<float> query;
  if (request.mode != AskMode::kLexical && request.embedder != nullptr) {
    try {
      query = request.embedder->EmbedQueries({request.question}).front();
      result.semantic = true;
    } catch (const Error& e) {
      // An embedding service that fails: hybrid answers with words alone and says why; semantic has
      // nothing to answer with.
      if (request.mode != AskMode::kHybrid || e.code() != ExitCode::kEmbedding) throw;
      result.semantic_failure = e.what();
    }
  }
  if (result.semantic) {
    // A question with no word the model knows has no direction: nothing is near it.
    if (std::all_of(query.begin(), query.end(), [](float x) { return x == 0; })) query.clear();
    std::function<bool(uint32_t, uint32_t)> include_doc;
    if (request.include) {
      include_doc = [&](uint32_t s, uint32_t doc) {
        return manifest.FirstEntryOf(s, doc, request.include) != Manifest::kNoEntry;
      };
    }
    size_t keep = request.mode == AskMode::kSemantic ? request.k : kPoolPerSide;
    if (!query.empty()) {
      nearest = NearestChunks(snapshot, request.store, request.embedder->model_id(), query, keep, include_doc,
                              &result.vectors);
    }
  }
  if (lexical_side.valid()) {
    std::vector<LexicalHit> lexical = lexical_side.get();
    size_t keep = request.mode == AskMode::kLexical ? request.k : kPoolPerSide;
    for (size_t i = 0; i < std::min(keep, lexical.size()); ++i) {
      AskHit& hit = hit_for(lexical[i].ref, lexical[i].entry);
      hit.lexical_rank = static_cast<uint32_t>(i + 1);
      hit.bm25 = lexical[i].bm25;
    }
  }
  for (size_t i = 0; i < nearest.size(); ++i) {
    const ChunkRef& ref = nearest[i].ref;
    const ChunkRecord& chunk = snapshot.segments[ref.segment]->all_chunks()[ref.chunk];
    AskHit& hit = hit_for(ref, manifest.FirstEntryOf(ref.segment, chunk.doc, request.include));
    hit.vector_rank = static_cast<uint32_t>(i + 1);
    hit.cosine = nearest[i].score;
  }

  for (auto& [key, hit] : pool) {
    const Segment& segment = *snapshot.segments[hit.ref.segment];
    const ChunkRecord& chunk = segment.all_chunks()[hit.ref.chunk];
    hit.name_match = NameHoldsTerm(segment, chunk, result.terms);
    double fused = ReciprocalRank(hit.lexical_rank) + ReciprocalRank(hit.vector_rank);
    // A definition named after the question's words, and a project's own code over its tests: worth
    // a few places of rank each (1/61 - 1/65 ≈ 0.001).
    if (hit.name_match) fused += 0.002;
    fused -= 0.001 * PathPenalty(manifest.path(hit.entry), manifest.entry(hit.entry).flags);
    hit.score = fused;
    result.hits.push_back(hit);
  }
  std::sort(result.hits.begin(), result.hits.end(), [](const AskHit& a, const AskHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.ref.segment != b.ref.segment ? a.ref.segment < b.ref.segment : a.ref.chunk < b.ref.chunk;
  });
  if (result.hits.size() > request.k) result.hits.resize(request.k);
  return result;
}

}  // namespace scry
