#include "query/lexical_chunks.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <unordered_map>

#include "query/bm25.h"
#include "query/candidates.h"
#include "query/pattern.h"
#include "query/search.h"
#include "query/term_occurrences.h"

namespace scry {

namespace {

// Stage 1 knows only whether a document may hold a term, so it scores as if it held it once.  It
// discounts long files less than BM25's usual b = 0.75: the answer is one function, and long files
// hold many (on the Go gold set, b = 0.3 keeps lexical recall@10 at that of reading every file,
// 0.75 loses 3 points).
constexpr uint32_t kAssumedTermFrequency = 1;
constexpr Bm25Params kDocumentStage{.k1 = 1.2, .b = 0.3};

PatternOptions WordsInAnyCase() {
  PatternOptions options;
  options.fixed_strings = true;
  options.ignore_case = true;
  return options;
}

struct ScoredDoc {
  uint32_t segment, doc;
  double score;
};

// What the snapshot's live documents and chunks add up to: BM25's N and average lengths.
struct Totals {
  uint64_t docs = 0, chunks = 0, bytes = 0;
};

Totals LiveTotals(const SnapshotView& snapshot) {
  Totals totals;
  for (uint32_t s = 0; s < snapshot.segments.size(); ++s) {
    const Segment& segment = *snapshot.segments[s];
    roaring_uint32_iterator_t* it = roaring_create_iterator(snapshot.manifest->live(s));
    for (; it->has_value; roaring_advance_uint32_iterator(it)) {
      totals.docs++;
      totals.chunks += segment.chunks(it->current_value).size();
      totals.bytes += segment.doc(it->current_value).size;
    }
    roaring_free_uint32_iterator(it);
  }
  return totals;
}

double Average(uint64_t sum, uint64_t count) {
  return count ? static_cast<double>(sum) / static_cast<double>(count) : 0;
}

// Stage 1: per term, per segment, the live documents that may hold it; and each term's idf.
struct TermDocs {
  std::vector<std::vector<Bitmap>> docs;  // [term][segment]
  std::vector<double> idf;                // over documents
  std::vector<uint64_t> holding;          // documents per term
};

TermDocs DocsPerTerm(const SnapshotView& snapshot, const std::vector<std::string>& terms,
                     uint64_t live_docs) {
  TermDocs result;
  for (const std::string& term : terms) {
    Pattern pattern = Pattern::Compile({term}, WordsInAnyCase());
    std::vector<Bitmap>& per_segment = result.docs.emplace_back();
    uint64_t holding = 0;
    for (uint32_t s = 0; s < snapshot.segments.size(); ++s) {
      per_segment.push_back(
          Candidates(pattern.prefilter(), *snapshot.segments[s], snapshot.manifest->live(s)));
      holding += roaring_bitmap_get_cardinality(per_segment.back().get());
    }
    result.idf.push_back(Bm25Idf(live_docs, holding));
    result.holding.push_back(holding);
  }
  return result;
}

// Every document that may hold a term, with its stage-1 score; in no particular order.
std::vector<ScoredDoc> ScoreDocs(const SnapshotView& snapshot, const TermDocs& terms, double average_bytes) {
  std::vector<ScoredDoc> scored;
  for (uint32_t s = 0; s < snapshot.segments.size(); ++s) {
    const Segment& segment = *snapshot.segments[s];
    // Scores indexed by document, summed term by term in the terms' order.
    std::vector<double> score(segment.doc_count(), 0);
    std::vector<uint32_t> docs;
    std::vector<uint32_t> holding;
    for (size_t t = 0; t < terms.docs.size(); ++t) {
      const roaring_bitmap_s* bitmap = terms.docs[t][s].get();
      holding.resize(roaring_bitmap_get_cardinality(bitmap));
      roaring_bitmap_to_uint32_array(bitmap, holding.data());
      for (uint32_t doc : holding) {
        if (score[doc] == 0) docs.push_back(doc);
        score[doc] += Bm25TermScore(terms.idf[t], kAssumedTermFrequency, segment.doc(doc).size, average_bytes,
                                    kDocumentStage);
      }
    }
    for (uint32_t doc : docs) scored.push_back({s, doc, score[doc]});
  }
  return scored;
}

bool Ahead(const ScoredDoc& a, const ScoredDoc& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.segment != b.segment ? a.segment < b.segment : a.doc < b.doc;
}

// The best documents that a kept path holds, until their bytes reach the budget: one bitmap per segment.
// The documents are put in order a batch at a time: the budget is met long before most are reached.
std::vector<Bitmap> DocsToRead(const SnapshotView& snapshot, std::vector<ScoredDoc> scored,
                               const std::function<bool(std::string_view)>& include, uint64_t budget) {
  constexpr size_t kBatch = 1024;
  std::vector<Bitmap> chosen;
  for (size_t s = 0; s < snapshot.segments.size(); ++s) chosen.emplace_back(roaring_bitmap_create());
  uint64_t bytes = 0;
  for (auto next = scored.begin(); next != scored.end() && bytes < budget;) {
    auto batch_end = next + static_cast<ptrdiff_t>(std::min<size_t>(kBatch, scored.end() - next));
    std::nth_element(next, batch_end - 1, scored.end(), Ahead);
    std::sort(next, batch_end, Ahead);
    for (; next != batch_end && bytes < budget; ++next) {
      if (snapshot.manifest->FirstEntryOf(next->segment, next->doc, include) == Manifest::kNoEntry) continue;
      roaring_bitmap_add(chosen[next->segment].get(), next->doc);
      bytes += snapshot.segments[next->segment]->doc(next->doc).size;
    }
  }
  return chosen;
}

struct ChunkRefHash {
  size_t operator()(const ChunkRef& r) const { return (size_t{r.segment} << 32) ^ r.chunk; }
};
using TermFrequencies =
    std::unordered_map<ChunkRef, std::vector<uint32_t>, ChunkRefHash>;  // per chunk, per term

// The terms' occurrences in a file: by FindTermOccurrences, or where it cannot tell, by the pattern
// (a match whose lower-cased text is no term, such as "ſ" for "s", is not counted).
std::vector<TermOccurrence> OccurrencesIn(std::string_view content, const Pattern& pattern,
                                          const std::vector<std::string>& terms) {
  std::vector<TermOccurrence> found;
  if (FindTermOccurrences(content, terms, &found)) return found;
  std::string lowered;
  for (const MatchedLine& line : MatchLines(pattern, content, 0, true)) {
    for (const Submatch& m : line.submatches) {
      lowered.assign(content.substr(line.offset + m.begin, m.end - m.begin));
      for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto term = static_cast<uint32_t>(std::find(terms.begin(), terms.end(), lowered) - terms.begin());
      if (term < terms.size()) found.push_back({line.offset + m.begin, term});
    }
  }
  return found;
}

// Each occurrence of a term in a file: the segment's index of the chunk holding it, the term's index.
using Occurrences = std::vector<std::pair<uint32_t, uint32_t>>;

Occurrences TermsInFile(const SnapshotView& snapshot, const FileResult& file, const Pattern& pattern,
                        const std::vector<std::string>& terms) {
  const EntryRecord& entry = snapshot.manifest->entry(file.entry);
  const Segment& segment = *snapshot.segments[entry.segment];
  std::span<const ChunkRecord> chunks = segment.chunks(entry.doc);
  const ChunkRecord* first = segment.all_chunks().data();
  Occurrences found;
  auto chunk = chunks.begin();  // occurrences come in order
  for (const TermOccurrence& o : OccurrencesIn(file.content, pattern, terms)) {
    while (chunk != chunks.end() && chunk->end <= o.offset) ++chunk;
    if (chunk == chunks.end()) break;
    found.emplace_back(static_cast<uint32_t>(&*chunk - first), o.term);
  }
  return found;
}

// Each term's idf over chunks.  Only the documents read in stage 2 were counted per chunk, so a term's
// chunks are estimated: the documents stage 1 says may hold it, times the chunks per document that
// hold it among those read.  (Document-level idf instead costs 2 points of recall@10 on the Go gold
// set: a word in half the files may be in a twentieth of the chunks.)
std::vector<double> ChunkIdf(const SnapshotView& snapshot, const TermDocs& term_docs,
                             const TermFrequencies& frequencies, uint64_t live_chunks) {
  size_t terms = term_docs.holding.size();
  std::vector<uint64_t> chunks_with(terms);
  std::vector<std::set<std::pair<uint32_t, uint32_t>>> docs_with(terms);
  for (const auto& [ref, tf] : frequencies) {
    uint32_t doc = snapshot.segments[ref.segment]->all_chunks()[ref.chunk].doc;
    for (size_t t = 0; t < terms; ++t) {
      if (tf[t] == 0) continue;
      chunks_with[t]++;
      docs_with[t].insert({ref.segment, doc});
    }
  }
  std::vector<double> idf;
  for (size_t t = 0; t < terms; ++t) {
    double per_doc = docs_with[t].empty() ? 1 : static_cast<double>(chunks_with[t]) / docs_with[t].size();
    idf.push_back(Bm25Idf(live_chunks, static_cast<uint64_t>(term_docs.holding[t] * per_doc)));
  }
  return idf;
}

}  // namespace

std::vector<LexicalHit> LexicalChunks(const SnapshotView& snapshot, const std::vector<std::string>& terms,
                                      const std::function<bool(std::string_view)>& include,
                                      const LexicalOptions& options) {
  if (terms.empty()) return {};
  const Manifest& manifest = *snapshot.manifest;
  Totals totals = LiveTotals(snapshot);
  TermDocs term_docs = DocsPerTerm(snapshot, terms, totals.docs);
  std::vector<Bitmap> chosen =
      DocsToRead(snapshot, ScoreDocs(snapshot, term_docs, Average(totals.bytes, totals.docs)), include,
                 std::max<uint64_t>(options.scan_bytes, 1));
  std::vector<const roaring_bitmap_s*> within;
  for (const Bitmap& b : chosen) within.push_back(b.get());

  // Stage 2: each term counted in each chunk of the chosen documents, on Search's workers; a file is
  // then dropped, so that its decompressed block is not kept (and a fresh one allocated for the next).
  std::mutex mutex;
  std::unordered_map<uint32_t, Occurrences> by_entry;
  Pattern pattern = Pattern::Compile(terms, WordsInAnyCase());
  SearchRequest request;
  request.plan = &pattern.prefilter();
  request.include = include;
  request.within = within;
  request.refine = [&](FileResult& file) {
    Occurrences found = TermsInFile(snapshot, file, pattern, terms);
    std::lock_guard lock(mutex);
    by_entry.emplace(file.entry, std::move(found));
    return false;
  };
  Search(snapshot, request, [](FileResult&&) {});

  // A blob at several paths is counted once, under its first path.
  std::vector<uint32_t> files;
  for (const auto& [entry, found] : by_entry) files.push_back(entry);
  manifest.SortByPath(&files);
  TermFrequencies frequencies;
  std::unordered_map<ChunkRef, uint32_t, ChunkRefHash> entries;
  std::set<std::pair<uint32_t, uint32_t>> docs_seen;
  for (uint32_t file : files) {
    const EntryRecord& entry = manifest.entry(file);
    if (!docs_seen.insert({entry.segment, entry.doc}).second) continue;
    for (const auto& [chunk, term] : by_entry[file]) {
      ChunkRef ref{entry.segment, chunk};
      std::vector<uint32_t>& tf = frequencies[ref];
      if (tf.empty()) tf.resize(terms.size());
      tf[term]++;
      entries.emplace(ref, file);
    }
  }

  std::vector<double> idf = ChunkIdf(snapshot, term_docs, frequencies, totals.chunks);
  double average = Average(totals.bytes, totals.chunks);
  std::vector<LexicalHit> hits;
  for (const auto& [ref, tf] : frequencies) {
    const ChunkRecord& chunk = snapshot.segments[ref.segment]->all_chunks()[ref.chunk];
    double score = 0;
    for (size_t t = 0; t < terms.size(); ++t) {
      score += Bm25TermScore(idf[t], tf[t], chunk.end - chunk.begin, average);
    }
    hits.push_back({ref, entries[ref], score});
  }
  std::sort(hits.begin(), hits.end(), [](const LexicalHit& a, const LexicalHit& b) {
    if (a.bm25 != b.bm25) return a.bm25 > b.bm25;
    return a.ref.segment != b.ref.segment ? a.ref.segment < b.ref.segment : a.ref.chunk < b.ref.chunk;
  });
  return hits;
}

}  // namespace scry
