// A query's product with vectors known only by their 4-bit coarse codes (indexer/vector_codes.h),
// estimated per segment as a constant plus a small-integer product of the codes with weights: the
// query's components times their coarse steps, rounded to int8.
#pragma once

#include <cstdint>
#include <vector>

#include "indexer/chunk_vectors.h"

namespace scry {

class CodeScorer {
 public:
  // `query` has `vectors.dimension()` int8 components; `vectors` has codes.
  CodeScorer(const int8_t* query, const ChunkVectors& vectors);

  // The integer part of the estimated products of `count` consecutive coarse codes from `codes`, which
  // Estimate turns into the estimates (in the exact int8 products' units).
  void Score(const uint8_t* codes, uint32_t count, int32_t* out) const;
  float Estimate(int32_t score) const { return constant_ + unit_ * static_cast<float>(score); }
  // A score below which every estimate is below `estimate` (one less than exact, for rounding).
  int32_t Floor(float estimate) const;

 private:
  uint32_t bytes_;
  float constant_ = 0, unit_ = 0;
  void (*score_)(const uint8_t*, uint32_t, const int8_t*, const int8_t*, uint32_t, int32_t*);
  std::vector<int8_t> low_weights_, high_weights_;  // of the components in each byte's low, high 4 bits
};

}  // namespace scry
