#include "indexer/encoder.h"

#include <algorithm>
#include <cmath>

namespace scry {

float NormalizeInPlace(std::span<float> v) {
  double norm = 0;
  for (float x : v) norm += double{x} * x;
  if (norm == 0) return 0;
  norm = std::sqrt(norm);
  float scale = static_cast<float>(1.0 / norm);
  for (float& x : v) x *= scale;
  return static_cast<float>(norm);
}

void QueryVector(const EncoderTables& tables, std::span<const WeightedWord> words, std::span<float> out) {
  std::fill(out.begin(), out.end(), 0.0f);
  float total = 0;
  for (const WeightedWord& w : words) total += w.weight;
  if (total <= 0) return;
  for (const WeightedWord& w : words) {
    std::span<const float> row = tables.query_row(w.word);
    float share = w.weight / total;
    for (uint32_t d = 0; d < tables.dimension; ++d) out[d] += share * row[d];
  }
}

void CodeVector(const EncoderTables& tables, std::span<const int32_t> words, std::span<float> out,
                std::vector<float>* alpha) {
  std::fill(out.begin(), out.end(), 0.0f);
  alpha->resize(words.size());
  if (words.empty()) return;
  float top = -INFINITY;
  for (size_t i = 0; i < words.size(); ++i) {
    std::span<const float> row = tables.code_row(words[i]);
    float score = 0;
    for (uint32_t d = 0; d < tables.dimension; ++d) score += tables.attention[d] * row[d];
    (*alpha)[i] = score;
    top = std::max(top, score);
  }
  float sum = 0;
  for (float& a : *alpha) sum += a = std::exp(a - top);
  for (size_t i = 0; i < words.size(); ++i) {
    float a = (*alpha)[i] /= sum;
    std::span<const float> row = tables.code_row(words[i]);
    for (uint32_t d = 0; d < tables.dimension; ++d) out[d] += a * row[d];
  }
}

}  // namespace scry
