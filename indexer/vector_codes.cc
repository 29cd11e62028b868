#include "indexer/vector_codes.h"

#include <algorithm>
#include <cmath>

namespace scry {

namespace {

constexpr int kLargestCode = 255;

}  // namespace

bool IsZeroRow(std::string_view row) {
  return std::all_of(row.begin(), row.end(), [](char c) { return c == 0; });
}

std::vector<ComponentScale> TrainScales(std::string_view rows, uint32_t dimension) {
  std::vector<int> lowest(dimension, 127), highest(dimension, -128);
  bool any = false;
  for (size_t at = 0; at + dimension <= rows.size(); at += dimension) {
    std::string_view row = rows.substr(at, dimension);
    if (IsZeroRow(row)) continue;
    any = true;
    for (uint32_t i = 0; i < dimension; ++i) {
      int value = static_cast<int8_t>(row[i]);
      lowest[i] = std::min(lowest[i], value);
      highest[i] = std::max(highest[i], value);
    }
  }
  std::vector<ComponentScale> scales(dimension);
  if (!any) return scales;
  for (uint32_t i = 0; i < dimension; ++i) {
    scales[i].low = static_cast<float>(lowest[i]);
    scales[i].step = static_cast<float>(highest[i] - lowest[i]) / kLargestCode;
  }
  return scales;
}

void AppendCodes(std::span<const ComponentScale> scales, std::string_view rows, std::string* coarse,
                 std::string* fine) {
  const auto dimension = static_cast<uint32_t>(scales.size());
  std::vector<uint8_t> code(2 * CodeBytes(dimension));
  for (size_t at = 0; at + dimension <= rows.size(); at += dimension) {
    std::string_view row = rows.substr(at, dimension);
    std::fill(code.begin(), code.end(), 0);
    if (!IsZeroRow(row)) {
      for (uint32_t i = 0; i < dimension; ++i) {
        const ComponentScale& scale = scales[i];
        float value = static_cast<int8_t>(row[i]);
        long c = scale.step > 0 ? std::lround((value - scale.low) / scale.step) : 0;
        code[i] = static_cast<uint8_t>(std::clamp<long>(c, 0, kLargestCode));
      }
    }
    for (uint32_t j = 0; j < CodeBytes(dimension); ++j) {
      coarse->push_back(static_cast<char>((code[2 * j] >> 4) | (code[2 * j + 1] & 0xF0)));
      fine->push_back(static_cast<char>((code[2 * j] & 15) | (code[2 * j + 1] & 15) << 4));
    }
  }
}

void DecodeRow(std::span<const ComponentScale> scales, const uint8_t* coarse, const uint8_t* fine,
               int8_t* out) {
  for (uint32_t i = 0; i < scales.size(); ++i) {
    unsigned shift = 4 * (i % 2);
    unsigned code = ((coarse[i / 2] >> shift) & 15) << 4 | ((fine[i / 2] >> shift) & 15);
    // Within half a step, less than 0.5, of an int8 value: rounded by truncating a positive number
    // (fmax and fmin first keep the int8 range, whatever a damaged scale holds).
    float value = std::fmin(std::fmax(scales[i].low + scales[i].step * static_cast<float>(code), -128), 127);
    out[i] = static_cast<int8_t>(static_cast<int>(value + 128.5f) - 128);
  }
}

std::vector<ComponentScale> CoarseScales(std::span<const ComponentScale> scales) {
  std::vector<ComponentScale> coarse;
  for (const ComponentScale& s : scales) coarse.push_back({s.low + 7.5f * s.step, 16 * s.step});
  return coarse;
}

}  // namespace scry
