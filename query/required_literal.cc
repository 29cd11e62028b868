#include "query/required_literal.h"

#include <vector>

#include "indexer/symbol.h"
#include "query/utf8.h"

namespace scry {

namespace {

// Measured on Linux: for one literal of 3+ bytes, memmem and then RE2 on the lines it hits is 2-4x
// faster than RE2 alone.  Not so for 2-byte literals (0x...: hits so dense that verifying line by
// line costs 1.6x), nor for alternatives (TODO|FIXME|XXX: a memmem pass each, 1.3x slower than
// RE2's one DFA pass), so those are left to RE2.
constexpr size_t kMinLength = 3;

// A literal matches exactly its own bytes unless it folds case and has a case variant.
bool IsExactLiteral(const regex::Node& node) {
  if (node.kind != regex::Node::Kind::kLiteral) return false;
  if (!node.fold_case) return true;
  char32_t c = node.rune;
  return c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

void KeepLonger(std::string candidate, std::string* best) {
  if (candidate.size() > best->size()) *best = std::move(candidate);
}

std::string Analyze(const regex::Node& node) {
  switch (node.kind) {
    case regex::Node::Kind::kLiteral:
      return IsExactLiteral(node) ? EncodeUtf8(node.rune) : std::string();
    case regex::Node::Kind::kRepeat:
      return node.min >= 1 ? Analyze(node.subs[0]) : std::string();
    case regex::Node::Kind::kConcat: {
      // Runs of adjacent exact literals join into one string; any child's requirement also holds.
      std::string best, run;
      for (const regex::Node& sub : node.subs) {
        if (IsExactLiteral(sub)) {
          run += EncodeUtf8(sub.rune);
          continue;
        }
        KeepLonger(std::move(run), &best);
        run.clear();
        KeepLonger(Analyze(sub), &best);
      }
      KeepLonger(std::move(run), &best);
      return best;
    }
    default:
      return {};
  }
}

// The nodes a match goes through one after the other, nested concatenations flattened.
void Sequence(const regex::Node& node, std::vector<const regex::Node*>* out) {
  if (node.kind != regex::Node::Kind::kConcat) {
    out->push_back(&node);
    return;
  }
  for (const regex::Node& sub : node.subs) Sequence(sub, out);
}

// A literal that matches one ASCII character in one or both of its ASCII cases and nothing else.
// Folded k and s are not: they also match the Kelvin sign and the long s.
bool IsAsciiLiteral(const regex::Node& node) {
  if (node.kind != regex::Node::Kind::kLiteral || node.rune >= 0x80 || node.rune == '\n') return false;
  char32_t lower = node.rune | 0x20;
  return !node.fold_case || (lower != 'k' && lower != 's');
}

}  // namespace

std::string RequiredLinePrefix(const regex::Node& node) {
  std::vector<const regex::Node*> sequence;
  Sequence(node, &sequence);
  if (sequence.empty() || sequence.front()->kind != regex::Node::Kind::kLineStart) return {};
  std::string prefix;
  for (size_t i = 1; i < sequence.size(); ++i) {
    if (sequence[i]->kind == regex::Node::Kind::kEmpty) continue;
    if (!IsAsciiLiteral(*sequence[i])) break;
    prefix += static_cast<char>(sequence[i]->rune);
  }
  return prefix;
}

uint64_t RequiredCharMask(const regex::Node& node) {
  switch (node.kind) {
    case regex::Node::Kind::kLiteral: {
      char ascii = static_cast<char>(node.rune);
      return IsAsciiLiteral(node) ? CharMask(std::string_view(&ascii, 1)) : 0;
    }
    case regex::Node::Kind::kRepeat:
      return node.min >= 1 ? RequiredCharMask(node.subs[0]) : 0;
    case regex::Node::Kind::kConcat: {
      uint64_t mask = 0;
      for (const regex::Node& sub : node.subs) mask |= RequiredCharMask(sub);
      return mask;
    }
    case regex::Node::Kind::kAlternate: {
      uint64_t mask = node.subs.empty() ? 0 : ~uint64_t{0};
      for (const regex::Node& sub : node.subs) mask &= RequiredCharMask(sub);
      return mask;
    }
    default:
      return 0;
  }
}

std::string RequiredLiteral(const regex::Node& node) {
  std::string literal = Analyze(node);
  return literal.size() >= kMinLength ? literal : std::string();
}

}  // namespace scry
