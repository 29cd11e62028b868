// Lines of documents by number, for printing many symbols: a document is decompressed once for all
// its symbols in a row, and its line starts are found once, as far as the lines asked for.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "indexer/segment.h"

namespace scry {

class DocumentLines {
 public:
  // The 1-based line `number` of document `doc` of `segment`, as util/line_of.h's LineOf gives it.
  // Valid until a line of another document is asked for.
  std::string_view Line(const Segment& segment, uint32_t doc, uint64_t number);

 private:
  BlockReader reader_;
  uint64_t segment_ = 0;  // Segment::serial() of the document held, 0 for none
  uint32_t doc_ = 0;
  std::string_view content_;
  std::vector<size_t> starts_;  // of the lines found so far: starts_[i] is where line i + 1 starts
};

}  // namespace scry
