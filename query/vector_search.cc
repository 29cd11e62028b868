#include "query/vector_search.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <memory>
#include <optional>
#include <thread>

#include "query/code_scorer.h"
#include "util/file.h"

namespace scry {

namespace {

// The coarse codes shortlist this many chunks per one asked for, and at least kMinShortlist; only their
// fine codes are read.  On the Linux kernel (2.4 million chunks), 4,000 keep the exact scan's 100 nearest
// for every question of bench/questions-linux.txt; 2,000 lose about 2 of each question's 100.
constexpr size_t kShortlistPerResult = 40;
constexpr size_t kMinShortlist = 4000;

// int8 · int8 in int32: wide enough for 8,388,607 components of ±127².
__attribute__((target_clones("avx2", "default"))) int32_t Dot(const int8_t* a, const int8_t* b, uint32_t n) {
  int32_t sum = 0;
  for (uint32_t i = 0; i < n; ++i) sum += int32_t{a[i]} * int32_t{b[i]};
  return sum;
}

// Rounding to int8 can take a dot product of unit vectors a little past 1.
float CosineOf(int32_t dot) { return std::clamp(static_cast<float>(dot) / (127.0f * 127.0f), -1.0f, 1.0f); }

// A segment's vectors for the model, if it has them and they are of the query's dimension.
std::unique_ptr<ChunkVectors> OpenVectors(const SnapshotView& snapshot, const std::filesystem::path& store,
                                          const std::string& model_id, uint32_t segment, uint32_t dimension) {
  std::filesystem::path path = ChunkVectorsPath(store, snapshot.manifest->segment_ids()[segment], model_id);
  if (!std::filesystem::exists(path)) return nullptr;
  auto vectors = std::make_unique<ChunkVectors>(
      path, static_cast<uint32_t>(snapshot.segments[segment]->all_chunks().size()));
  if (vectors->dimension() != dimension) return nullptr;
  return vectors;
}

// A chunk and its score: an exact product (int32), or one estimated from its code (float).
template <typename Score>
struct Candidate {
  Score score;
  ChunkRef ref;
};

template <typename Score>
bool Better(const Candidate<Score>& a, const Candidate<Score>& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.ref.segment != b.ref.segment ? a.ref.segment < b.ref.segment : a.ref.chunk < b.ref.chunk;
}

// Keeps the k best of what it is offered.
template <typename Score>
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  void Offer(const Candidate<Score>& c) {
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push_back(c);
      std::push_heap(heap_.begin(), heap_.end(), Better<Score>);
    } else if (Better(c, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Better<Score>);
      heap_.back() = c;
      std::push_heap(heap_.begin(), heap_.end(), Better<Score>);
    }
  }
  std::vector<Candidate<Score>>& items() { return heap_; }
  // Whether a candidate must beat worst() to be kept.
  bool full() const { return heap_.size() == k_; }
  const Candidate<Score>& worst() const { return heap_.front(); }

 private:
  size_t k_;
  std::vector<Candidate<Score>> heap_;  // a min-heap under Better: the worst kept is at the front
};

// Offers the chunks [begin, end) of a segment with codes to the shortlist; only those whose integer
// score reaches the shortlist's worst are turned into estimates.
void OfferEstimates(const CodeScorer& scorer, const ChunkVectors& rows, uint32_t segment, uint32_t begin,
                    uint32_t end, std::vector<int32_t>* scores, TopK<float>* shortlist) {
  scores->resize(end - begin);
  scorer.Score(rows.coarse(begin), end - begin, scores->data());
  int32_t floor = shortlist->full() ? scorer.Floor(shortlist->worst().score) : INT32_MIN;
  for (uint32_t index = begin; index < end; ++index) {
    int32_t score = (*scores)[index - begin];
    if (score < floor || rows.is_zero(index)) continue;
    shortlist->Offer({scorer.Estimate(score), {segment, index}});
    if (shortlist->full()) floor = scorer.Floor(shortlist->worst().score);
  }
}

}  // namespace

