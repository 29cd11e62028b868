#include "util/glob.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "util/glob_parse.h"

namespace scry {

using glob_internal::CharClass;
using glob_internal::ParsedGlob;
using glob_internal::Token;
using glob_internal::TokenKind;

namespace {

// Most ignore rules and -g globs are a file name ("Makefile"), an extension ("*.o") or an exact path, so
// those are answered with one string comparison instead of running the general matcher.
enum class Shape {
  kExact,             // the whole path equals `literal`
  kComponentsSuffix,  // the path equals `literal` or ends with "/" + `literal`
  kNameSuffix,        // the final component ends with `literal`
  kNamePrefix,        // the final component starts with `literal`
  kName,              // `tokens` (without the leading "**/") match the final component
  kEverything,        // "**"
  kGeneral,
};

struct Alternative {
  Shape shape = Shape::kGeneral;
  std::string literal;
  std::vector<Token> tokens;
};

// The literal spelled by tokens[begin, end), or nullopt if one of them is not a literal.
std::optional<std::string> LiteralIn(const std::vector<Token>& tokens, size_t begin, size_t end) {
  std::string literal;
  for (size_t i = begin; i < end; ++i) {
    if (tokens[i].kind != TokenKind::kLiteral) return std::nullopt;
    literal.push_back(tokens[i].literal);
  }
  return literal;
}

bool WithoutSlash(const std::optional<std::string>& literal) {
  return literal && literal->find('/') == std::string::npos;
}

// Whether a token can neither match nor span a '/' (globset lets a class such as "[!a]" match one).
bool WithinComponent(const Token& token, const std::vector<CharClass>& classes) {
  switch (token.kind) {
    case TokenKind::kLiteral:
      return token.literal != '/';
    case TokenKind::kAnyChar:
    case TokenKind::kStar:
      return true;
    case TokenKind::kClass:
      return !classes[token.class_index].Contains('/');
    default:
      return false;
  }
}

Alternative Classify(std::vector<Token> tokens, const std::vector<CharClass>& classes) {
  Alternative alt;
  const size_t n = tokens.size();
  const bool recursive_prefix = n > 0 && tokens[0].kind == TokenKind::kRecursivePrefix;
  std::optional<std::string> literal;
  if (recursive_prefix && n == 1) {
    alt.shape = Shape::kEverything;
  } else if ((literal = LiteralIn(tokens, 0, n))) {
    alt.shape = Shape::kExact;
  } else if (!recursive_prefix) {
    alt.shape = Shape::kGeneral;
  } else if ((literal = LiteralIn(tokens, 1, n))) {
    alt.shape = Shape::kComponentsSuffix;
  } else if (n > 2 && tokens[1].kind == TokenKind::kStar && WithoutSlash(literal = LiteralIn(tokens, 2, n))) {
    alt.shape = Shape::kNameSuffix;
  } else if (n > 2 && tokens[n - 1].kind == TokenKind::kStar &&
             WithoutSlash(literal = LiteralIn(tokens, 1, n - 1))) {
    alt.shape = Shape::kNamePrefix;
  } else if (std::all_of(tokens.begin() + 1, tokens.end(),
                         [&](const Token& token) { return WithinComponent(token, classes); })) {
    alt.shape = Shape::kName;
    tokens.erase(tokens.begin());
  }
  if (literal) alt.literal = std::move(*literal);
  alt.tokens = std::move(tokens);
  return alt;
}

// Backtracking over the tokens, with failed (token, position) pairs remembered so that globs with many
// stars stay linear in practice and quadratic at worst.
class Matcher {
 public:
  Matcher(const std::vector<Token>& tokens, const std::vector<CharClass>& classes, std::string_view text)
      : tokens_(tokens),
        classes_(classes),
        text_(text),
        width_(text.size() + 1),
        failed_(FailedTable(tokens.size() * width_)) {}

  bool Match(size_t ti, size_t pi) {
    if (ti == tokens_.size()) return pi == text_.size();
    if (failed_[ti * width_ + pi]) return false;
    bool matched = Step(ti, pi);
    if (!matched) failed_[ti * width_ + pi] = 1;
    return matched;
  }

