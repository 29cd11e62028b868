// The 4-bit codes a vector scan shortlists with (indexer/vector_codes.h).
#include "indexer/vector_codes.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace scry {
namespace {

std::string RandomRows(size_t count, uint32_t dimension, int lowest, int highest, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(lowest, highest);
  std::string rows;
  for (size_t i = 0; i < count * dimension; ++i) rows.push_back(static_cast<char>(value(rng)));
  return rows;
}

uint32_t CodeOf(const std::string& codes, uint32_t dimension, size_t row, uint32_t component) {
  auto byte = static_cast<uint8_t>(codes[row * CodeBytes(dimension) + component / 2]);
  return component % 2 ? byte >> 4 : byte & 15;
}

TEST(VectorCodes, ACodeStandsForItsComponentWithinHalfAStepUnlessClamped) {
  const uint32_t dimension = 6;
  std::string rows = RandomRows(1000, dimension, -60, 90, 1);
  std::vector<ComponentScale> scales = TrainScales(rows, dimension);
  std::string codes;
  AppendCodes(scales, rows, &codes);
  ASSERT_EQ(codes.size(), 1000u * CodeBytes(dimension));
  size_t clamped = 0;
  for (size_t r = 0; r < 1000; ++r) {
    for (uint32_t i = 0; i < dimension; ++i) {
      float value = static_cast<int8_t>(rows[r * dimension + i]);
      uint32_t code = CodeOf(codes, dimension, r, i);
      float highest = scales[i].low + 15 * scales[i].step;
      if (value < scales[i].low || value > highest) {
        EXPECT_EQ(code, value < scales[i].low ? 0u : 15u);
        ++clamped;
      } else {
        EXPECT_LE(std::abs(scales[i].low + scales[i].step * static_cast<float>(code) - value),
                  scales[i].step / 2 + 1e-4f);
      }
    }
  }
  // About 1 % at each end of each component.
  EXPECT_GT(clamped, 0u);
  EXPECT_LT(clamped, 1000u * dimension * 3 / 100);
}

TEST(VectorCodes, VectorsOfZerosDoNotStretchTheScales) {
  const uint32_t dimension = 4;
  std::string rows = RandomRows(200, dimension, 20, 50, 2) + std::string(50 * dimension, '\0');
  for (const ComponentScale& scale : TrainScales(rows, dimension)) {
    EXPECT_GE(scale.low, 20);
    EXPECT_LE(scale.low + 15 * scale.step, 50);
  }
  EXPECT_TRUE(IsZeroRow(std::string(dimension, '\0')));
  EXPECT_FALSE(IsZeroRow(rows.substr(0, dimension)));
}

TEST(VectorCodes, AnOddDimensionLeavesTheLastHighHalfZeroAndOneValueCodesZero) {
  const uint32_t dimension = 3;
  std::string rows;
  for (int r = 0; r < 100; ++r) rows += std::string{static_cast<char>(r), static_cast<char>(-r), 7};
  std::vector<ComponentScale> scales = TrainScales(rows, dimension);
  EXPECT_EQ(scales[2].step, 0);  // the third component is always 7
  EXPECT_EQ(scales[2].low, 7);
  std::string codes;
  AppendCodes(scales, rows, &codes);
  ASSERT_EQ(codes.size(), 100u * 2);
  for (size_t r = 0; r < 100; ++r) EXPECT_EQ(static_cast<uint8_t>(codes[r * 2 + 1]) >> 4, 0) << r;
  // The first component rises with the row, the second falls.
  EXPECT_LT(CodeOf(codes, dimension, 10, 0), CodeOf(codes, dimension, 90, 0));
  EXPECT_GT(CodeOf(codes, dimension, 10, 1), CodeOf(codes, dimension, 90, 1));
}

}  // namespace
}  // namespace scry
