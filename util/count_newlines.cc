#include "util/count_newlines.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace scry {

size_t CountNewlines(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  size_t count = 0;
#if defined(__SSE2__)
  // 16 bytes at a time: each '\n' lane compares to 0xFF (-1), and subtracting it adds 1 to a per-lane
  // byte counter; every 255 rounds, before a lane can overflow, psadbw sums the lanes into the total.
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i zero = _mm_setzero_si128();
  while (end - p >= 16) {
    __m128i lanes = zero;
    for (int round = 0; round < 255 && end - p >= 16; ++round, p += 16) {
      __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(chunk, newline));
    }
    __m128i sums = _mm_sad_epu8(lanes, zero);
    count += static_cast<size_t>(_mm_cvtsi128_si32(sums)) + static_cast<size_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  for (; p < end; ++p) count += *p == '\n';
  return count;
}

}  // namespace scry
