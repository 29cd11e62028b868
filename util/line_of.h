// One line of a text, by number, as symbols and the servers show it.
#pragma once

#include <cstdint>
#include <string_view>

namespace scry {

// The 1-based line `number` of `text`, without its "\n" or "\r\n"; empty past the last line.
std::string_view LineOf(std::string_view text, uint64_t number);

}  // namespace scry
