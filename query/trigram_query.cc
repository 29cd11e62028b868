#include "query/trigram_query.h"

namespace scry {

namespace {

std::string TrigramText(Trigram t) {
  std::string s;
  for (int shift : {16, 8, 0}) {
    auto b = static_cast<unsigned char>((t >> shift) & 0xFF);
    if (b >= 0x20 && b < 0x7F && b != '\\') {
      s += static_cast<char>(b);
    } else {
      static const char kHex[] = "0123456789abcdef";
      s += "\\x";
      s += kHex[b >> 4];
      s += kHex[b & 15];
    }
  }
  return s;
}

}  // namespace

std::string TrigramQuery::ToString() const {
  switch (op) {
    case Op::kAll:
      return "+";
    case Op::kNone:
      return "-";
    case Op::kAnd:
    case Op::kOr:
      break;
  }
  const char* sep = op == Op::kAnd ? " " : "|";
  std::string s;
  for (Trigram t : trigrams) {
    if (!s.empty()) s += sep;
    s += TrigramText(t);
  }
  for (const TrigramQuery& sub : subs) {
    if (!s.empty()) s += sep;
    std::string inner = sub.ToString();
    s += (sub.op == Op::kAnd || sub.op == Op::kOr) ? "(" + inner + ")" : inner;
  }
  return s;
}

}  // namespace scry
