// UTF-8 encoding and decoding of single code points, as the regex parser and planner need them.
#pragma once

#include <string>
#include <string_view>

namespace scry {

inline constexpr char32_t kInvalidRune = 0xFFFFFFFF;

// Decodes the code point at the start of s; *length gets its byte count (1 for an invalid byte, which
// yields kInvalidRune).  s must not be empty.
inline char32_t DecodeUtf8(std::string_view s, size_t* length) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  *length = 1;
  unsigned char b0 = b(0);
  if (b0 < 0x80) return b0;
  size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (n == 0 || b0 > 0xF4 || s.size() < n) return kInvalidRune;
  char32_t c = b0 & (0x7F >> n);
  for (size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) return kInvalidRune;
    c = (c << 6) | (b(i) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMin[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return kInvalidRune;
  *length = n;
  return c;
}

// Whether every byte of text is below 0x80.  A loop the compiler turns into wide ORs.
inline bool IsAscii(std::string_view text) {
  unsigned char any = 0;
  for (char c : text) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

inline std::string EncodeUtf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

}  // namespace scry
