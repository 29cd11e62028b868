#include "query/term_occurrences.h"

#include <algorithm>
#include <cstring>

namespace scry {

namespace {

bool PlainTerm(std::string_view term) {
  return !term.empty() && std::all_of(term.begin(), term.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The next occurrence of `needle` in `haystack` at or after `from`, or npos.
size_t Find(std::string_view haystack, std::string_view needle, size_t from) {
  if (from > haystack.size()) return std::string_view::npos;
  const void* at = memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
  return at ? static_cast<size_t>(static_cast<const char*>(at) - haystack.data()) : std::string_view::npos;
}

}  // namespace

bool FindTermOccurrences(std::string_view text, const std::vector<std::string>& terms, std::string* lowered,
                         std::vector<TermOccurrence>* out) {
  if (!std::all_of(terms.begin(), terms.end(), [](const std::string& t) { return PlainTerm(t); }))
    return false;
  if (text.find("\xC5\xBF") != std::string_view::npos ||
      text.find("\xE2\x84\xAA") != std::string_view::npos) {
    return false;
  }
  lowered->resize(text.size());
  std::transform(text.begin(), text.end(), lowered->begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; });
  std::string_view low = *lowered;
  // Each term's next occurrence; the leftmost is taken (the earliest term on a tie), and every term's
  // next is then looked for past its end.
  std::vector<size_t> next(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) next[t] = Find(low, terms[t], 0);
  while (true) {
    auto best = std::min_element(next.begin(), next.end());
    if (*best == std::string_view::npos) return true;
    auto term = static_cast<uint32_t>(best - next.begin());
    size_t end = *best + terms[term].size();
    out->push_back({*best, term});
    for (size_t t = 0; t < terms.size(); ++t) {
      if (next[t] < end) next[t] = Find(low, terms[t], end);
    }
  }
}

}  // namespace scry
