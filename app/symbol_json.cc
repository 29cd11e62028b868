#include "app/symbol_json.h"

#include "grammars/languages.h"

namespace scry {

namespace {

const char* MatchName(NameMatch match) {
  switch (match) {
    case NameMatch::kExact:
      return "exact";
    case NameMatch::kExactIgnoringCase:
      return "exact-ignoring-case";
    case NameMatch::kPrefix:
      return "prefix";
    case NameMatch::kSubstring:
      return "substring";
    case NameMatch::kFuzzy:
      return "fuzzy";
    case NameMatch::kNone:
      break;
  }
  return "none";
}

nlohmann::ordered_json Position(uint32_t line, uint32_t column) {
  return {{"line", line}, {"column", column}};
}

}  // namespace

nlohmann::ordered_json SymbolJson(const SnapshotView& snapshot, const SymbolHit& hit, SymbolMode mode,
                                  const std::string& path, DocumentLines* lines) {
  const Segment& segment = *snapshot.segments[hit.segment];
  const SymbolRecord& symbol = segment.symbol(hit.symbol);
  auto language = static_cast<Language>(segment.doc(symbol.doc).language);
  std::string signature(SignatureText(lines->Line(segment, symbol.doc, symbol.signature_line)));
  return {
      {"name", segment.NameText(symbol.name)},
      {"kind", SymbolKindName(static_cast<SymbolKind>(symbol.kind))},
      {"scope", segment.String(symbol.scope)},
      {"qualified_name", QualifiedName(segment, symbol)},
      {"language", LanguageName(language)},
      {"path", path},
      {"start", Position(symbol.first_line, symbol.first_column)},
      {"end", Position(symbol.last_line, symbol.last_column)},
      {"name_position", Position(symbol.name_line, symbol.name_column)},
      {"signature", signature},
      {"match", mode == SymbolMode::kRegex ? "regex" : MatchName(hit.score.match)},
  };
}

}  // namespace scry
