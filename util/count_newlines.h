// Counting '\n' bytes fast: line numbers of matches are counted from the start of each file, so this
// runs over every byte before the last match of every matching file.
#pragma once

#include <cstddef>
#include <string_view>

namespace scry {

size_t CountNewlines(std::string_view text);

}  // namespace scry
