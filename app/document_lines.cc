#include "app/document_lines.h"

#include "util/line_of.h"

namespace scry {

std::string_view DocumentLines::Line(const Segment& segment, uint32_t doc, uint64_t number) {
  if (segment.serial() != segment_ || doc != doc_) {
    content_ = segment.Content(doc, &reader_);
    segment_ = segment.serial();
    doc_ = doc;
    starts_.assign(1, 0);
  }
  // Symbols of one file are many and their lines far apart: scanning from the top for each one read
  // 9 MB for the 50 hits of /^ext4_mb_/ in mballoc.c.
  while (starts_.size() < number) {
    size_t end = content_.find('\n', starts_.back());
    if (end == std::string_view::npos) return {};
    starts_.push_back(end + 1);
  }
  return LineOf(content_.substr(starts_[number == 0 ? 0 : number - 1]), 1);
}

}  // namespace scry