std::vector<ScoredChunk> NearestChunks(const SnapshotView& snapshot, const std::filesystem::path& store,
                                       const std::string& model_id, std::span<const float> query, size_t k,
                                       const std::function<bool(uint32_t, uint32_t)>& include_doc,
                                       VectorSearchStats* stats) {
  std::string quantized;
  AppendQuantized(query, &quantized);
  const int8_t* q = reinterpret_cast<const int8_t*>(quantized.data());
  const uint32_t dimension = static_cast<uint32_t>(query.size());
  const size_t shortlist = std::max(k * kShortlistPerResult, kMinShortlist);

  // One unit of work per live document run of a segment, cut so that both cores get a share.
  struct Unit {
    uint32_t segment;
    std::vector<uint32_t> docs;
  };
  std::vector<std::unique_ptr<ChunkVectors>> vectors(snapshot.segments.size());
  std::vector<std::optional<CodeScorer>> scorers(snapshot.segments.size());
  std::vector<Unit> units;
  for (uint32_t s = 0; s < snapshot.segments.size(); ++s) {
    vectors[s] = OpenVectors(snapshot, store, model_id, s, dimension);
    if (vectors[s] == nullptr) {
      if (roaring_bitmap_get_cardinality(snapshot.manifest->live(s)) > 0) stats->segments_without++;
      continue;
    }
    if (vectors[s]->has_codes()) scorers[s].emplace(q, *vectors[s]);
    Unit unit{s, {}};
    roaring_uint32_iterator_t* it = roaring_create_iterator(snapshot.manifest->live(s));
    for (; it->has_value; roaring_advance_uint32_iterator(it)) {
      if (include_doc && !include_doc(s, it->current_value)) continue;
      unit.docs.push_back(it->current_value);
      if (unit.docs.size() == 4096) units.push_back(std::exchange(unit, Unit{s, {}}));
    }
    roaring_free_uint32_iterator(it);
    if (!unit.docs.empty()) units.push_back(std::move(unit));
  }

  // A segment with codes offers each chunk's estimate to the thread's shortlist; one without (a
  // version-1 file written before codes were) its exact product to the thread's best.
  unsigned threads = std::clamp<unsigned>(std::thread::hardware_concurrency(), 1,
                                          static_cast<unsigned>(std::max<size_t>(units.size(), 1)));
  std::vector<TopK<int32_t>> best(threads, TopK<int32_t>(k));
  std::vector<TopK<float>> estimated(threads, TopK<float>(shortlist));
  std::vector<uint64_t> scanned(threads, 0), read(threads, 0);
  std::vector<std::thread> workers;
  std::atomic<size_t> next{0};
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::vector<int32_t> scores;
      for (size_t u; (u = next++) < units.size();) {
        const Unit& unit = units[u];
        const Segment& segment = *snapshot.segments[unit.segment];
        const ChunkVectors& rows = *vectors[unit.segment];
        const std::optional<CodeScorer>& scorer = scorers[unit.segment];
        const ChunkRecord* first = segment.all_chunks().data();
        if (scorer) {
          auto begin = static_cast<uint32_t>(segment.chunks(unit.docs.front()).data() - first);
          std::span<const ChunkRecord> last = segment.chunks(unit.docs.back());
          auto end = static_cast<uint32_t>(last.data() + last.size() - first);
          PopulateForReading(rows.coarse(begin), size_t{end - begin} * CodeBytes(dimension));
        }
        for (uint32_t doc : unit.docs) {
          std::span<const ChunkRecord> chunks = segment.chunks(doc);
          auto begin = static_cast<uint32_t>(chunks.data() - first);
          auto end = begin + static_cast<uint32_t>(chunks.size());
          if (scorer) {
            OfferEstimates(*scorer, rows, unit.segment, begin, end, &scores, &estimated[t]);
          } else {
            for (uint32_t index = begin; index < end; ++index) {
              int32_t dot = Dot(rows.legacy_row(index), q, dimension);
              // A chunk with no known word (all zeros) or pointing away is no neighbour at all.
              if (dot > 0) best[t].Offer({dot, {unit.segment, index}});
            }
            read[t] += chunks.size();
          }
          scanned[t] += chunks.size();
        }
      }
    });
  }
  for (std::thread& w : workers) w.join();

  TopK<int32_t> merged(k);
  TopK<float> candidates(shortlist);
  for (unsigned t = 0; t < threads; ++t) {
    stats->chunks += scanned[t];
    stats->read += read[t];
    for (const Candidate<int32_t>& c : best[t].items()) merged.Offer(c);
    for (const Candidate<float>& c : estimated[t].items()) candidates.Offer(c);
  }
  // The shortlist's vectors, read in file order, a slice a thread: each is a pread (a few
  // microseconds of system call), 4,000 of them a question.
  std::vector<Candidate<float>>& picked = candidates.items();
  std::sort(picked.begin(), picked.end(), [](const Candidate<float>& a, const Candidate<float>& b) {
    return a.ref.segment != b.ref.segment ? a.ref.segment < b.ref.segment : a.ref.chunk < b.ref.chunk;
  });
  std::vector<TopK<int32_t>> rescored(threads, TopK<int32_t>(k));
  workers.clear();
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::vector<int8_t> row(dimension);
      for (size_t i = picked.size() * t / threads; i < picked.size() * (t + 1) / threads; ++i) {
        const Candidate<float>& c = picked[i];
        vectors[c.ref.segment]->ReadRow(c.ref.chunk, row.data());
        int32_t dot = Dot(row.data(), q, dimension);
        if (dot > 0) rescored[t].Offer({dot, c.ref});
      }
    });
  }
  for (std::thread& w : workers) w.join();
  for (TopK<int32_t>& best_of_slice : rescored) {
    for (const Candidate<int32_t>& c : best_of_slice.items()) merged.Offer(c);
  }
  stats->read += picked.size();
  std::vector<Candidate<int32_t>>& items = merged.items();
  std::sort(items.begin(), items.end(), Better<int32_t>);
  std::vector<ScoredChunk> out;
  for (const Candidate<int32_t>& c : items) out.push_back({c.ref, CosineOf(c.score)});
  return out;
}

ChunkSimilarity::ChunkSimilarity(const SnapshotView& snapshot, std::filesystem::path store,
                                 std::string model_id, std::span<const float> query)
    : snapshot_(snapshot),
      store_(std::move(store)),
      model_id_(std::move(model_id)),
      vectors_(snapshot.segments.size()),
      opened_(snapshot.segments.size(), false) {
  AppendQuantized(query, &quantized_);
}

float ChunkSimilarity::Cosine(const ChunkRef& ref) {
  auto dimension = static_cast<uint32_t>(quantized_.size());
  if (!opened_[ref.segment]) {
    vectors_[ref.segment] = OpenVectors(snapshot_, store_, model_id_, ref.segment, dimension);
    opened_[ref.segment] = true;
  }
  if (vectors_[ref.segment] == nullptr) return 0;
  row_.resize(dimension);
  vectors_[ref.segment]->MappedRow(ref.chunk, row_.data());
  return CosineOf(Dot(row_.data(), reinterpret_cast<const int8_t*>(quantized_.data()), dimension));
}

}  // namespace scry
