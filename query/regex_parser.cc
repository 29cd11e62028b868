#include "query/regex_parser.h"

#include <re2/re2.h>

#include <set>
#include <string>
#include <utility>

#include "query/unicode_classes.h"
#include "query/utf8.h"
#include "util/error.h"

namespace scry::regex {

namespace {

// Rust's char::is_uppercase is the Unicode Uppercase property: Lu plus Other_Uppercase.
bool IsUppercase(char32_t c) {
  static const re2::RE2 kUpper(
      R"([\p{Lu}\x{2160}-\x{216F}\x{24B6}-\x{24CF}\x{1F130}-\x{1F149}\x{1F150}-\x{1F169}\x{1F170}-\x{1F189}])");
  return re2::RE2::FullMatch(EncodeUtf8(c), kUpper);
}

bool IsMetaCharacter(char32_t c) {
  return std::u32string_view(U"\\.+*?()|[]{}^$#&-~").find(c) != std::u32string_view::npos;
}

bool IsSpace(char32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

int HexValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}

Node KindNode(Node::Kind kind) {
  Node node;
  node.kind = kind;
  return node;
}

CharClass MakeClass(bool negated, std::vector<ClassItem> items) {
  CharClass cls;
  cls.negated = negated;
  cls.items = std::move(items);
  return cls;
}

struct Flags {
  bool fold_case = false;
  bool ignore_whitespace = false;
  bool swap_greed = false;
};

// An escape inside or outside a class is either one code point or a class item.
struct Escape {
  bool is_rune = false;
  char32_t rune = 0;
  ClassItem item;
};

class Parser {
 public:
  Parser(std::string_view pattern, bool fold_case) : pattern_(pattern) { flags_.fold_case = fold_case; }

  ParseResult Parse() {
    ParseResult result;
    result.root = ParseAlternation();
    if (!AtEnd()) Fail("unopened group");
    result.any_literal = any_literal_;
    result.any_uppercase = any_uppercase_;
    return result;
  }

 private:
  [[noreturn]] void Fail(const std::string& reason) const {
    throw Error(ExitCode::kBadInput, "regex parse error in '" + ShowPattern(pattern_) + "' at byte " +
                                         std::to_string(pos_) + ": " + reason);
  }

  bool AtEnd() const { return pos_ >= pattern_.size(); }

  char32_t Peek() const {
    size_t length = 0;
    return DecodeUtf8(pattern_.substr(pos_), &length);
  }

  char32_t Next() {
    if (AtEnd()) Fail("unexpected end of pattern");
    size_t length = 0;
    char32_t c = DecodeUtf8(pattern_.substr(pos_), &length);
    if (c == kInvalidRune) Fail("pattern is not valid UTF-8");
    pos_ += length;
    return c;
  }

  bool Consume(std::string_view s) {
    if (pattern_.substr(pos_, s.size()) != s) return false;
    pos_ += s.size();
    return true;
  }

  // In (?x) mode whitespace and #-comments are not part of the pattern.
  void SkipIgnored() {
    while (flags_.ignore_whitespace && !AtEnd()) {
      if (IsSpace(Peek())) {
        ++pos_;
      } else if (Peek() == '#') {
        while (!AtEnd() && Next() != '\n') {
        }
      } else {
        return;
      }
    }
  }

  void NoteLiteral(char32_t c) {
    any_literal_ = true;
    any_uppercase_ = any_uppercase_ || IsUppercase(c);
  }

  Node Literal(char32_t c) {
    if (c == '\n') Fail("the literal '\\n' is not allowed in a regex");
    NoteLiteral(c);
    Node node;
    node.kind = Node::Kind::kLiteral;
    node.rune = c;
    node.fold_case = flags_.fold_case;
    return node;
  }

  Node ClassNode(CharClass char_class) {
    Node node;
    node.kind = Node::Kind::kClass;
    node.char_class = std::move(char_class);
    node.fold_case = flags_.fold_case;
    return node;
  }

  Node ParseAlternation() {
    std::vector<Node> branches;
    branches.push_back(ParseConcat());
    while (!AtEnd() && Peek() == '|') {
      ++pos_;
      branches.push_back(ParseConcat());
    }
    if (branches.size() == 1) return std::move(branches[0]);
    Node node;
    node.kind = Node::Kind::kAlternate;
    node.subs = std::move(branches);
    return node;
  }

