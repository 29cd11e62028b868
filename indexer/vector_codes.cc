#include "indexer/vector_codes.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace scry {

namespace {

constexpr int kValues = 256;  // int8 values, indexed by value + 128
constexpr int kLargestCode = 15;
// The share of the values at each end of a component's range that is clamped.  The range of all of
// them spends the 16 codes on a few outliers: on Linux, 4,000 chunks shortlisted by such codes miss 6
// of the exact 100 nearest, by codes clamped at 1 % none.
constexpr double kClampedShare = 0.01;

}  // namespace

bool IsZeroRow(std::string_view row) {
  return std::all_of(row.begin(), row.end(), [](char c) { return c == 0; });
}

std::vector<ComponentScale> TrainScales(std::string_view rows, uint32_t dimension) {
  std::vector<std::array<uint64_t, kValues>> counts(dimension);
  for (auto& c : counts) c.fill(0);
  uint64_t vectors = 0;
  for (size_t at = 0; at + dimension <= rows.size(); at += dimension) {
    std::string_view row = rows.substr(at, dimension);
    if (IsZeroRow(row)) continue;
    vectors++;
    for (uint32_t i = 0; i < dimension; ++i) counts[i][static_cast<int8_t>(row[i]) + 128]++;
  }
  std::vector<ComponentScale> scales(dimension);
  for (uint32_t i = 0; i < dimension; ++i) {
    if (vectors == 0) continue;
    auto clamped = static_cast<uint64_t>(kClampedShare * static_cast<double>(vectors));
    int lowest = 0, highest = kValues - 1;
    for (uint64_t seen = 0; (seen += counts[i][lowest]) <= clamped;) ++lowest;
    for (uint64_t seen = 0; (seen += counts[i][highest]) <= clamped;) --highest;
    scales[i].low = static_cast<float>(lowest - 128);
    scales[i].step = static_cast<float>(highest - lowest) / kLargestCode;
  }
  return scales;
}

void AppendCodes(const std::vector<ComponentScale>& scales, std::string_view rows, std::string* out) {
  const auto dimension = static_cast<uint32_t>(scales.size());
  for (size_t at = 0; at + dimension <= rows.size(); at += dimension) {
    for (uint32_t j = 0; j < CodeBytes(dimension); ++j) {
      uint8_t byte = 0;
      for (uint32_t i = 2 * j; i < std::min(dimension, 2 * j + 2); ++i) {
        const ComponentScale& scale = scales[i];
        float value = static_cast<int8_t>(rows[at + i]);
        long code = scale.step > 0 ? std::lround((value - scale.low) / scale.step) : 0;
        byte = static_cast<uint8_t>(byte | std::clamp<long>(code, 0, kLargestCode) << (4 * (i - 2 * j)));
      }
      out->push_back(static_cast<char>(byte));
    }
  }
}

}  // namespace scry
