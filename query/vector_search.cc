#include "query/vector_search.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>

namespace scry {

namespace {

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

struct Candidate {
  int32_t dot;
  ChunkRef ref;
};

bool Better(const Candidate& a, const Candidate& b) {
  if (a.dot != b.dot) return a.dot > b.dot;
  return a.ref.segment != b.ref.segment ? a.ref.segment < b.ref.segment : a.ref.chunk < b.ref.chunk;
}

// Keeps the k best of what it is offered.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  void Offer(const Candidate& c) {
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push_back(c);
      std::push_heap(heap_.begin(), heap_.end(), Better);
    } else if (Better(c, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Better);
      heap_.back() = c;
      std::push_heap(heap_.begin(), heap_.end(), Better);
    }
  }
  std::vector<Candidate>& items() { return heap_; }

 private:
  size_t k_;
  std::vector<Candidate> heap_;  // a min-heap under Better: the worst kept is at the front
};

}  // namespace

std::vector<ScoredChunk> NearestChunks(const SnapshotView& snapshot, const std::filesystem::path& store,
                                       const std::string& model_id, std::span<const float> query, size_t k,
                                       const std::function<bool(uint32_t, uint32_t)>& include_doc,
                                       VectorSearchStats* stats) {
  std::string quantized;
  AppendQuantized(query, &quantized);
  const int8_t* q = reinterpret_cast<const int8_t*>(quantized.data());
  const uint32_t dimension = static_cast<uint32_t>(query.size());

  // One unit of work per live document run of a segment, cut so that both cores get a share.
  struct Unit {
    uint32_t segment;
    std::vector<uint32_t> docs;
  };
  std::vector<std::unique_ptr<ChunkVectors>> vectors(snapshot.segments.size());
  std::vector<Unit> units;
  for (uint32_t s = 0; s < snapshot.segments.size(); ++s) {
    vectors[s] = OpenVectors(snapshot, store, model_id, s, dimension);
    if (vectors[s] == nullptr) {
      if (roaring_bitmap_get_cardinality(snapshot.manifest->live(s)) > 0) stats->segments_without++;
      continue;
    }
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

  unsigned threads = std::clamp<unsigned>(std::thread::hardware_concurrency(), 1,
                                          static_cast<unsigned>(std::max<size_t>(units.size(), 1)));
  std::vector<TopK> best(threads, TopK(k));
  std::vector<uint64_t> scanned(threads, 0);
  std::vector<std::thread> workers;
  std::atomic<size_t> next{0};
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t u; (u = next++) < units.size();) {
        const Unit& unit = units[u];
        const Segment& segment = *snapshot.segments[unit.segment];
        const ChunkRecord* first = segment.all_chunks().data();
        for (uint32_t doc : unit.docs) {
          for (const ChunkRecord& chunk : segment.chunks(doc)) {
            uint32_t index = static_cast<uint32_t>(&chunk - first);
            int32_t dot = Dot(vectors[unit.segment]->row(index), q, dimension);
            // A chunk with no known word (all zeros) or pointing away is no neighbour at all.
            if (dot > 0) best[t].Offer({dot, {unit.segment, index}});
            scanned[t]++;
          }
        }
      }
    });
  }
  for (std::thread& w : workers) w.join();

  TopK merged(k);
  for (unsigned t = 0; t < threads; ++t) {
    stats->chunks += scanned[t];
    for (const Candidate& c : best[t].items()) merged.Offer(c);
  }
  std::vector<Candidate>& items = merged.items();
  std::sort(items.begin(), items.end(), Better);
  std::vector<ScoredChunk> out;
  for (const Candidate& c : items) out.push_back({c.ref, CosineOf(c.dot)});
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
  return CosineOf(Dot(vectors_[ref.segment]->row(ref.chunk),
                      reinterpret_cast<const int8_t*>(quantized_.data()), dimension));
}

}  // namespace scry
