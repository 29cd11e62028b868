#include "query/ask.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "indexer/word_vectors.h"
#include "query/bm25.h"
#include "query/path_prior.h"
#include "query/pattern.h"
#include "query/search.h"
#include "util/subtokens.h"

namespace scry {

namespace {

// How many of each list the hybrid pool takes, and reciprocal rank fusion's constant.
constexpr size_t kPoolPerSide = 100;
constexpr double kRrfK = 60;

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
  for (std::string_view ending : {"ing", "ies", "es", "ed", "s"}) {
    if (word.size() >= ending.size() + 4 && word.ends_with(ending)) {
      word.resize(word.size() - ending.size());
      break;
    }
  }
  return word;
}

// The manifest handle of the first path holding (segment, doc) that `include` keeps, or kNoEntry.
uint32_t EntryOf(const Manifest& manifest, uint32_t segment, uint32_t doc,
                 const std::function<bool(std::string_view)>& include) {
  uint32_t found = Manifest::kNoEntry;
  manifest.ForEachEntryOf(segment, doc, [&](uint32_t e) {
    if (found == Manifest::kNoEntry && (!include || include(manifest.path(e)))) found = e;
  });
  return found;
}

struct ChunkRefHash {
  size_t operator()(const ChunkRef& r) const { return (size_t{r.segment} << 32) ^ r.chunk; }
};

struct LexicalHit {
  ChunkRef ref;
  uint32_t entry;
  double bm25;
};

// BM25 of every chunk holding a term, best first.  Document frequencies and lengths are counted over
// the snapshot's live chunks, lengths in bytes.
std::vector<LexicalHit> LexicalChunks(const SnapshotView& snapshot, const std::vector<std::string>& terms,
                                      const std::function<bool(std::string_view)>& include) {
  if (terms.empty()) return {};
  PatternOptions options;
  options.fixed_strings = true;
  options.ignore_case = true;
  Pattern pattern = Pattern::Compile(terms, options);
  const Manifest& manifest = *snapshot.manifest;

  std::unordered_map<ChunkRef, std::vector<uint32_t>, ChunkRefHash> frequencies;
  std::unordered_map<ChunkRef, uint32_t, ChunkRefHash> entries;
  std::set<std::pair<uint32_t, uint32_t>> docs_seen;
  SearchRequest request;
  request.pattern = &pattern;
  request.include = include;
  Search(snapshot, request, [&](FileResult&& file) {
    const EntryRecord& entry = manifest.entry(file.entry);
    if (!docs_seen.insert({entry.segment, entry.doc}).second) return;
    const Segment& segment = *snapshot.segments[entry.segment];
    std::span<const ChunkRecord> chunks = segment.chunks(entry.doc);
    const ChunkRecord* first = segment.all_chunks().data();
    std::string lowered;
    for (const MatchedLine& line : file.lines) {
      for (const Submatch& m : line.submatches) {
        uint64_t at = line.offset + m.begin;
        auto chunk = std::partition_point(chunks.begin(), chunks.end(),
                                          [&](const ChunkRecord& c) { return c.end <= at; });
        if (chunk == chunks.end()) continue;
        lowered.assign(file.content.substr(at, m.end - m.begin));
        for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t term = std::find(terms.begin(), terms.end(), lowered) - terms.begin();
        if (term == terms.size()) continue;
        ChunkRef ref{entry.segment, static_cast<uint32_t>(&*chunk - first)};
        std::vector<uint32_t>& tf = frequencies[ref];
        if (tf.empty()) tf.resize(terms.size());
        tf[term]++;
        entries.emplace(ref, file.entry);
      }
    }
  });

  uint64_t live_chunks = 0, live_bytes = 0;
  for (uint32_t s = 0; s < snapshot.segments.size(); ++s) {
    const Segment& segment = *snapshot.segments[s];
    roaring_uint32_iterator_t* it = roaring_create_iterator(manifest.live(s));
    for (; it->has_value; roaring_advance_uint32_iterator(it)) {
      std::span<const ChunkRecord> chunks = segment.chunks(it->current_value);
      live_chunks += chunks.size();
      live_bytes += segment.doc(it->current_value).size;
    }
    roaring_free_uint32_iterator(it);
  }
  std::vector<uint64_t> chunks_with(terms.size(), 0);
  for (const auto& [ref, tf] : frequencies) {
    for (size_t t = 0; t < terms.size(); ++t) chunks_with[t] += tf[t] > 0;
  }
  double average = live_chunks ? static_cast<double>(live_bytes) / static_cast<double>(live_chunks) : 0;
  std::vector<LexicalHit> hits;
  for (const auto& [ref, tf] : frequencies) {
    const ChunkRecord& chunk = snapshot.segments[ref.segment]->all_chunks()[ref.chunk];
    double score = 0;
    for (size_t t = 0; t < terms.size(); ++t) {
      score += Bm25TermScore(Bm25Idf(live_chunks, chunks_with[t]), tf[t], chunk.end - chunk.begin, average);
    }
    hits.push_back({ref, entries[ref], score});
  }
  std::sort(hits.begin(), hits.end(), [](const LexicalHit& a, const LexicalHit& b) {
    if (a.bm25 != b.bm25) return a.bm25 > b.bm25;
    return a.ref.segment != b.ref.segment ? a.ref.segment < b.ref.segment : a.ref.chunk < b.ref.chunk;
  });
  return hits;
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

  if (request.mode != AskMode::kSemantic) {
    std::vector<LexicalHit> lexical = LexicalChunks(snapshot, result.terms, request.include);
    size_t keep = request.mode == AskMode::kLexical ? request.k : kPoolPerSide;
    for (size_t i = 0; i < std::min(keep, lexical.size()); ++i) {
      AskHit& hit = hit_for(lexical[i].ref, lexical[i].entry);
      hit.lexical_rank = static_cast<uint32_t>(i + 1);
      hit.bm25 = lexical[i].bm25;
    }
  }
  if (request.mode != AskMode::kLexical && request.embedder != nullptr) {
    result.semantic = true;
    std::vector<float> query = request.embedder->EmbedQueries({request.question}).front();
    // A question with no word the model knows has no direction: nothing is near it.
    if (std::all_of(query.begin(), query.end(), [](float x) { return x == 0; })) query.clear();
    std::function<bool(uint32_t, uint32_t)> include_doc;
    if (request.include) {
      include_doc = [&](uint32_t s, uint32_t doc) {
        return EntryOf(manifest, s, doc, request.include) != Manifest::kNoEntry;
      };
    }
    size_t keep = request.mode == AskMode::kSemantic ? request.k : kPoolPerSide;
    std::vector<ScoredChunk> nearest;
    if (!query.empty()) {
      nearest = NearestChunks(snapshot, request.store, request.embedder->model_id(), query, keep, include_doc,
                              &result.vectors);
    }
    for (size_t i = 0; i < nearest.size(); ++i) {
      const ChunkRef& ref = nearest[i].ref;
      const ChunkRecord& chunk = snapshot.segments[ref.segment]->all_chunks()[ref.chunk];
      AskHit& hit = hit_for(ref, EntryOf(manifest, ref.segment, chunk.doc, request.include));
      hit.vector_rank = static_cast<uint32_t>(i + 1);
      hit.cosine = nearest[i].score;
    }
  }

  for (auto& [key, hit] : pool) {
    const Segment& segment = *snapshot.segments[hit.ref.segment];
    const ChunkRecord& chunk = segment.all_chunks()[hit.ref.chunk];
    hit.name_match = NameHoldsTerm(segment, chunk, result.terms);
    double fused = 0;
    if (hit.lexical_rank) fused += 1.0 / (kRrfK + hit.lexical_rank);
    if (hit.vector_rank) fused += 1.0 / (kRrfK + hit.vector_rank);
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
