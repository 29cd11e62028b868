// Glob patterns as git and ripgrep read them (gitignore(5) syntax): `*`, `?`, `[...]`, `**`, `\` escapes.
//
// One matcher serves .gitignore/.ignore rules at index time and -g/--glob at search time, so that both
// agree with ripgrep on which paths a glob names.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace scry {

class Glob {
 public:
  // Throws scry::Error(kBadInput) naming the glob when it cannot be parsed (e.g. an unclosed '[').
  // `pattern` is the glob alone: no leading '!' and no trailing '/'; callers of gitignore rules strip
  // those first.  A glob without a '/' matches a path's final component; one with a '/' is anchored
  // and matches the whole relative path.
  static Glob Compile(std::string_view pattern);

  Glob(Glob&&) noexcept;
  Glob& operator=(Glob&&) noexcept;
  ~Glob();

  // `path` is relative, '/'-separated, without a leading "./".
  bool Matches(std::string_view path) const;

  const std::string& pattern() const;

 private:
  struct Impl;
  explicit Glob(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace scry
