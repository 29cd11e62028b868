#include "grammars/languages.h"

#include <array>

#include "grammars/embedded_tags.h"

extern "C" {
const TSLanguage* tree_sitter_bash();
const TSLanguage* tree_sitter_c();
const TSLanguage* tree_sitter_c_sharp();
const TSLanguage* tree_sitter_cpp();
const TSLanguage* tree_sitter_go();
const TSLanguage* tree_sitter_java();
const TSLanguage* tree_sitter_javascript();
const TSLanguage* tree_sitter_php();
const TSLanguage* tree_sitter_python();
const TSLanguage* tree_sitter_ruby();
const TSLanguage* tree_sitter_rust();
const TSLanguage* tree_sitter_scala();
const TSLanguage* tree_sitter_tsx();
const TSLanguage* tree_sitter_typescript();
}

namespace scry {
namespace {

struct LanguageInfo {
  Language language;
  std::string_view name;
  const TSLanguage* (*grammar)();
};

// Indexed by the enum's value minus one.
constexpr std::array<LanguageInfo, 14> kLanguages = {{
    {Language::kC, "c", tree_sitter_c},
    {Language::kCpp, "cpp", tree_sitter_cpp},
    {Language::kCSharp, "csharp", tree_sitter_c_sharp},
    {Language::kGo, "go", tree_sitter_go},
    {Language::kJava, "java", tree_sitter_java},
    {Language::kJavaScript, "js", tree_sitter_javascript},
    {Language::kTypeScript, "ts", tree_sitter_typescript},
    {Language::kTsx, "tsx", tree_sitter_tsx},
    {Language::kPython, "python", tree_sitter_python},
    {Language::kRust, "rust", tree_sitter_rust},
    {Language::kRuby, "ruby", tree_sitter_ruby},
    {Language::kPhp, "php", tree_sitter_php},
    {Language::kBash, "bash", tree_sitter_bash},
    {Language::kScala, "scala", tree_sitter_scala},
}};

constexpr bool InValueOrder() {
  for (size_t i = 0; i < kLanguages.size(); ++i) {
    if (static_cast<size_t>(kLanguages[i].language) != i + 1) return false;
  }
  return true;
}
static_assert(InValueOrder(), "kLanguages must list the languages in the order of their values");

constexpr std::array<Language, kLanguages.size()> kAll = [] {
  std::array<Language, kLanguages.size()> all{};
  for (size_t i = 0; i < kLanguages.size(); ++i) all[i] = kLanguages[i].language;
  return all;
}();

const LanguageInfo& Info(Language language) { return kLanguages[static_cast<size_t>(language) - 1]; }

}  // namespace

std::span<const Language> AllLanguages() { return kAll; }

const TSLanguage* TreeSitterLanguage(Language language) { return Info(language).grammar(); }

std::string_view LanguageName(Language language) { return Info(language).name; }

std::optional<Language> LanguageFromName(std::string_view name) {
  for (const LanguageInfo& info : kLanguages) {
    if (info.name == name) return info.language;
  }
  return std::nullopt;
}

std::string_view TagsQuery(Language language) { return EmbeddedTags(LanguageName(language)); }

}  // namespace scry
