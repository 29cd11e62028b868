// Short codes of a segment's int8 chunk vectors, which a scan reads instead of the vectors to pick the
// few worth scoring exactly (query/vector_search.h).
//
// Each component is coded in 4 bits, on a scale of its own: component i of a vector stands for
// low[i] + step[i] × its code, low and step spanning the smallest to the largest value the component
// takes over the segment's non-zero vectors in 15 steps.  A query's product with a vector is then
// Σ q[i] × low[i], the same for every vector of the segment, plus Σ (q[i] × step[i]) × code[i], a
// product of small integers once the weights q[i] × step[i] are rounded.
//
// A code is ceil(dimension / 2) bytes: component 2j in the low 4 bits of byte j, component 2j + 1 in
// the high 4 bits (zero past the last component).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scry {

struct ComponentScale {
  float low = 0;
  float step = 0;  // 0: the component takes one value
};

inline uint32_t CodeBytes(uint32_t dimension) { return (dimension + 1) / 2; }

// The scale of each component of `rows` (vectors of `dimension` int8 components, one after another);
// vectors of zeros are left out.
std::vector<ComponentScale> TrainScales(std::string_view rows, uint32_t dimension);

// Appends the code of each row.
void AppendCodes(const std::vector<ComponentScale>& scales, std::string_view rows, std::string* out);

// Whether a row is all zeros: a chunk with no word the model knows.
bool IsZeroRow(std::string_view row);

}  // namespace scry
