#include "query/re2_translate.h"

#include <cstdio>

#include "query/unicode_classes.h"
#include "util/error.h"

namespace scry::regex {

namespace {

std::string Rune(char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    return std::string(1, static_cast<char>(c));
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%X}", static_cast<unsigned>(c));
  return buf;
}

// Appends lo..hi to a bracket body, minus '\n'.
void AppendRange(char32_t lo, char32_t hi, std::string* body) {
  if (lo <= '\n' && '\n' <= hi) {
    if (lo < '\n') AppendRange(lo, '\n' - 1, body);
    if (hi > '\n') AppendRange('\n' + 1, hi, body);
    return;
  }
  *body += Rune(lo);
  if (hi != lo) {
    *body += '-';
    *body += Rune(hi);
  }
}

// A union that may sit inside one RE2 bracket: ranges and \p / \P names, but no nested complement.
// A double complement (how \w and [:alpha:] are stored so that they can be negated as one) is unwrapped.
std::vector<const ClassItem*> Flatten(const std::vector<ClassItem>& items) {
  std::vector<const ClassItem*> flat;
  for (const ClassItem& item : items) {
    if (item.kind == ClassItem::Kind::kNegatedUnion && item.items.size() == 1 &&
        item.items[0].kind == ClassItem::Kind::kNegatedUnion) {
      for (const ClassItem* inner : Flatten(item.items[0].items)) flat.push_back(inner);
    } else {
      flat.push_back(&item);
    }
  }
  return flat;
}

[[noreturn]] void Unsupported() {
  throw Error(ExitCode::kBadInput,
              "this combination of negated classes (for example [^\\W_]) is not supported by scry");
}

// The body of an RE2 bracket for items that are all ranges or names.
std::string SimpleBody(const std::vector<const ClassItem*>& items) {
  std::string body;
  for (const ClassItem* item : items) {
    switch (item->kind) {
      case ClassItem::Kind::kRange:
        AppendRange(item->lo, item->hi, &body);
        break;
      case ClassItem::Kind::kNamed:
        body += item->negated ? "\\P" + item->name.substr(2) : item->name;
        break;
      case ClassItem::Kind::kNegatedUnion:
        Unsupported();
    }
  }
  return body;
}

std::string Complement(const std::vector<ClassItem>& items) {
  return "[^" + SimpleBody(Flatten(items)) + "\\n]";
}

std::string TranslateClass(const CharClass& cls) {
  std::vector<const ClassItem*> items = Flatten(cls.items);
  if (cls.negated) return "[^" + SimpleBody(items) + "\\n]";
  // A positive union becomes an alternation of single-code-point pieces, each of which leaves out
  // '\n' on its own: a plain bracket for ranges and \p names, a negated bracket for each complement.
  std::vector<const ClassItem*> plain;
  std::vector<std::string> pieces;
  for (const ClassItem* item : items) {
    if (item->kind == ClassItem::Kind::kNegatedUnion) {
      pieces.push_back(Complement(item->items));
    } else if (item->kind == ClassItem::Kind::kNamed && item->negated) {
      pieces.push_back("[^" + item->name + "\\n]");
    } else {
      plain.push_back(item);
    }
  }
  if (!plain.empty()) {
    std::string body = SimpleBody(plain);
    // A class of nothing but '\n' is rejected by the parser, so an empty body only comes from a range
    // like [\n-\n] next to other members, which are pieces.
    if (!body.empty()) pieces.insert(pieces.begin(), "[" + body + "]");
  }
  if (pieces.empty()) return "[^\\x00-\\x{10FFFF}]";
  if (pieces.size() == 1) return pieces[0];
  std::string out = "(?:";
  for (size_t i = 0; i < pieces.size(); ++i) out += (i ? "|" : "") + pieces[i];
  return out + ")";
}

std::string Group(const std::string& s) { return "(?:" + s + ")"; }

}  // namespace

std::string TranslateToRe2(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kEmpty:
      return "(?:)";
    case Node::Kind::kLiteral:
      return node.fold_case ? "(?i:" + Rune(node.rune) + ")" : Rune(node.rune);
    case Node::Kind::kClass: {
      std::string cls = TranslateClass(node.char_class);
      return node.fold_case ? "(?i:" + cls + ")" : cls;
    }
    case Node::Kind::kLineStart:
      return "^";
    case Node::Kind::kTextStart:
      return "\\A";
    case Node::Kind::kLineEnd:
      return "$";
    case Node::Kind::kWordBoundary:
      return "\\b";
    case Node::Kind::kNotWordBoundary:
      return "\\B";
    case Node::Kind::kRepeat: {
      std::string op;
      if (node.min == 0 && node.max == -1) {
        op = "*";
      } else if (node.min == 1 && node.max == -1) {
        op = "+";
      } else if (node.min == 0 && node.max == 1) {
        op = "?";
      } else {
        op = '{';
        op += std::to_string(node.min);
        if (node.max != node.min) {
          op += ',';
          if (node.max != -1) op += std::to_string(node.max);
        }
        op += '}';
      }
      return Group(TranslateToRe2(node.subs[0])) + op + (node.greedy ? "" : "?");
    }
    case Node::Kind::kConcat: {
      std::string out;
      for (const Node& sub : node.subs) out += TranslateToRe2(sub);
      return out;
    }
    case Node::Kind::kAlternate: {
      std::string out;
      for (size_t i = 0; i < node.subs.size(); ++i) {
        if (i > 0) out += '|';
        out += TranslateToRe2(node.subs[i]);
      }
      return Group(out);
    }
  }
  return "";
}

std::string PerlClassRe2(char letter) {
  CharClass perl;
  perl.items.push_back(PerlClass(letter));
  return TranslateClass(perl);
}

}  // namespace scry::regex
