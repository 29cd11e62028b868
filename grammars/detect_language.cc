// DetectLanguage: file extension, then well-known file name, then the first line's shebang.
#include <utility>

#include "grammars/languages.h"

namespace scry {
namespace {

using enum Language;

// Case-sensitive like rg's globs: `.C` and `.H` are C++ by the old Unix convention.
constexpr std::pair<std::string_view, Language> kExtensions[] = {
    {"c", kC},
    {"h", kC},
    {"cc", kCpp},
    {"cpp", kCpp},
    {"cxx", kCpp},
    {"c++", kCpp},
    {"C", kCpp},
    {"hh", kCpp},
    {"hpp", kCpp},
    {"hxx", kCpp},
    {"h++", kCpp},
    {"H", kCpp},
    {"inl", kCpp},
    {"ipp", kCpp},
    {"cs", kCSharp},
    {"csx", kCSharp},
    {"go", kGo},
    {"java", kJava},
    {"js", kJavaScript},
    {"mjs", kJavaScript},
    {"cjs", kJavaScript},
    {"jsx", kJavaScript},
    {"ts", kTypeScript},
    {"mts", kTypeScript},
    {"cts", kTypeScript},
    {"tsx", kTsx},
    {"py", kPython},
    {"pyi", kPython},
    {"pyw", kPython},
    {"rs", kRust},
    {"rb", kRuby},
    {"rbw", kRuby},
    {"rake", kRuby},
    {"gemspec", kRuby},
    {"ru", kRuby},
    {"php", kPhp},
    {"php3", kPhp},
    {"php4", kPhp},
    {"php5", kPhp},
    {"phtml", kPhp},
    {"sh", kBash},
    {"bash", kBash},
    {"scala", kScala},
    {"sbt", kScala},
    {"sc", kScala},
};

// Files without a telling extension.  Makefiles are not here: no grammar of ours parses them.
constexpr std::pair<std::string_view, Language> kFileNames[] = {
    {"Rakefile", kRuby},      {"Gemfile", kRuby},      {"Guardfile", kRuby},    {"Vagrantfile", kRuby},
    {"Podfile", kRuby},       {"Brewfile", kRuby},     {".irbrc", kRuby},       {".bashrc", kBash},
    {".bash_profile", kBash}, {".bash_login", kBash},  {".bash_logout", kBash}, {".profile", kBash},
    {"bashrc", kBash},        {"bash_profile", kBash}, {"PKGBUILD", kBash},     {"APKBUILD", kBash},
};

// Interpreters named by a shebang, after any version suffix ("python3.11" -> "python").
constexpr std::pair<std::string_view, Language> kInterpreters[] = {
    {"sh", kBash},           {"bash", kBash},          {"dash", kBash},   {"ash", kBash},
    {"ksh", kBash},          {"python", kPython},      {"pypy", kPython}, {"node", kJavaScript},
    {"nodejs", kJavaScript}, {"ts-node", kTypeScript}, {"ruby", kRuby},   {"jruby", kRuby},
    {"php", kPhp},           {"scala", kScala},
};

template <size_t N>
std::optional<Language> Find(const std::pair<std::string_view, Language> (&table)[N], std::string_view key) {
  for (const auto& [name, language] : table) {
    if (name == key) return language;
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
