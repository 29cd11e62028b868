#include "indexer/symbol.h"

#include <algorithm>
#include <array>
#include <utility>

namespace scry {

std::string_view SymbolKindName(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::kOther:
      return "other";
    case SymbolKind::kFunction:
      return "function";
    case SymbolKind::kMethod:
      return "method";
    case SymbolKind::kClass:
      return "class";
    case SymbolKind::kStruct:
      return "struct";
    case SymbolKind::kInterface:
      return "interface";
    case SymbolKind::kTrait:
      return "trait";
    case SymbolKind::kEnum:
      return "enum";
    case SymbolKind::kType:
      return "type";
    case SymbolKind::kModule:
      return "module";
    case SymbolKind::kNamespace:
      return "namespace";
    case SymbolKind::kConstant:
      return "constant";
    case SymbolKind::kMacro:
      return "macro";
    case SymbolKind::kField:
      return "field";
    case SymbolKind::kVariable:
      return "variable";
  }
  return "other";
}

std::string_view SignatureText(std::string_view line) {
  constexpr size_t kMaxBytes = 200;
  line = line.substr(0, line.find('\n'));
  size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
  if (line.size() > kMaxBytes) {
    size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    line = line.substr(0, cut);
  }
  return line;
}

std::optional<SymbolKind> SymbolKindFromName(std::string_view name) {
  for (uint16_t k = 0; k <= static_cast<uint16_t>(SymbolKind::kVariable); ++k) {
    if (SymbolKindName(static_cast<SymbolKind>(k)) == name) return static_cast<SymbolKind>(k);
  }
  return std::nullopt;
}

uint64_t CharMask(std::string_view text) {
  uint64_t mask = 0;
  for (unsigned char c : text) {
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    int bit;
    if (c >= 'a' && c <= 'z') {
      bit = c - 'a';
    } else if (c >= '0' && c <= '9') {
      bit = 26 + (c - '0');
    } else if (c == '_') {
      bit = 36;
    } else {
      // Spread over the 27 bits left rather than one "other" bit, so that a query for "::" or a
      // non-ASCII word still rejects most names.
      bit = 37 + c % 27;
    }
    mask |= uint64_t{1} << bit;
  }
  return mask;
}

namespace {

unsigned char Fold(char c) {
  auto b = static_cast<unsigned char>(c);
  return (b >= 'A' && b <= 'Z') ? b + ('a' - 'A') : b;
}

// Compares the first n bytes of a and b folded.
int CompareFolded(std::string_view a, std::string_view b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (Fold(a[i]) != Fold(b[i])) return Fold(a[i]) < Fold(b[i]) ? -1 : 1;
  }
  return 0;
}

}  // namespace

int CompareNames(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  if (int c = CompareFolded(a, b, n)) return c;
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

int CompareFoldedPrefix(std::string_view name, std::string_view prefix) {
  size_t n = std::min(name.size(), prefix.size());
  if (int c = CompareFolded(name, prefix, n)) return c;
  return name.size() < prefix.size() ? -1 : 0;
}

std::optional<SymbolKind> SymbolKindFromCapture(std::string_view capture) {
  constexpr std::string_view kPrefix = "definition.";
  if (!capture.starts_with(kPrefix)) return std::nullopt;
  capture.remove_prefix(kPrefix.size());
  // Every suffix the 14 grammars' tags.scm use, plus the ones indexer/symbol_rules.cc writes.
  static constexpr std::array<std::pair<std::string_view, SymbolKind>, 18> kSuffixes{{
      {"function", SymbolKind::kFunction},
      {"method", SymbolKind::kMethod},
      {"class", SymbolKind::kClass},
      {"struct", SymbolKind::kStruct},
      {"interface", SymbolKind::kInterface},
      {"trait", SymbolKind::kTrait},
      {"enum", SymbolKind::kEnum},
      {"type", SymbolKind::kType},
      {"module", SymbolKind::kModule},
      {"namespace", SymbolKind::kNamespace},
      {"constant", SymbolKind::kConstant},
      {"macro", SymbolKind::kMacro},
      {"field", SymbolKind::kField},
      {"property", SymbolKind::kField},
      {"variable", SymbolKind::kVariable},
      {"object", SymbolKind::kClass},  // Scala's singletons
      {"constructor", SymbolKind::kMethod},
      {"implementation", SymbolKind::kOther},
  }};
  for (const auto& [suffix, kind] : kSuffixes) {
    if (capture == suffix) return kind;
  }
  return SymbolKind::kOther;
}

SymbolKind RefineSymbolKind(SymbolKind kind, std::string_view node_type) {
  static constexpr std::array<std::pair<std::string_view, SymbolKind>, 20> kNodeKinds{{
      {"struct_specifier", SymbolKind::kStruct},
      {"union_specifier", SymbolKind::kStruct},
      {"struct_item", SymbolKind::kStruct},
      {"union_item", SymbolKind::kStruct},
      {"struct_declaration", SymbolKind::kStruct},
      {"trait_item", SymbolKind::kTrait},
      {"trait_definition", SymbolKind::kTrait},
      {"trait_declaration", SymbolKind::kTrait},
      {"enum_specifier", SymbolKind::kEnum},
      {"enum_item", SymbolKind::kEnum},
      {"enum_declaration", SymbolKind::kEnum},
      {"enum_definition", SymbolKind::kEnum},
      {"type_item", SymbolKind::kType},
      {"type_alias_declaration", SymbolKind::kType},
      {"namespace_definition", SymbolKind::kNamespace},
      {"namespace_declaration", SymbolKind::kNamespace},
      {"file_scoped_namespace_declaration", SymbolKind::kNamespace},
      {"record_declaration", SymbolKind::kClass},
      {"object_definition", SymbolKind::kClass},
      {"mod_item", SymbolKind::kModule},
  }};
  for (const auto& [type, refined] : kNodeKinds) {
    if (node_type == type) return refined;
  }
  return kind;
}

}  // namespace scry
