#include "query/required_literal.h"

#include "query/utf8.h"

namespace scry {

namespace {

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

}  // namespace

std::string RequiredLiteral(const regex::Node& node) {
  switch (node.kind) {
    case regex::Node::Kind::kLiteral:
      return IsExactLiteral(node) ? EncodeUtf8(node.rune) : std::string();
    case regex::Node::Kind::kRepeat:
      return node.min >= 1 ? RequiredLiteral(node.subs[0]) : std::string();
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
        KeepLonger(RequiredLiteral(sub), &best);
      }
      KeepLonger(std::move(run), &best);
      return best;
    }
    default:
      return {};
  }
}

}  // namespace scry
