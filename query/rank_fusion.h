// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): lists ranked by unlike measures are
// fused by adding, for each item, 1 / (k + rank) over the lists that hold it.  k = 60 keeps the first
// few places of a list from outweighing agreement between lists.
#pragma once

#include <cstdint>

namespace scry {

// One list's share of an item's fused score; rank is 1-based, 0 when the list does not hold the item.
inline double ReciprocalRank(uint32_t rank) { return rank == 0 ? 0 : 1.0 / (60.0 + rank); }

}  // namespace scry
