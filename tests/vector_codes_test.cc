// The 8-bit codes chunk vectors are kept as, in a coarse and a fine plane (indexer/vector_codes.h).
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

// Component `component` of row `row` of a plane.
uint32_t HalfOf(const std::string& plane, uint32_t dimension, size_t row, uint32_t component) {
  auto byte = static_cast<uint8_t>(plane[row * CodeBytes(dimension) + component / 2]);
  return component % 2 ? byte >> 4 : byte & 15;
}

struct Coded {
  std::vector<ComponentScale> scales;
  std::string coarse, fine;
};

Coded Code(const std::string& rows, uint32_t dimension) {
  Coded c;
  c.scales = TrainScales(rows, dimension);
  AppendCodes(c.scales, rows, &c.coarse, &c.fine);
  return c;
}

std::string Decoded(const Coded& c, uint32_t dimension, size_t count) {
  std::string rows(count * dimension, '\0');
  for (size_t r = 0; r < count; ++r) {
    DecodeRow(c.scales, reinterpret_cast<const uint8_t*>(c.coarse.data()) + r * CodeBytes(dimension),
              reinterpret_cast<const uint8_t*>(c.fine.data()) + r * CodeBytes(dimension),
              reinterpret_cast<int8_t*>(rows.data()) + r * dimension);
  }
  return rows;
}

TEST(VectorCodes, ACodeStandsForItsComponentWithinHalfAStepAndGivesItBackExactly) {
  const uint32_t dimension = 6;
  // Ranges of every width an int8 component can span, the widest two included (-127..127 is what
  // unit vectors × 127 give; -128..127 is one step more).
  for (auto [lowest, highest] :
       std::vector<std::pair<int, int>>{{-128, 127}, {-127, 127}, {-60, 90}, {3, 9}, {-20, -19}, {-1, 1}}) {
    const size_t count = 2000;
    std::string rows = RandomRows(count, dimension, lowest, highest, 1 + lowest);
    Coded c = Code(rows, dimension);
    ASSERT_EQ(c.coarse.size(), count * CodeBytes(dimension));
    ASSERT_EQ(c.fine.size(), count * CodeBytes(dimension));
    for (uint32_t i = 0; i < dimension; ++i) {
      EXPECT_LE(c.scales[i].step, 1.0f) << lowest << ".." << highest;
      EXPECT_GE(c.scales[i].low, lowest);
    }
    for (size_t r = 0; r < count; ++r) {
      if (rows.substr(r * dimension, dimension) == std::string(dimension, '\0')) continue;
      for (uint32_t i = 0; i < dimension; ++i) {
        float value = static_cast<int8_t>(rows[r * dimension + i]);
        uint32_t code = HalfOf(c.coarse, dimension, r, i) << 4 | HalfOf(c.fine, dimension, r, i);
        EXPECT_LE(std::abs(c.scales[i].low + c.scales[i].step * static_cast<float>(code) - value),
                  c.scales[i].step / 2 + 1e-4f);
        // The coarse half alone stands for the middle of the 16 codes it covers.
        std::vector<ComponentScale> coarse = CoarseScales(c.scales);
        float estimate =
            coarse[i].low + coarse[i].step * static_cast<float>(HalfOf(c.coarse, dimension, r, i));
        EXPECT_LE(std::abs(estimate - value), 8 * c.scales[i].step + 1e-3f);
      }
    }
    std::string back = Decoded(c, dimension, count);
    for (size_t r = 0; r < count; ++r) {
      if (rows.substr(r * dimension, dimension) == std::string(dimension, '\0')) continue;
      ASSERT_EQ(back.substr(r * dimension, dimension), rows.substr(r * dimension, dimension))
          << lowest << ".." << highest << " row " << r;
    }
  }
}

TEST(VectorCodes, TheCodesSpanEveryValueWithNoneTrimmed) {
  const uint32_t dimension = 2;
  // One outlier in each component (no vector of zeros: their codes are zeros, which ChunkVectors
  // marks): it sets the scale, and is given back.
  std::string rows = RandomRows(1000, dimension, 1, 20, 3);
  rows[0] = static_cast<char>(-120);
  rows[3] = 110;
  Coded c = Code(rows, dimension);
  EXPECT_EQ(c.scales[0].low, -120);
  EXPECT_FLOAT_EQ(c.scales[0].low + 255 * c.scales[0].step, 20);
  EXPECT_EQ(c.scales[1].low, 1);
  EXPECT_FLOAT_EQ(c.scales[1].low + 255 * c.scales[1].step, 110);
  EXPECT_EQ(HalfOf(c.coarse, dimension, 0, 0), 0u);
  EXPECT_EQ(HalfOf(c.coarse, dimension, 1, 1), 15u);
  EXPECT_EQ(Decoded(c, dimension, 1000), rows);
}

TEST(VectorCodes, VectorsOfZerosDoNotStretchTheScalesAndAreCodedAsZeros) {
  const uint32_t dimension = 4;
  std::string rows = RandomRows(200, dimension, 20, 50, 2) + std::string(50 * dimension, '\0');
  Coded c = Code(rows, dimension);
  for (const ComponentScale& scale : c.scales) {
    EXPECT_GE(scale.low, 20);
    EXPECT_LE(scale.low + 255 * scale.step, 50.001f);
  }
  EXPECT_EQ(c.coarse.substr(200 * CodeBytes(dimension)), std::string(50 * CodeBytes(dimension), '\0'));
  EXPECT_EQ(c.fine.substr(200 * CodeBytes(dimension)), std::string(50 * CodeBytes(dimension), '\0'));
  EXPECT_TRUE(IsZeroRow(std::string(dimension, '\0')));
  EXPECT_FALSE(IsZeroRow(rows.substr(0, dimension)));
  // Only zeros: every scale is zero, and so is every code.
  Coded none = Code(std::string(10 * dimension, '\0'), dimension);
  for (const ComponentScale& scale : none.scales) EXPECT_TRUE(scale.low == 0 && scale.step == 0);
  EXPECT_EQ(none.coarse + none.fine, std::string(20 * CodeBytes(dimension), '\0'));
}

TEST(VectorCodes, AnOddDimensionLeavesTheLastHighHalvesZeroAndOneValueCodesZero) {
  const uint32_t dimension = 3;
  std::string rows;
  for (int r = 1; r <= 100; ++r) rows += std::string{static_cast<char>(r), static_cast<char>(-r), 7};
  Coded c = Code(rows, dimension);
  EXPECT_EQ(c.scales[2].step, 0);  // the third component is always 7
  EXPECT_EQ(c.scales[2].low, 7);
  ASSERT_EQ(c.coarse.size(), 100u * 2);
  for (size_t r = 0; r < 100; ++r) {
    EXPECT_EQ(static_cast<uint8_t>(c.coarse[r * 2 + 1]), 0) << r;
    EXPECT_EQ(static_cast<uint8_t>(c.fine[r * 2 + 1]), 0) << r;
  }
  // The first component rises with the row, the second falls.
  EXPECT_LT(HalfOf(c.coarse, dimension, 10, 0), HalfOf(c.coarse, dimension, 90, 0));
  EXPECT_GT(HalfOf(c.coarse, dimension, 10, 1), HalfOf(c.coarse, dimension, 90, 1));
  EXPECT_EQ(Decoded(c, dimension, 100), rows);
}

}  // namespace
}  // namespace scry
