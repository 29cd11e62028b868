#include "query/candidates.h"

#include <roaring/roaring.h>

#include <algorithm>

namespace scry {

void FreeBitmap::operator()(roaring_bitmap_s* b) const { roaring_bitmap_free(b); }

namespace {

// Evaluates `query` within `within`: the result is a subset of it.  Working inside the running set
// keeps every intermediate no larger than the live documents already known to qualify.
Bitmap Evaluate(const TrigramQuery& query, const Segment& segment, const roaring_bitmap_t* within) {
  switch (query.op) {
    case TrigramQuery::Op::kAll:
      return Bitmap(roaring_bitmap_copy(within));
    case TrigramQuery::Op::kNone:
      return Bitmap(roaring_bitmap_create());
    case TrigramQuery::Op::kAnd: {
      std::vector<Trigram> order = query.trigrams;
      std::sort(order.begin(), order.end(),
                [&](Trigram a, Trigram b) { return segment.DocFrequency(a) < segment.DocFrequency(b); });
      Bitmap result(roaring_bitmap_copy(within));
      for (Trigram t : order) {
        if (roaring_bitmap_is_empty(result.get())) return result;
        Postings p = segment.Lookup(t);
        if (p.bitmap() == nullptr) return Bitmap(roaring_bitmap_create());
        roaring_bitmap_and_inplace(result.get(), p.bitmap());
      }
      for (const TrigramQuery& sub : query.subs) {
        if (roaring_bitmap_is_empty(result.get())) return result;
        result = Evaluate(sub, segment, result.get());
      }
      return result;
    }
    case TrigramQuery::Op::kOr: {
      Bitmap result(roaring_bitmap_create());
      for (Trigram t : query.trigrams) {
        Postings p = segment.Lookup(t);
        if (p.bitmap() != nullptr) roaring_bitmap_or_inplace(result.get(), p.bitmap());
      }
      roaring_bitmap_and_inplace(result.get(), within);
      for (const TrigramQuery& sub : query.subs) {
        Bitmap part = Evaluate(sub, segment, within);
        roaring_bitmap_or_inplace(result.get(), part.get());
      }
      return result;
    }
  }
  return Bitmap(roaring_bitmap_create());
}

}  // namespace

Bitmap Candidates(const TrigramQuery& query, const Segment& segment, const roaring_bitmap_s* live) {
  return Evaluate(query, segment, live);
}

}  // namespace scry
