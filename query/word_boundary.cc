#include "query/word_boundary.h"

#include <re2/re2.h>

#include <bitset>
#include <cstring>

#include "query/re2_translate.h"
#include "query/utf8.h"

namespace scry {

namespace {

using regex::ClassItem;
using regex::Node;

// The ASCII characters a pattern can match, or false if it can match a non-ASCII one.
class AsciiReach {
 public:
  bool Add(const Node& node) {
    switch (node.kind) {
      case Node::Kind::kLiteral:
        return AddRange(node.rune, node.rune, node.fold_case);
      case Node::Kind::kClass:
        if (node.char_class.negated) return false;
        for (const ClassItem& item : node.char_class.items) {
          if (item.kind != ClassItem::Kind::kRange || !AddRange(item.lo, item.hi, node.fold_case))
            return false;
        }
        return true;
      case Node::Kind::kWordBoundary:
      case Node::Kind::kNotWordBoundary:
        has_boundary_ = true;
        return true;
      case Node::Kind::kRepeat:
      case Node::Kind::kConcat:
      case Node::Kind::kAlternate:
        for (const Node& sub : node.subs) {
          if (!Add(sub)) return false;
        }
        return true;
      case Node::Kind::kEmpty:
      case Node::Kind::kLineStart:
      case Node::Kind::kTextStart:
      case Node::Kind::kLineEnd:
        return true;
    }
    return false;
  }

  bool has_boundary() const { return has_boundary_; }
  bool reaches(char c) const { return reached_[static_cast<unsigned char>(c)]; }

 private:
  bool AddRange(char32_t lo, char32_t hi, bool fold_case) {
    if (hi >= 0x80) return false;
    for (char32_t c = lo; c <= hi; ++c) {
      // Unicode simple case folding takes k to the Kelvin sign and s to the long s.
      if (fold_case && (c == 'k' || c == 'K' || c == 's' || c == 'S')) return false;
      reached_.set(c);
      if (fold_case && c >= 'a' && c <= 'z') reached_.set(c - 'a' + 'A');
      if (fold_case && c >= 'A' && c <= 'Z') reached_.set(c - 'A' + 'a');
    }
    return true;
  }

  std::bitset<128> reached_;
  bool has_boundary_ = false;
};

}  // namespace

WordBoundaryText::WordBoundaryText(char stand_in)
    : stand_in_(stand_in), word_run_(std::make_unique<re2::RE2>("(?:" + regex::PerlClassRe2('w') + ")+")) {}

WordBoundaryText::~WordBoundaryText() = default;

std::unique_ptr<WordBoundaryText> WordBoundaryText::For(const regex::Node& root) {
  AsciiReach reach;
  if (!reach.Add(root) || !reach.has_boundary()) return nullptr;
  static constexpr std::string_view kWordCharacters =
      "_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (char c : kWordCharacters) {
    if (!reach.reaches(c)) return std::unique_ptr<WordBoundaryText>(new WordBoundaryText(c));
  }
  return nullptr;
}

std::unique_ptr<WordBoundaryText> WordBoundaryText::Clone() const {
  return std::unique_ptr<WordBoundaryText>(new WordBoundaryText(stand_in_));
}

std::string_view WordBoundaryText::Rewrite(std::string_view text, std::string* storage) const {
  if (IsAscii(text)) return text;
  bool copied = false;
  re2::StringPiece whole(text.data(), text.size());
  for (size_t at = 0; at < text.size();) {
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      ++at;
      continue;
    }
    re2::StringPiece run;
    if (!word_run_->Match(whole, at, text.size(), re2::RE2::ANCHOR_START, &run, 1)) {
      size_t length = 0;
      DecodeUtf8(text.substr(at), &length);
      at += length;
      continue;
    }
    if (!copied) {
      storage->assign(text);
      copied = true;
    }
    for (size_t end = at + run.size(); at < end; ++at) {
      if (static_cast<unsigned char>(text[at]) >= 0x80) (*storage)[at] = stand_in_;
    }
  }
  return copied ? std::string_view(*storage) : text;
}

}  // namespace scry
