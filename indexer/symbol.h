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
  uint32_t name_line = 1;  // where the name itself is written, as above
  uint32_t name_column = 0;
  uint32_t signature_line = 1;  // the definition's first line after its comments and decorators
  std::string signature;        // SignatureText of that line
};

// A signature as shown: the line without its end of line and surrounding blanks, cut to 200 bytes
// at a UTF-8 character boundary (a minified file's first line can be megabytes long).
std::string_view SignatureText(std::string_view line);

// "function", "method", "class", ... (lower case, as a command would print them).
std::string_view SymbolKindName(SymbolKind kind);

// The kind SymbolKindName gives that name; nullopt for an unknown name.
std::optional<SymbolKind> SymbolKindFromName(std::string_view name);

// A bit for each character class a name can hold, ASCII letters folded: a-z are bits 0-25, 0-9 bits
// 26-35, '_' bit 36, any other byte one of bits 37-63 (its value modulo 27).  A name lacking one of a query's
// bits cannot match it in any way: a fuzzy lookup over a million names rejects most of them on this mask
// alone.
uint64_t CharMask(std::string_view text);

// The order of a segment's name table: ASCII-case-folded bytes, then bytes.  Negative, zero or
// positive like memcmp.
int CompareNames(std::string_view a, std::string_view b);

// CompareNames on the folded bytes only, `prefix` against the start of `name`: zero when `name`
// starts with `prefix` ignoring ASCII case.
int CompareFoldedPrefix(std::string_view name, std::string_view prefix);

// The kind a tags.scm capture name stands for: "definition.function" -> kFunction, ...; nullopt for
// captures that are not definitions (@name, @doc, @reference.*).
std::optional<SymbolKind> SymbolKindFromCapture(std::string_view capture);

// Refines a coarse tags.scm kind by the definition's node type: tree-sitter-c tags a
// `struct_specifier` as a class, tree-sitter-rust a `trait_item` as an interface, and so on.
SymbolKind RefineSymbolKind(SymbolKind kind, std::string_view node_type);

}  // namespace scry