  Node ParseConcat() {
    Node concat;
    concat.kind = Node::Kind::kConcat;
    bool can_repeat = false;
    while (true) {
      SkipIgnored();
      if (AtEnd() || Peek() == '|' || Peek() == ')') break;
      char32_t c = Peek();
      if (c == '*' || c == '+' || c == '?' || c == '{') {
        if (!can_repeat) Fail("repetition operator missing expression");
        concat.subs.back() = ParseRepetition(std::move(concat.subs.back()));
        continue;
      }
      if (c == '(' && ParseFlagDirective()) {
        can_repeat = false;
        continue;
      }
      concat.subs.push_back(ParseAtom());
      can_repeat = true;
    }
    if (concat.subs.size() == 1) return std::move(concat.subs[0]);
    if (concat.subs.empty()) return Node{};
    return concat;
  }

  Node ParseRepetition(Node sub) {
    Node node;
    node.kind = Node::Kind::kRepeat;
    char32_t op = Next();
    if (op == '*') {
      node.min = 0;
    } else if (op == '+') {
      node.min = 1;
    } else if (op == '?') {
      node.max = 1;
    } else {
      SkipIgnored();
      node.min = ParseDecimal();
      node.max = node.min;
      SkipIgnored();
      if (Consume(",")) {
        SkipIgnored();
        node.max = (!AtEnd() && Peek() == '}') ? -1 : ParseDecimal();
        SkipIgnored();
      }
      if (!Consume("}")) Fail("unclosed counted repetition");
      if (node.max != -1 && node.max < node.min) Fail("invalid counted repetition: min > max");
    }
    bool lazy = Consume("?");
    node.greedy = lazy == flags_.swap_greed;
    node.subs.push_back(std::move(sub));
    return node;
  }

  int ParseDecimal() {
    size_t start = pos_;
    long value = 0;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
      value = value * 10 + static_cast<long>(Next() - '0');
      if (value > 1'000'000) Fail("repetition count too large");
    }
    if (pos_ == start) Fail("invalid counted repetition: decimal expected");
    return static_cast<int>(value);
  }

  // Handles "(?flags)", which changes the flags until the end of the enclosing group.  Returns false,
  // consuming nothing, if the group at pos_ is not such a directive.
  bool ParseFlagDirective() {
    size_t start = pos_;
    if (!Consume("(?")) return false;
    if (AtEnd() || Peek() == 'P' || Peek() == '<') {
      pos_ = start;
      return false;
    }
    Flags flags = ParseFlags();
    if (Consume(")")) {
      flags_ = flags;
      return true;
    }
    pos_ = start;
    return false;
  }

  Flags ParseFlags() {
    Flags flags = flags_;
    bool negate = false;
    bool any = false;
    std::set<char32_t> seen;
    while (!AtEnd() && Peek() != ')' && Peek() != ':') {
      char32_t c = Next();
      if (c == '-') {
        if (negate) Fail("repeated negation in flags");
        negate = true;
        any = false;
        continue;
      }
      if (!seen.insert(c).second) Fail("duplicate flag");
      any = true;
      switch (c) {
        case 'i':
          flags.fold_case = !negate;
          break;
        case 'x':
          flags.ignore_whitespace = !negate;
          break;
        case 'U':
          flags.swap_greed = !negate;
          break;
        case 'm':  // rg always matches ^ and $ at line boundaries
        case 's':  // rg strips '\n' from every class, so '.' never matches it either way
          break;
        case 'u':
          if (negate) Fail("(?-u) is not supported by scry");
          break;
        default:
          Fail("unrecognized flag");
      }
    }
    if (AtEnd()) Fail("unclosed group");
    if (negate && !any) Fail("dangling flag negation operator");
    if (!any && !negate && Peek() == ')') Fail("empty flag group");
    return flags;
  }

  Node ParseGroup() {
    ++pos_;  // '('
    Flags saved = flags_;
    if (Consume("?P<")) {
      ParseGroupName();
    } else if (Consume("?")) {
      if (Peek() == '<') Fail("unsupported group syntax (?<name>: rg 13 only accepts (?P<name>");
      flags_ = ParseFlags();
      if (!Consume(":")) Fail("unclosed group");
    }
    Node inner = ParseAlternation();
    if (!Consume(")")) Fail("unclosed group");
    flags_ = saved;
    return inner;
  }

