#include "util/glob_parse.h"

#include <optional>

#include "util/error.h"

namespace scry::glob_internal {

bool CharClass::Contains(unsigned char c) const {
  bool in_ranges = false;
  for (const auto& [low, high] : ranges) {
    if (low <= c && c <= high) {
      in_ranges = true;
      break;
    }
  }
  return in_ranges != negated;
}

namespace {

using Tokens = std::vector<Token>;

class Parser {
 public:
  Parser(std::string_view glob, std::string_view name) : glob_(glob), name_(name) {}

  ParsedGlob Parse() {
    while (std::optional<char> c = Bump()) {
      switch (*c) {
        case '?':
          Push({TokenKind::kAnyChar});
          break;
        case '*':
          ParseStar();
          break;
        case '[':
          ParseClass();
          break;
        case '{':
          OpenAlternates();
          break;
        case '}':
          // globset closes a group here; outside one we keep the '}' as a literal.
          if (in_alternates_) {
            CloseAlternates();
          } else {
            Push({TokenKind::kLiteral, '}'});
          }
          break;
        case ',':
          if (in_alternates_) {
            group_.emplace_back();
          } else {
            Push({TokenKind::kLiteral, ','});
          }
          break;
        case '\\': {
          std::optional<char> escaped = Bump();
          if (!escaped) Fail("dangling '\\'");
          Push({TokenKind::kLiteral, *escaped});
          break;
        }
        default:
          Push({TokenKind::kLiteral, *c});
      }
      prev_ = *c;
    }
    if (in_alternates_) Fail("unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)");
    return {std::move(prefixes_), std::move(classes_)};
  }

 private:
  std::optional<char> Peek() const {
    if (pos_ >= glob_.size()) return std::nullopt;
    return glob_[pos_];
  }
  std::optional<char> Bump() {
    if (pos_ >= glob_.size()) return std::nullopt;
    return glob_[pos_++];
  }

  [[noreturn]] void Fail(const std::string& what) const {
    throw Error(ExitCode::kBadInput, "error parsing glob '" + std::string(name_) + "': " + what);
  }

  // The token sequence being extended: the current alternative inside a group, else every prefix.
  void Push(Token token) {
    if (in_alternates_) {
      group_.back().push_back(token);
    } else {
      for (Tokens& prefix : prefixes_) prefix.push_back(token);
    }
  }
  Tokens& Current() { return in_alternates_ ? group_.back() : prefixes_.front(); }
  bool CurrentEmpty() { return Current().empty(); }
  void ReplaceLast(Token token) {
    if (in_alternates_) {
      group_.back().back() = token;
    } else {
      for (Tokens& prefix : prefixes_) prefix.back() = token;
    }
  }

  void OpenAlternates() {
    if (in_alternates_) Fail("nested alternate groups are not allowed");
    in_alternates_ = true;
    group_.assign(1, Tokens());
  }

  // globset drops empty alternatives ("{c,}" is "c"); a group of only empty ones matches nothing extra.
  void CloseAlternates() {
    in_alternates_ = false;
    std::vector<Tokens> expanded;
    for (const Tokens& prefix : prefixes_) {
      for (const Tokens& alternative : group_) {
        if (alternative.empty()) continue;
        Tokens joined = prefix;
        joined.insert(joined.end(), alternative.begin(), alternative.end());
        expanded.push_back(std::move(joined));
      }
    }
    if (!expanded.empty()) prefixes_ = std::move(expanded);
    group_.clear();
  }

  // "**" is recursive only as a whole path component; elsewhere it is two plain stars.
  void ParseStar() {
    if (Peek() != '*') {
      Push({TokenKind::kStar});
      return;
    }
    Bump();
    if (CurrentEmpty()) {
      if (Peek() && *Peek() != '/') {
        PushTwoStars();
      } else {
        Bump();
        Push({TokenKind::kRecursivePrefix});
      }
      return;
    }
    if (prev_ != '/') {
      PushTwoStars();
      return;
    }
    bool is_suffix;
    if (!Peek()) {
      is_suffix = true;
    } else if (in_alternates_ && (*Peek() == ',' || *Peek() == '}')) {
      is_suffix = true;
    } else if (*Peek() == '/') {
      Bump();
      is_suffix = false;
    } else {
      PushTwoStars();
      return;
    }
    TokenKind last = Current().back().kind;
    if (last == TokenKind::kRecursivePrefix || last == TokenKind::kRecursiveSuffix) return;
    ReplaceLast({is_suffix ? TokenKind::kRecursiveSuffix : TokenKind::kRecursiveMiddle});
  }
  void PushTwoStars() {
    Push({TokenKind::kStar});
    Push({TokenKind::kStar});
  }

  // As in globset: a ']' or '-' first is literal, a '-' last is literal, and backslash is not special.
  void ParseClass() {
    CharClass cls;
    if (Peek() == '!' || Peek() == '^') {
      cls.negated = true;
      Bump();
    }
    bool first = true;
    bool in_range = false;
    while (true) {
      std::optional<char> c = Bump();
      if (!c) Fail("unclosed character class; missing ']'");
      auto byte = static_cast<unsigned char>(*c);
      if (*c == ']' && !first) break;
      if (*c == '-' && !first && !in_range) {
        in_range = true;
      } else if (in_range) {
        auto& range = cls.ranges.back();
        range.second = byte;
        if (range.second < range.first) {
          Fail(std::string("invalid range; '") + static_cast<char>(range.first) + "' > '" + *c + "'");
        }
        in_range = false;
      } else {
        cls.ranges.emplace_back(byte, byte);
      }
      first = false;
    }
    if (in_range) cls.ranges.emplace_back('-', '-');
    classes_.push_back(std::move(cls));
    Push({TokenKind::kClass, 0, static_cast<int>(classes_.size() - 1)});
  }

  std::string_view glob_;
  std::string_view name_;
  size_t pos_ = 0;
  char prev_ = 0;
  std::vector<Tokens> prefixes_{Tokens()};
  bool in_alternates_ = false;
  std::vector<Tokens> group_;
  std::vector<CharClass> classes_;
};

}  // namespace

ParsedGlob ParseGlob(std::string_view glob, std::string_view name) { return Parser(glob, name).Parse(); }

}  // namespace scry::glob_internal
