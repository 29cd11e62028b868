#include "query/code_scorer.h"

#include <immintrin.h>

#include <algorithm>
#include <climits>
#include <cmath>

namespace scry {

namespace {

int32_t CodeDot(const uint8_t* code, const int8_t* low, const int8_t* high, uint32_t from, uint32_t bytes) {
  int32_t sum = 0;
  for (uint32_t j = from; j < bytes; ++j) sum += (code[j] & 15) * low[j] + (code[j] >> 4) * high[j];
  return sum;
}

void ScoreCodes(const uint8_t* codes, uint32_t count, const int8_t* low, const int8_t* high, uint32_t bytes,
                int32_t* out) {
  for (uint32_t c = 0; c < count; ++c) out[c] = CodeDot(codes + size_t{c} * bytes, low, high, 0, bytes);
}

// 32 code bytes (64 components) a step: the 4-bit halves times their weights by maddubs (at most
// 2 × 15 × 127 a pair of components, no saturation), widened to 32 bits.
__attribute__((target("avx2"))) void ScoreCodesAvx2(const uint8_t* codes, uint32_t count, const int8_t* low,
                                                    const int8_t* high, uint32_t bytes, int32_t* out) {
  const __m256i nibble = _mm256_set1_epi8(0x0F), ones = _mm256_set1_epi16(1);
  for (uint32_t c = 0; c < count; ++c) {
    const uint8_t* code = codes + size_t{c} * bytes;
    __m256i sum = _mm256_setzero_si256();
    uint32_t j = 0;
    for (; j + 32 <= bytes; j += 32) {
      __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(code + j));
      __m256i low_half = _mm256_and_si256(v, nibble);
      __m256i high_half = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
      __m256i pairs = _mm256_add_epi16(
          _mm256_maddubs_epi16(low_half, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(low + j))),
          _mm256_maddubs_epi16(high_half, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(high + j))));
      sum = _mm256_add_epi32(sum, _mm256_madd_epi16(pairs, ones));
    }
    __m128i half = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
    half = _mm_add_epi32(half, _mm_shuffle_epi32(half, _MM_SHUFFLE(1, 0, 3, 2)));
    half = _mm_add_epi32(half, _mm_shuffle_epi32(half, _MM_SHUFFLE(2, 3, 0, 1)));
    out[c] = _mm_cvtsi128_si32(half) + CodeDot(code, low, high, j, bytes);
  }
}

}  // namespace

CodeScorer::CodeScorer(const int8_t* query, const ChunkVectors& vectors)
    : bytes_(CodeBytes(vectors.dimension())),
      score_(__builtin_cpu_supports("avx2") ? ScoreCodesAvx2 : ScoreCodes),
      low_weights_(bytes_, 0),
      high_weights_(bytes_, 0) {
  std::span<const ComponentScale> scales = vectors.coarse_scales();
  float largest = 0;
  for (uint32_t i = 0; i < vectors.dimension(); ++i) {
    constant_ += static_cast<float>(query[i]) * scales[i].low;
    largest = std::max(largest, std::abs(query[i] * scales[i].step));
  }
  if (largest == 0) return;
  unit_ = largest / 127;
  for (uint32_t i = 0; i < vectors.dimension(); ++i) {
    auto weight = static_cast<int8_t>(std::lround(query[i] * scales[i].step / unit_));
    (i % 2 ? high_weights_ : low_weights_)[i / 2] = weight;
  }
}

void CodeScorer::Score(const uint8_t* codes, uint32_t count, int32_t* out) const {
  score_(codes, count, low_weights_.data(), high_weights_.data(), bytes_, out);
}

int32_t CodeScorer::Floor(float estimate) const {
  if (unit_ == 0) return INT32_MIN;
  double floor = std::floor((static_cast<double>(estimate) - constant_) / unit_) - 1;
  return static_cast<int32_t>(std::clamp<double>(floor, INT32_MIN, INT32_MAX));
}

}  // namespace scry