  void ParseGroupName() {
    size_t start = pos_;
    while (!AtEnd() && Peek() != '>') {
      char32_t c = Next();
      bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      bool later = (c >= '0' && c <= '9') || c == '.' || c == '[' || c == ']';
      if (!letter && !(later && pos_ - 1 > start)) Fail("invalid capture group name");
    }
    if (pos_ == start) Fail("empty capture group name");
    if (!names_.insert(std::string(pattern_.substr(start, pos_ - start))).second) {
      Fail("duplicate capture group name");
    }
    if (!Consume(">")) Fail("unclosed capture group name");
  }

  Node ParseAtom() {
    char32_t c = Peek();
    if (c == '(') return ParseGroup();
    if (c == '[') return ClassNode(ParseBracketClass());
    ++pos_;
    switch (c) {
      case '.':
        return ClassNode(MakeClass(true, {}));
      case '^':
        return KindNode(Node::Kind::kLineStart);
      case '$':
        return KindNode(Node::Kind::kLineEnd);
      case '\\':
        return ParseEscapeAtom();
      default:
        --pos_;
        return Literal(Next());
    }
  }

  Node ParseEscapeAtom() {
    if (AtEnd()) Fail("incomplete escape sequence");
    switch (Peek()) {
      case 'A':
        ++pos_;
        return KindNode(Node::Kind::kTextStart);
      case 'z':
        ++pos_;
        return KindNode(Node::Kind::kLineEnd);
      case 'b':
        ++pos_;
        return KindNode(Node::Kind::kWordBoundary);
      case 'B':
        ++pos_;
        return KindNode(Node::Kind::kNotWordBoundary);
      default:
        break;
    }
    Escape escape = ParseEscape();
    if (escape.is_rune) return Literal(escape.rune);
    return ClassNode(MakeClass(false, {std::move(escape.item)}));
  }

  // The part after a backslash that means the same inside and outside brackets.
  Escape ParseEscape() {
    if (AtEnd()) Fail("incomplete escape sequence");
    size_t start = pos_;
    char32_t c = Next();
    Escape escape;
    escape.is_rune = true;
    if (IsMetaCharacter(c) || (flags_.ignore_whitespace && IsSpace(c))) {
      escape.rune = c;
      return escape;
    }
    switch (c) {
      case 'a':
        escape.rune = 0x07;
        return escape;
      case 'f':
        escape.rune = 0x0C;
        return escape;
      case 't':
        escape.rune = '\t';
        return escape;
      case 'n':
        escape.rune = '\n';
        return escape;
      case 'r':
        escape.rune = '\r';
        return escape;
      case 'v':
        escape.rune = 0x0B;
        return escape;
      case 'x':
        escape.rune = ParseHex(2);
        return escape;
      case 'u':
        escape.rune = ParseHex(4);
        return escape;
      case 'U':
        escape.rune = ParseHex(8);
        return escape;
      default:
        break;
    }
    escape.is_rune = false;
    switch (c) {
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
        escape.item = PerlClass(static_cast<char>(c));
        return escape;
      case 'p':
      case 'P':
        escape.item = ParseUnicodeClass(c == 'P');
        return escape;
      default:
        pos_ = start;
        Fail("unrecognized escape sequence");
    }
  }

  // \xNN, \uNNNN, \UNNNNNNNN with exactly `digits` hex digits, or any of them with {hex}.
  char32_t ParseHex(int digits) {
    uint32_t value = 0;
    if (Consume("{")) {
      int count = 0;
      while (!AtEnd() && Peek() != '}') {
        int v = HexValue(Next());
        if (v < 0 || ++count > 8) Fail("invalid hexadecimal digit");
        value = value * 16 + static_cast<uint32_t>(v);
      }
      if (count == 0 || !Consume("}")) Fail("invalid or unclosed hexadecimal escape");
    } else {
      for (int i = 0; i < digits; ++i) {
        int v = AtEnd() ? -1 : HexValue(Next());
        if (v < 0) Fail("invalid hexadecimal digit");
        value = value * 16 + static_cast<uint32_t>(v);
      }
    }
    if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) Fail("invalid Unicode scalar value");
    return static_cast<char32_t>(value);
  }

