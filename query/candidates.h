// Evaluating a trigram query against one segment's posting lists.
#pragma once

#include <memory>

#include "indexer/segment.h"
#include "query/trigram_query.h"

struct roaring_bitmap_s;

namespace scry {

struct FreeBitmap {
  void operator()(roaring_bitmap_s* b) const;
};
using Bitmap = std::unique_ptr<roaring_bitmap_s, FreeBitmap>;

// The documents of `segment` that may match `query`, restricted to `live` (a snapshot's live set).
// AND terms are intersected rarest first, so a selective trigram cuts the work of the common ones.
Bitmap Candidates(const TrigramQuery& query, const Segment& segment, const roaring_bitmap_s* live);

}  // namespace scry
