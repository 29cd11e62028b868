#include "query/term_occurrences.h"

#include <immintrin.h>

#include <algorithm>

namespace scry {

namespace {

bool PlainTerm(std::string_view term) {
  return !term.empty() && std::all_of(term.begin(), term.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// Whether `term` (lower case) is at `at` in `text`, ASCII case folded.
bool TermAt(std::string_view text, size_t at, std::string_view term) {
  if (text.size() - at < term.size()) return false;
  for (size_t i = 0; i < term.size(); ++i) {
    if (Lower(text[at + i]) != term[i]) return false;
  }
  return true;
}

// Appends the occurrence starting at `at`, if a term does (the first in order), and returns where the
// next may start: its end, or at + 1 if none.
size_t TakeAt(std::string_view text, size_t at, const std::vector<std::string>& terms,
              std::vector<TermOccurrence>* out) {
  for (size_t t = 0; t < terms.size(); ++t) {
    if (TermAt(text, at, terms[t])) {
      out->push_back({at, static_cast<uint32_t>(t)});
      return at + terms[t].size();
    }
  }
  return at + 1;
}

void FindScalar(std::string_view text, size_t from, const std::vector<std::string>& terms,
                std::vector<TermOccurrence>* out) {
  for (size_t at = from; at < text.size();) at = TakeAt(text, at, terms, out);
}

// Upper-case ASCII letters of 32 bytes get bit 0x20: those whose (byte - 'A') as unsigned is below 26.
__attribute__((target("avx2"))) __m256i LowerAvx2(__m256i v) {
  __m256i offset = _mm256_sub_epi8(v, _mm256_set1_epi8('A'));
  __m256i upper = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, _mm256_set1_epi8(25)), offset);
  return _mm256_or_si256(v, _mm256_and_si256(upper, _mm256_set1_epi8(0x20)));
}

// 32 positions a step: a position is looked at only if some term's first two bytes are there (in any
// case), which the bytes of most positions of code are not.
__attribute__((target("avx2"))) void FindAvx2(std::string_view text, const std::vector<std::string>& terms,
                                              std::vector<TermOccurrence>* out) {
  const __m256i all = _mm256_set1_epi8(-1);
  size_t at = 0;  // where the next occurrence may start
  size_t block = 0;
  for (; block + 33 <= text.size(); block += 32) {
    __m256i here = LowerAvx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + block)));
    __m256i next = LowerAvx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + block + 1)));
    __m256i any = _mm256_setzero_si256();
    for (size_t t = 0; t < terms.size(); ++t) {
      const std::string& term = terms[t];
      __m256i second = term.size() > 1 ? _mm256_cmpeq_epi8(next, _mm256_set1_epi8(term[1])) : all;
      any =
          _mm256_or_si256(any, _mm256_and_si256(_mm256_cmpeq_epi8(here, _mm256_set1_epi8(term[0])), second));
    }
    for (auto mask = static_cast<uint32_t>(_mm256_movemask_epi8(any)); mask != 0; mask &= mask - 1) {
      size_t candidate = block + static_cast<size_t>(__builtin_ctz(mask));
      if (candidate < at) continue;  // inside the last occurrence
      size_t found = out->size();
      size_t end = TakeAt(text, candidate, terms, out);
      if (out->size() > found) at = end;
    }
  }
  FindScalar(text, std::max(at, block), terms, out);
}

}  // namespace

bool FindTermOccurrences(std::string_view text, const std::vector<std::string>& terms,
                         std::vector<TermOccurrence>* out) {
  if (!std::all_of(terms.begin(), terms.end(), [](const std::string& t) { return PlainTerm(t); }))
    return false;
  if (text.find("\xC5\xBF") != std::string_view::npos ||
      text.find("\xE2\x84\xAA") != std::string_view::npos) {
    return false;
  }
  if (__builtin_cpu_supports("avx2")) {
    FindAvx2(text, terms, out);
  } else {
    FindScalar(text, 0, terms, out);
  }
  return true;
}

}  // namespace scry