  ClassItem ParseUnicodeClass(bool negated) {
    std::string name;
    if (Consume("{")) {
      size_t start = pos_;
      while (!AtEnd() && Peek() != '}') Next();
      if (!Consume("}")) Fail("unclosed Unicode class");
      name = std::string(pattern_.substr(start, pos_ - 1 - start));
      if (!name.empty() && name[0] == '^') {
        negated = !negated;
        name.erase(0, 1);
      }
    } else {
      if (AtEnd()) Fail("incomplete Unicode class");
      name = EncodeUtf8(Next());
    }
    std::string re2_name;
    if (!UnicodeClassName(name, &re2_name)) Fail("unsupported Unicode class '" + name + "'");
    ClassItem item;
    item.kind = ClassItem::Kind::kNamed;
    item.name = "\\p{" + re2_name + "}";
    item.negated = negated;
    return item;
  }

  CharClass ParseBracketClass() {
    size_t open = pos_;
    ++pos_;  // '['
    CharClass result;
    result.negated = Consume("^");
    bool first = true;
    while (true) {
      SkipIgnored();
      if (AtEnd()) {
        pos_ = open;
        Fail("unclosed character class");
      }
      char32_t c = Peek();
      if (c == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (Consume("&&") || Consume("--") || Consume("~~")) {
        Fail("class set operations (&&, --, ~~) are not supported by scry");
      }
      if (c == '[') {
        if (!ParseAsciiClass(&result)) AddNested(ParseBracketClass(), &result);
        continue;
      }
      char32_t lo = 0;
      if (!ParseClassRune(&lo, &result)) continue;
      SkipIgnored();
      if (pattern_.substr(pos_, 1) == "-" && pattern_.substr(pos_ + 1, 1) != "]" &&
          pos_ + 1 < pattern_.size()) {
        ++pos_;
        SkipIgnored();
        char32_t hi = 0;
        if (!ParseClassRune(&hi, &result)) Fail("invalid range in character class");
        if (hi < lo) Fail("invalid range in character class: start > end");
        result.items.push_back(RangeItem(lo, hi));
      } else {
        result.items.push_back(RangeItem(lo, lo));
      }
    }
    if (!result.negated && !result.items.empty()) {
      bool only_newline = true;
      for (const ClassItem& item : result.items) {
        only_newline =
            only_newline && item.kind == ClassItem::Kind::kRange && item.lo == '\n' && item.hi == '\n';
      }
      if (only_newline) Fail("the literal '\\n' is not allowed in a regex");
    }
    return result;
  }

  // Reads one class member that is a single code point into *rune; a class escape like \w is added to
  // *cls instead and false is returned.
  bool ParseClassRune(char32_t* rune, CharClass* cls) {
    if (!Consume("\\")) {
      *rune = Next();
      NoteLiteral(*rune);
      return true;
    }
    Escape escape = ParseEscape();
    if (escape.is_rune) {
      *rune = escape.rune;
      NoteLiteral(*rune);
      return true;
    }
    cls->items.push_back(std::move(escape.item));
    return false;
  }

  void AddNested(CharClass nested, CharClass* into) {
    if (!nested.negated) {
      for (ClassItem& item : nested.items) into->items.push_back(std::move(item));
      return;
    }
    for (const ClassItem& item : nested.items) {
      if (item.kind == ClassItem::Kind::kNegatedUnion)
        Fail("a negated class inside a negated class is not supported by scry");
    }
    into->items.push_back(ComplementItem(std::move(nested.items)));
  }

  // [:alpha:] and friends (ASCII only, as in rg).  Returns false, consuming nothing, if pos_ does not
  // start one, in which case the '[' opens a nested class.
  bool ParseAsciiClass(CharClass* into) {
    size_t start = pos_;
    if (!Consume("[:")) return false;
    bool negated = Consume("^");
    size_t end = pattern_.find(":]", pos_);
    std::vector<ClassItem> ranges;
    if (end == std::string_view::npos || !AsciiClassRanges(pattern_.substr(pos_, end - pos_), &ranges)) {
      pos_ = start;
      return false;
    }
    pos_ = end + 2;
    AddNested(MakeClass(negated, std::move(ranges)), into);
    return true;
  }

  std::string_view pattern_;
  size_t pos_ = 0;
  Flags flags_;
  bool any_literal_ = false;
  bool any_uppercase_ = false;
  std::set<std::string> names_;
};

}  // namespace

std::string ShowPattern(std::string_view pattern) {
  std::string shown;
  for (char c : pattern) shown += c == '\n' ? std::string("\\n") : std::string(1, c);
  return shown;
}

ParseResult ParseRegex(std::string_view pattern, bool fold_case) {
  return Parser(pattern, fold_case).Parse();
}

}  // namespace scry::regex
