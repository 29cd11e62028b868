// Trigrams: the unit of the index.
//
// A trigram is three consecutive bytes of a document, packed into the low 24 bits of a uint32 as
// (b0 << 16) | (b1 << 8) | b2.  ASCII letters are folded to lower case before packing, so one posting
// list serves case-sensitive and case-insensitive queries alike: the index only has to over-approximate,
// because every candidate is verified by RE2 afterwards.  Bytes >= 0x80 are kept as they are; the query
// planner accounts for non-ASCII case folding itself (see query/trigram_plan.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace scry {

using Trigram = uint32_t;

constexpr uint8_t FoldAsciiCase(uint8_t b) { return (b >= 'A' && b <= 'Z') ? b + ('a' - 'A') : b; }

constexpr Trigram PackTrigram(uint8_t b0, uint8_t b1, uint8_t b2) {
  return (Trigram{FoldAsciiCase(b0)} << 16) | (Trigram{FoldAsciiCase(b1)} << 8) | FoldAsciiCase(b2);
}

// Calls fn(trigram) for every trigram of text, in order, duplicates included.  Trigrams that span a
// '\n' are skipped: no line-oriented match can contain a newline, so they would never be asked for.
template <typename Fn>
void ForEachTrigram(std::string_view text, Fn&& fn) {
  if (text.size() < 3) return;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  uint32_t window = (Trigram{FoldAsciiCase(p[0])} << 8) | FoldAsciiCase(p[1]);
  for (size_t i = 2; i < text.size(); ++i) {
    window = ((window << 8) | FoldAsciiCase(p[i])) & 0xFFFFFF;
    if (p[i] == '\n' || p[i - 1] == '\n' || p[i - 2] == '\n') continue;
    fn(Trigram{window});
  }
}

}  // namespace scry