 private:
  bool Step(size_t ti, size_t pi) {
    const Token& token = tokens_[ti];
    const size_t n = text_.size();
    switch (token.kind) {
      case TokenKind::kLiteral:
        return pi < n && text_[pi] == token.literal && Match(ti + 1, pi + 1);
      case TokenKind::kAnyChar:
        return pi < n && text_[pi] != '/' && Match(ti + 1, pi + 1);
      case TokenKind::kClass:
        return pi < n && classes_[token.class_index].Contains(static_cast<unsigned char>(text_[pi])) &&
               Match(ti + 1, pi + 1);
      case TokenKind::kStar:
        for (size_t k = pi;; ++k) {
          if (NextCanStartAt(ti + 1, k) && Match(ti + 1, k)) return true;
          if (k == n || text_[k] == '/') return false;
        }
      case TokenKind::kRecursivePrefix:
        if (Match(ti + 1, pi)) return true;
        for (size_t k = pi; k < n; ++k) {
          if (text_[k] == '/' && Match(ti + 1, k + 1)) return true;
        }
        return false;
      case TokenKind::kRecursiveMiddle:
        if (pi >= n || text_[pi] != '/') return false;
        for (size_t k = pi; k < n; ++k) {
          if (text_[k] == '/' && Match(ti + 1, k + 1)) return true;
        }
        return false;
      case TokenKind::kRecursiveSuffix:
        return pi < n && text_[pi] == '/';
    }
    return false;
  }

  // A cheap look-ahead for stars: a literal that must come next rules most positions out.
  bool NextCanStartAt(size_t ti, size_t pi) const {
    return ti == tokens_.size() || tokens_[ti].kind != TokenKind::kLiteral ||
           (pi < text_.size() && text_[pi] == tokens_[ti].literal);
  }

  const std::vector<Token>& tokens_;
  const std::vector<CharClass>& classes_;
  std::string_view text_;
  size_t width_;
  std::vector<char>& failed_;

  // Reused across calls: allocating a table per match was most of the cost of an ignore-heavy walk.
  static std::vector<char>& FailedTable(size_t size) {
    thread_local std::vector<char> table;
    table.assign(size, 0);
    return table;
  }
};

std::string_view FinalComponent(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool HasDoubleStarPrefix(std::string_view glob) { return glob.starts_with("**/") || glob == "**"; }

}  // namespace

struct Glob::Impl {
  std::string pattern;
  std::vector<Alternative> alternatives;
  std::vector<CharClass> classes;
};

// The rewriting that ripgrep's gitignore.rs applies before handing a rule to globset.
Glob Glob::Compile(std::string_view pattern) {
  std::string actual(pattern);
  bool anchored = false;
  if (actual.starts_with('/')) {
    actual.erase(0, 1);
    anchored = true;
  }
  if (!anchored && actual.find('/') == std::string::npos && !HasDoubleStarPrefix(actual)) {
    actual.insert(0, "**/");
  }
  // globset lets "dir/**" match "dir" itself; gitignore means only what is inside.
  if (actual.ends_with("/**")) actual += "/*";

  ParsedGlob parsed = glob_internal::ParseGlob(actual, pattern);
  auto impl = std::make_unique<Impl>();
  impl->pattern = std::string(pattern);
  impl->classes = std::move(parsed.classes);
  for (auto& tokens : parsed.alternatives)
    impl->alternatives.push_back(Classify(std::move(tokens), impl->classes));
  return Glob(std::move(impl));
}

Glob::Glob(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Glob::Glob(Glob&&) noexcept = default;
Glob& Glob::operator=(Glob&&) noexcept = default;
Glob::~Glob() = default;

const std::string& Glob::pattern() const { return impl_->pattern; }

bool Glob::Matches(std::string_view path) const {
  for (const Alternative& alt : impl_->alternatives) {
    switch (alt.shape) {
      case Shape::kEverything:
        return true;
      case Shape::kExact:
        if (path == alt.literal) return true;
        break;
      case Shape::kComponentsSuffix:
        if (path.ends_with(alt.literal) &&
            (path.size() == alt.literal.size() || path[path.size() - alt.literal.size() - 1] == '/')) {
          return true;
        }
        break;
      case Shape::kNameSuffix:
        if (FinalComponent(path).ends_with(alt.literal)) return true;
        break;
      case Shape::kNamePrefix:
        if (FinalComponent(path).starts_with(alt.literal)) return true;
        break;
      case Shape::kName:
        if (Matcher(alt.tokens, impl_->classes, FinalComponent(path)).Match(0, 0)) return true;
        break;
      case Shape::kGeneral:
        if (Matcher(alt.tokens, impl_->classes, path).Match(0, 0)) return true;
        break;
    }
  }
  return false;
}

}  // namespace scry
