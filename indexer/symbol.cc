#include "indexer/symbol.h"

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
