#include "util/subtokens.h"

#include <algorithm>

namespace scry {

namespace {

constexpr size_t kMinLength = 2;

bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsSubtokenByte(unsigned char c) { return c >= 0x80 || IsUpper(c) || IsLower(c) || IsDigit(c); }

// Whether a subtoken starts at text[i], given that text[i - 1] and text[i] are both subtoken bytes.
bool StartsSubtoken(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  if (!IsUpper(at(i))) return false;
  unsigned char previous = at(i - 1);
  if (!IsUpper(previous)) return true;
  // Inside an acronym: a capital followed by lower case starts a word (HTTPRequest), except a
  // plural's "s" (URLs, userIDs).
  if (i + 1 >= text.size() || !IsLower(at(i + 1))) return false;
  bool plural_s = at(i + 1) == 's' && (i + 2 == text.size() || !IsLower(at(i + 2)));
  return !plural_s;
}

}  // namespace

bool SubtokenSplitter::Next(std::string_view* subtoken) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text_[k]); };
  while (position_ < text_.size()) {
    if (!IsSubtokenByte(at(position_))) {
      ++position_;
      continue;
    }
    const size_t start = position_++;
    while (position_ < text_.size() && IsSubtokenByte(at(position_)) && !StartsSubtoken(text_, position_)) {
      ++position_;
    }
    std::string_view found = text_.substr(start, position_ - start);
    if (found.size() < kMinLength) continue;
    if (std::none_of(found.begin(), found.end(), [](char c) { return IsUpper(c); })) {
      *subtoken = found;
      return true;
    }
    lowered_.assign(found);
    for (char& c : lowered_) {
      if (IsUpper(c)) c = static_cast<char>(c + ('a' - 'A'));
    }
    *subtoken = lowered_;
    return true;
  }
  return false;
}

std::vector<std::string> Subtokens(std::string_view text) {
  std::vector<std::string> subtokens;
  ForEachSubtoken(text, [&](std::string_view subtoken) { subtokens.emplace_back(subtoken); });
  return subtokens;
}

}  // namespace scry
