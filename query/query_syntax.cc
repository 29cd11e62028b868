#include "query/query_syntax.h"

#include <array>
#include <utility>

#include "util/error.h"

namespace scry {

namespace {

[[noreturn]] void Fail(size_t column, const std::string& what) {
  throw Error(ExitCode::kBadInput, "query: column " + std::to_string(column) + ": " + what);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Token {
  enum class Type { kEnd, kOpen, kClose, kOr, kNot, kAtom, kCase, kRev };
  Type type = Type::kEnd;
  size_t column = 0;
  QueryNode atom;     // kAtom
  std::string value;  // kCase, kRev
};

struct Field {
  std::string_view name;
  Token::Type type;      // kAtom, or the setting it is
  QueryNode::Kind kind;  // for kAtom
};
constexpr std::array<Field, 7> kFields = {{{"content", Token::Type::kAtom, QueryNode::Kind::kContent},
                                           {"file", Token::Type::kAtom, QueryNode::Kind::kFile},
                                           {"path", Token::Type::kAtom, QueryNode::Kind::kFile},
                                           {"lang", Token::Type::kAtom, QueryNode::Kind::kLang},
                                           {"sym", Token::Type::kAtom, QueryNode::Kind::kSym},
                                           {"case", Token::Type::kCase, QueryNode::Kind::kContent},
                                           {"rev", Token::Type::kRev, QueryNode::Kind::kContent}}};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // `depth`: open parentheses, inside which ')' ends a word.
  Token Next(int depth) {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
    Token token;
    token.column = pos_ + 1;
    if (pos_ == text_.size()) return token;
    char c = text_[pos_];
    if (c == '(') return ++pos_, Typed(token, Token::Type::kOpen);
    if (c == ')') {
      if (depth == 0) Fail(token.column, "')' closes nothing (quote it to search for it: \")\")");
      return ++pos_, Typed(token, Token::Type::kClose);
    }
    if (c == '-' && pos_ + 1 < text_.size() && !IsSpace(text_[pos_ + 1])) {
      return ++pos_, Typed(token, Token::Type::kNot);
    }
    size_t word_end = WordEnd(depth);
    std::string_view word = text_.substr(pos_, word_end - pos_);
    if (word == "or" || word == "OR") return pos_ = word_end, Typed(token, Token::Type::kOr);
    for (const Field& field : kFields) {
      if (word.size() > field.name.size() && word.starts_with(field.name) && word[field.name.size()] == ':') {
        pos_ += field.name.size() + 1;
        return FieldToken(token, field, depth);
      }
    }
    token.type = Token::Type::kAtom;
    token.atom = Value(QueryNode::Kind::kContent, token.column, depth, /*allow_regex=*/true);
    return token;
  }

 private:
  static Token Typed(Token token, Token::Type type) {
    token.type = type;
    return token;
  }

  size_t WordEnd(int depth) const {
    size_t end = pos_;
    while (end < text_.size() && !IsSpace(text_[end]) && !(depth > 0 && text_[end] == ')')) ++end;
    return end;
  }

  Token FieldToken(Token token, const Field& field, int depth) {
    if (pos_ == text_.size() || IsSpace(text_[pos_]) || text_[pos_] == ')') {
      Fail(token.column, std::string(field.name) + ": needs a value");
    }
    if (field.type != Token::Type::kAtom) {
      token.type = field.type;
      token.value = Value(QueryNode::Kind::kContent, token.column, depth, false).value;
      return token;
    }
    token.type = Token::Type::kAtom;
    bool regex_allowed = field.kind == QueryNode::Kind::kContent || field.kind == QueryNode::Kind::kSym;
    token.atom = Value(field.kind, token.column, depth, regex_allowed);
    return token;
  }

  // A field's value or a bare atom: "quoted", /regex/ (if allowed) or a word.
  QueryNode Value(QueryNode::Kind kind, size_t column, int depth, bool allow_regex) {
    QueryNode node;
    node.kind = kind;
    node.column = column;
    char c = text_[pos_];
    if (c == '"' || (c == '/' && allow_regex)) {
      node.regex = c == '/';
      node.value = Delimited(c);
      if (node.value.empty()) Fail(column, node.regex ? "empty regex //" : "empty quotes \"\"");
      return node;
    }
    size_t end = WordEnd(depth);
    node.value = std::string(text_.substr(pos_, end - pos_));
    pos_ = end;
    return node;
  }

  // The text up to the closing `delimiter`.  Inside quotes \" and \\ are a quote and a backslash;
  // inside slashes \/ is a slash and every other escape is kept for the regex.
  std::string Delimited(char delimiter) {
    size_t start = pos_++;
    std::string out;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == delimiter) return out;
      if (c == '\\' && pos_ < text_.size()) {
        char next = text_[pos_];
        bool unescape = next == delimiter || (delimiter == '"' && next == '\\');
        if (unescape) {
          out += next;
          ++pos_;
          continue;
        }
      }
      out += c;
    }
    Fail(start + 1, std::string(delimiter == '"' ? "the quote" : "the regex") + " is never closed");
  }

  std::string_view text_;
  size_t pos_ = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { Advance(); }

  ParsedQuery Parse() {
    ParsedQuery parsed;
    parsed_ = &parsed;
    std::optional<QueryNode> root = ParseOr();
    if (next_.type != Token::Type::kEnd) Fail(next_.column, "unexpected ')'");
    if (root && root->kind == QueryNode::Kind::kOr && first_setting_) {
      Fail(first_setting_, "case: and rev: set the whole query and cannot be or-ed");
    }
    parsed.root = std::move(root);
    if (!parsed.root && !first_setting_) Fail(1, "empty query");
    return parsed;
  }

