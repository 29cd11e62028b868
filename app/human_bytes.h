// Sizes for people: "837.6 MB", "68 B", in powers of 1,000 (SI units, as `du --si` prints them).
#pragma once

#include <cstdint>
#include <string>

namespace scry {

std::string HumanBytes(uint64_t bytes);

}  // namespace scry
