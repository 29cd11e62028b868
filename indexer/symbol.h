// Symbols: the definitions a source file holds (functions, classes, ...), with where they are and the
// scope they sit in.  tree-sitter finds them (indexer/symbol_rules.h, indexer/code_chunker.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scry {

// What a definition is.  The values are going to be stored on disk: never renumber, only append.
enum class SymbolKind : uint16_t {
  kOther = 0,
  kFunction = 1,
  kMethod = 2,
  kClass = 3,
  kStruct = 4,
  kInterface = 5,
  kTrait = 6,
  kEnum = 7,
  kType = 8,  // a type alias or typedef
  kModule = 9,
  kNamespace = 10,
  kConstant = 11,
  kMacro = 12,
  kField = 13,     // a field or property of a class or struct
  kVariable = 14,  // a module- or class-level variable (Scala val/var)
};

struct Symbol {
  std::string name;
  SymbolKind kind = SymbolKind::kOther;
  std::string scope;  // enclosing definitions, outermost first, joined by the language's separator
  // The whole definition, leading doc comment and decorators/attributes included: lines 1-based,
  // columns 0-based byte offsets within their line, last_column exclusive.
  uint32_t first_line = 1;
  uint32_t first_column = 0;
  uint32_t last_line = 1;
  uint32_t last_column = 0;
  uint64_t begin = 0;  // the same range in bytes: [begin, end)
  uint64_t end = 0;
  std::string signature;  // the definition's first line (after its comments and decorators), trimmed
};

// "function", "method", "class", ... (lower case, as a command would print them).
std::string_view SymbolKindName(SymbolKind kind);

// The kind a tags.scm capture name stands for: "definition.function" -> kFunction, ...; nullopt for
// captures that are not definitions (@name, @doc, @reference.*).
std::optional<SymbolKind> SymbolKindFromCapture(std::string_view capture);

// Refines a coarse tags.scm kind by the definition's node type: tree-sitter-c tags a
// `struct_specifier` as a class, tree-sitter-rust a `trait_item` as an interface, and so on.
SymbolKind RefineSymbolKind(SymbolKind kind, std::string_view node_type);

}  // namespace scry
