// The codes a segment's chunk vectors are kept as: 8 bits per component, on a scale of each component's
// own, split into two 4-bit planes so that a scan reads only the first (query/vector_search.h).
//
// A chunk's vector is made int8 first (the unit vector × 127, rounded); component i of it is then coded
// as code = round((value − low[i]) / step[i]), clamped to 0-255, low and step spanning the smallest to
// the largest value the component takes over the segment's non-zero vectors in 255 steps.  Nothing is
// trimmed: a component spans at most the 255 int8 values, so a step is at most 1 and low + step × code
// is within half a step of the value, which rounding gives back exactly (DecodeRow).  A vector of zeros
// (a chunk with no word the model knows) is coded as zeros.
//
// The high 4 bits of the codes (the coarse plane) alone are a 4-bit code on a 16 times coarser scale:
// coarse h stands for low + step × (16h + 7.5), the middle of the codes it covers.  A query's product
// with a vector is then estimated as Σ q[i] × (low[i] + 7.5 step[i]), the same for every vector of the
// segment, plus Σ (q[i] × 16 step[i]) × h[i], a product of small integers once the weights are rounded.
//
// Each plane is ceil(dimension / 2) bytes a vector: component 2j's 4 bits in the low half of byte j,
// component 2j + 1's in the high half (zero past the last component).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scry {

struct ComponentScale {
  float low = 0;
  float step = 0;  // 0: the component takes one value
};

// The bytes of one plane of one vector's code.
inline uint32_t CodeBytes(uint32_t dimension) { return (dimension + 1) / 2; }

// The scale of each component of `rows` (vectors of `dimension` int8 components, one after another);
// vectors of zeros are left out.
std::vector<ComponentScale> TrainScales(std::string_view rows, uint32_t dimension);

// Appends each row's code: its high 4 bits to `coarse`, its low 4 bits to `fine`.
void AppendCodes(std::span<const ComponentScale> scales, std::string_view rows, std::string* coarse,
                 std::string* fine);

// The int8 vector a code was made from.
void DecodeRow(std::span<const ComponentScale> scales, const uint8_t* coarse, const uint8_t* fine,
               int8_t* out);

// What a coarse code h of each component stands for, as low + step × h.
std::vector<ComponentScale> CoarseScales(std::span<const ComponentScale> scales);

// Whether a row is all zeros: a chunk with no word the model knows.
bool IsZeroRow(std::string_view row);

}  // namespace scry
