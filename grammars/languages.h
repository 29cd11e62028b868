#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "tree_sitter/api.h"

namespace scry {

// The languages scry parses.  The values are stored in segment files (ChunkRecord's language
// field, where 0 means none): never renumber, only append.
enum class Language : uint16_t {
  kC = 1,
  kCpp = 2,
  kCSharp = 3,
  kGo = 4,
  kJava = 5,
  kJavaScript = 6,
  kTypeScript = 7,
  kTsx = 8,
  kPython = 9,
  kRust = 10,
  kRuby = 11,
  kPhp = 12,
  kBash = 13,
  kScala = 14,
};

// Every language, in the order of their values.
std::span<const Language> AllLanguages();

// The functions below take one of the enumerators; any other value is undefined behaviour.

// The grammar, statically linked; never null.
const TSLanguage* TreeSitterLanguage(Language language);

// Lower-case names after rg's file types where one fits: "c", "cpp", "csharp", "go", "java",
// "js", "ts", "tsx", "python", "rust", "ruby", "php", "bash", "scala".
std::string_view LanguageName(Language language);
std::optional<Language> LanguageFromName(std::string_view name);

// The grammar's own queries/tags.scm (TypeScript and TSX: followed by JavaScript's, as their
// tree-sitter.json says), empty for a grammar that ships none.  Captures follow tree-sitter's
// tagging convention: @name inside @definition.* / @reference.*.
std::string_view TagsQuery(Language language);

// The language of a file from its path (extension, else well-known file name), else from its
// content: `<?php` at the start, or a shebang on the first line.  nullopt when none of ours.
// `.h` is C: a C++ header usually parses well enough as C, while C code often fails as C++.
// Only the first 256 bytes of `content` are read.
std::optional<Language> DetectLanguage(std::string_view path, std::string_view content);

}  // namespace scry
