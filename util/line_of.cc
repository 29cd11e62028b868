#include "util/line_of.h"

namespace scry {

std::string_view LineOf(std::string_view text, uint64_t number) {
  size_t start = 0;
  for (uint64_t line = 1; line < number; ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) return {};
    start = end + 1;
  }
  std::string_view line = text.substr(start, text.find('\n', start) - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace scry
