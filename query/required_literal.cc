#include "query/required_literal.h"

#include <algorithm>

#include "query/utf8.h"

namespace scry {

namespace {

using Literals = std::vector<std::string>;

// Above this many alternatives a memmem per alternative costs more than RE2's own scan.
constexpr size_t kMaxAlternatives = 8;
// memmem for one byte is memchr, which RE2 already does.
constexpr size_t kMinLength = 2;

// A literal matches exactly its own bytes unless it folds case and has a case variant.
bool IsExactLiteral(const regex::Node& node) {
  if (node.kind != regex::Node::Kind::kLiteral) return false;
  if (!node.fold_case) return true;
  char32_t c = node.rune;
  return c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

size_t Shortest(const Literals& set) {
  size_t shortest = SIZE_MAX;
  for (const std::string& s : set) shortest = std::min(shortest, s.size());
  return set.empty() ? 0 : shortest;
}

// The more selective of two requirements: the longer shortest string, then the fewer strings.
void KeepBetter(Literals candidate, Literals* best) {
  if (candidate.empty()) return;
  if (best->empty() || Shortest(candidate) > Shortest(*best) ||
      (Shortest(candidate) == Shortest(*best) && candidate.size() < best->size())) {
    *best = std::move(candidate);
  }
}

Literals Analyze(const regex::Node& node) {
  switch (node.kind) {
    case regex::Node::Kind::kLiteral:
      return IsExactLiteral(node) ? Literals{EncodeUtf8(node.rune)} : Literals{};
    case regex::Node::Kind::kRepeat:
      return node.min >= 1 ? Analyze(node.subs[0]) : Literals{};
    case regex::Node::Kind::kConcat: {
      // Runs of adjacent exact literals join into one string; any child's requirement also holds.
      Literals best;
      std::string run;
      for (const regex::Node& sub : node.subs) {
        if (IsExactLiteral(sub)) {
          run += EncodeUtf8(sub.rune);
          continue;
        }
        if (!run.empty()) KeepBetter({std::move(run)}, &best);
        run.clear();
        KeepBetter(Analyze(sub), &best);
      }
      if (!run.empty()) KeepBetter({std::move(run)}, &best);
      return best;
    }
    case regex::Node::Kind::kAlternate: {
      // Some branch matches, so its requirement holds: together they require one of their union.
      Literals all;
      for (const regex::Node& sub : node.subs) {
        Literals branch = Analyze(sub);
        if (branch.empty()) return {};
        all.insert(all.end(), branch.begin(), branch.end());
      }
      std::sort(all.begin(), all.end());
      all.erase(std::unique(all.begin(), all.end()), all.end());
      return all;
    }
    default:
      return {};
  }
}

}  // namespace

std::vector<std::string> RequiredLiterals(const regex::Node& node) {
  Literals literals = Analyze(node);
  if (literals.size() > kMaxAlternatives || Shortest(literals) < kMinLength) return {};
  return literals;
}

}  // namespace scry