 private:
  void Advance() { next_ = lexer_.Next(depth_); }

  std::optional<QueryNode> ParseOr() {
    size_t column = next_.column;
    std::vector<QueryNode> either;
    for (;;) {
      if (next_.type == Token::Type::kOr) Fail(next_.column, "'or' needs a term on each side");
      std::optional<QueryNode> side = ParseAnd();
      bool more = next_.type == Token::Type::kOr;
      if (more) Advance();
      if (side) {
        either.push_back(std::move(*side));
      } else if (more || !either.empty()) {
        Fail(column, "'or' needs a term on each side, not only case: or rev:");
      }
      if (!more) break;
      if (next_.type == Token::Type::kEnd || next_.type == Token::Type::kClose) {
        Fail(next_.column, "'or' needs a term on each side");
      }
    }
    return Combine(QueryNode::Kind::kOr, std::move(either), column);
  }

  std::optional<QueryNode> ParseAnd() {
    size_t column = next_.column;
    std::vector<QueryNode> all;
    while (next_.type != Token::Type::kEnd && next_.type != Token::Type::kClose &&
           next_.type != Token::Type::kOr) {
      if (std::optional<QueryNode> term = ParseUnary(/*negated=*/false)) all.push_back(std::move(*term));
    }
    return Combine(QueryNode::Kind::kAnd, std::move(all), column);
  }

  std::optional<QueryNode> ParseUnary(bool negated) {
    Token token = std::move(next_);
    switch (token.type) {
      case Token::Type::kNot: {
        Advance();
        if (next_.type == Token::Type::kEnd || next_.type == Token::Type::kClose ||
            next_.type == Token::Type::kOr) {
          Fail(token.column, "'-' needs a term to negate");
        }
        std::optional<QueryNode> inner = ParseUnary(true);
        QueryNode node{QueryNode::Kind::kNot, {}, {}, false, token.column};
        node.children.push_back(std::move(*inner));
        return node;
      }
      case Token::Type::kOpen: {
        ++depth_;
        Advance();
        std::optional<QueryNode> inner = ParseOr();
        if (next_.type != Token::Type::kClose) Fail(token.column, "'(' is never closed");
        --depth_;
        Advance();
        if (!inner) Fail(token.column, "empty parentheses");
        return inner;
      }
      case Token::Type::kCase:
      case Token::Type::kRev:
        Setting(token, negated);
        Advance();
        return std::nullopt;
      case Token::Type::kAtom:
        Advance();
        return std::move(token.atom);
      default:
        Fail(token.column, "expected a term");
    }
  }

  void Setting(const Token& token, bool negated) {
    bool is_case = token.type == Token::Type::kCase;
    std::string name = is_case ? "case:" : "rev:";
    if (negated || depth_ > 0)
      Fail(token.column, name + " sets the whole query and cannot be negated or grouped");
    if (!first_setting_) first_setting_ = token.column;
    if (!is_case) {
      if (!parsed_->rev.empty() && parsed_->rev != token.value)
        Fail(token.column, "two different rev: values");
      parsed_->rev = token.value;
      return;
    }
    CaseMode mode =
        token.value == "yes"  ? CaseMode::kYes
        : token.value == "no" ? CaseMode::kNo
        : token.value == "auto"
            ? CaseMode::kAuto
            : (Fail(token.column, "case: takes yes, no or auto, not '" + token.value + "'"), CaseMode::kAuto);
    if (parsed_->case_mode && parsed_->case_mode != mode) Fail(token.column, "two different case: values");
    parsed_->case_mode = mode;
  }

  static std::optional<QueryNode> Combine(QueryNode::Kind kind, std::vector<QueryNode> nodes, size_t column) {
    if (nodes.empty()) return std::nullopt;
    if (nodes.size() == 1) return std::move(nodes.front());
    return QueryNode{kind, std::move(nodes), {}, false, column};
  }

  Lexer lexer_;
  Token next_;
  int depth_ = 0;
  ParsedQuery* parsed_ = nullptr;
  size_t first_setting_ = 0;  // the column of the first case: or rev:, 0 if none
};

std::string Quoted(const QueryNode& node) {
  std::string out(1, node.regex ? '/' : '"');
  for (char c : node.value) {
    if ((node.regex && c == '/') || (!node.regex && (c == '"' || c == '\\'))) out += '\\';
    out += c;
  }
  return out + (node.regex ? '/' : '"');
}

// out = prefix + rest, spelt out: GCC 12 warns (-Wrestrict) about `"literal" + std::string` falsely.
std::string Prefixed(std::string_view prefix, std::string_view rest) {
  std::string out(prefix);
  out += rest;
  return out;
}

}  // namespace

ParsedQuery ParseQuery(std::string_view query) { return Parser(query).Parse(); }

std::string ToString(const QueryNode& node) {
  switch (node.kind) {
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i) out += node.kind == QueryNode::Kind::kOr ? " or " : " ";
        out += ToString(node.children[i]);
      }
      return out + ")";
    }
    case QueryNode::Kind::kNot:
      return Prefixed("-", ToString(node.children.front()));
    case QueryNode::Kind::kContent:
      return Quoted(node);
    case QueryNode::Kind::kFile:
      return Prefixed("file:", Quoted(node));
    case QueryNode::Kind::kLang:
      return Prefixed("lang:", node.value);
    case QueryNode::Kind::kSym:
      return Prefixed("sym:", Quoted(node));
  }
  return {};
}

}  // namespace scry
