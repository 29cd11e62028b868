// DetectLanguage: file extension, then well-known file name, then the first line's shebang.
#include "grammars/languages.h"

namespace scry {
namespace {

using enum Language;

// Each table row: a language and the blank-separated words that name it.
struct Row {
  Language language;
  std::string_view words;
};

// Case-sensitive like rg's globs: `.C` and `.H` are C++ by the old Unix convention.
constexpr Row kExtensions[] = {
    {kC, "c h"},
    {kCpp, "cc cpp cxx c++ C hh hpp hxx h++ H inl ipp"},
    {kCSharp, "cs csx"},
    {kGo, "go"},
    {kJava, "java"},
    {kJavaScript, "js mjs cjs jsx"},
    {kTypeScript, "ts mts cts"},
    {kTsx, "tsx"},
    {kPython, "py pyi pyw"},
    {kRust, "rs"},
    {kRuby, "rb rbw rake gemspec ru"},
    {kPhp, "php php3 php4 php5 phtml"},
    {kBash, "sh bash"},
    {kScala, "scala sbt sc"},
};

// Files without a telling extension.  Makefiles are not here: no grammar of ours parses them.
constexpr Row kFileNames[] = {
    {kRuby, "Rakefile Gemfile Guardfile Vagrantfile Podfile Brewfile .irbrc"},
    {kBash, ".bashrc .bash_profile .bash_login .bash_logout .profile bashrc bash_profile PKGBUILD APKBUILD"},
};

// Interpreters named by a shebang, after any version suffix ("python3.11" -> "python").  zsh is
// left out: tree-sitter-bash fails on much of its syntax.
constexpr Row kInterpreters[] = {
    {kBash, "sh bash dash ash ksh"},
    {kPython, "python pypy"},
    {kJavaScript, "node nodejs"},
    {kTypeScript, "ts-node"},
    {kRuby, "ruby jruby"},
    {kPhp, "php"},
    {kScala, "scala"},
};

// The language whose row has `key` as a whole word.
std::optional<Language> Find(std::span<const Row> table, std::string_view key) {
  if (key.empty() || key.find(' ') != std::string_view::npos) return std::nullopt;
  for (const Row& row : table) {
    for (size_t at = row.words.find(key); at != std::string_view::npos; at = row.words.find(key, at + 1)) {
      size_t end = at + key.size();
      bool starts_word = at == 0 || row.words[at - 1] == ' ';
      bool ends_word = end == row.words.size() || row.words[end] == ' ';
      if (starts_word && ends_word) return row.language;
    }
  }
  return std::nullopt;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Splits off the next blank-separated word of `line`.
std::string_view NextWord(std::string_view& line) {
  size_t begin = 0;
  while (begin < line.size() && IsSpace(line[begin])) ++begin;
  size_t end = begin;
  while (end < line.size() && !IsSpace(line[end])) ++end;
  std::string_view word = line.substr(begin, end - begin);
  line.remove_prefix(end);
  return word;
}

std::optional<Language> FromShebang(std::string_view content) {
  // Linux reads at most 256 bytes of a shebang line; a longer first line is not one.
  std::string_view line = content.substr(0, 256);
  if (!line.starts_with("#!")) return std::nullopt;
  line.remove_prefix(2);
  line = line.substr(0, line.find('\n'));
  std::string_view program = BaseName(NextWord(line));
  if (program == "env") {
    // `env [-S] [-i] [NAME=value...] program`: the first word that is neither names the program.
    do {
      program = NextWord(line);
    } while (!program.empty() && (program.starts_with('-') || program.find('=') != std::string_view::npos));
    program = BaseName(program);
  }
  while (!program.empty() && ((program.back() >= '0' && program.back() <= '9') || program.back() == '.')) {
    program.remove_suffix(1);
  }
  return Find(kInterpreters, program);
}

}  // namespace

std::optional<Language> DetectLanguage(std::string_view path, std::string_view content) {
  std::string_view name = BaseName(path);
  // A leading dot starts a hidden file's name, not an extension (".bashrc").
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    if (auto language = Find(kExtensions, name.substr(dot + 1))) return language;
  }
  if (auto language = Find(kFileNames, name)) return language;
  if (content.starts_with("<?php")) return kPhp;
  return FromShebang(content);
}

}  // namespace scry
