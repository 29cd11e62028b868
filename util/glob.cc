#include "util/glob.h"

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
  kEverything,        // "**"
  kGeneral,
};

struct Alternative {
  Shape shape = Shape::kGeneral;
  std::string literal;
  std::vector<Token> tokens;
};

// The literal spelled by tokens[from..], or nullopt if any of them is not a literal.
std::optional<std::string> LiteralFrom(const std::vector<Token>& tokens, size_t from) {
  std::string literal;
  for (size_t i = from; i < tokens.size(); ++i) {
    if (tokens[i].kind != TokenKind::kLiteral) return std::nullopt;
    literal.push_back(tokens[i].literal);
  }
  return literal;
}

Alternative Classify(std::vector<Token> tokens) {
  Alternative alt;
  const bool recursive_prefix = !tokens.empty() && tokens[0].kind == TokenKind::kRecursivePrefix;
  const bool then_star = recursive_prefix && tokens.size() > 2 && tokens[1].kind == TokenKind::kStar;
  if (recursive_prefix && tokens.size() == 1) {
    alt.shape = Shape::kEverything;
  } else if (auto exact = LiteralFrom(tokens, 0)) {
    alt.shape = Shape::kExact;
    alt.literal = std::move(*exact);
  } else if (auto tail = recursive_prefix ? LiteralFrom(tokens, 1) : std::nullopt) {
    alt.shape = Shape::kComponentsSuffix;
    alt.literal = std::move(*tail);
  } else if (auto suffix = then_star ? LiteralFrom(tokens, 2) : std::nullopt;
             suffix && suffix->find('/') == std::string::npos) {
    alt.shape = Shape::kNameSuffix;
    alt.literal = std::move(*suffix);
  }
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
        failed_(tokens.size() * width_, false) {}

  bool Match(size_t ti, size_t pi) {
    if (ti == tokens_.size()) return pi == text_.size();
    if (failed_[ti * width_ + pi]) return false;
    bool matched = Step(ti, pi);
    if (!matched) failed_[ti * width_ + pi] = true;
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
          if (Match(ti + 1, k)) return true;
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

  const std::vector<Token>& tokens_;
  const std::vector<CharClass>& classes_;
  std::string_view text_;
  size_t width_;
  std::vector<bool> failed_;
};

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
  for (auto& tokens : parsed.alternatives) impl->alternatives.push_back(Classify(std::move(tokens)));
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
      case Shape::kNameSuffix: {
        size_t slash = path.rfind('/');
        std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
        if (name.ends_with(alt.literal)) return true;
        break;
      }
      case Shape::kGeneral:
        if (Matcher(alt.tokens, impl_->classes, path).Match(0, 0)) return true;
        break;
    }
  }
  return false;
}

}  // namespace scry
