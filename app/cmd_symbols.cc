#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/commands.h"
#include "app/paths.h"
#include "grammars/languages.h"
#include "indexer/store.h"
#include "query/path_filter.h"
#include "query/symbol_search.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

std::vector<SymbolKind> ParseKinds(const std::vector<std::string>& lists) {
  std::vector<SymbolKind> kinds;
  for (const std::string& list : lists) {
    std::stringstream in(list);
    for (std::string name; std::getline(in, name, ',');) {
      std::optional<SymbolKind> kind = SymbolKindFromName(name);
      if (!kind) {
        std::string known;
        for (uint16_t k = 0; k <= static_cast<uint16_t>(SymbolKind::kVariable); ++k) {
          known += known.empty() ? "" : ", ";
          known += SymbolKindName(static_cast<SymbolKind>(k));
        }
        throw Error(ExitCode::kBadInput, "-k " + name + ": unknown kind (known: " + known + ")");
      }
      kinds.push_back(*kind);
    }
  }
  return kinds;
}

SymbolQuery MakeQuery(const SymbolsCommand& cmd) {
  SymbolQuery query;
  query.text = cmd.query;
  if (query.text.size() >= 2 && query.text.front() == '/' && query.text.back() == '/') {
    query.text = query.text.substr(1, query.text.size() - 2);
    query.mode = SymbolMode::kRegex;
  } else if (cmd.exact) {
    query.mode = SymbolMode::kExact;
  } else if (cmd.prefix) {
    query.mode = SymbolMode::kPrefix;
  }
  query.ignore_case = cmd.ignore_case;
  query.kinds = ParseKinds(cmd.kinds);
  query.limit = cmd.limit;
  return query;
}

// The 1-based line `number` of `content`, without its '\n'.
std::string_view LineOf(std::string_view content, uint32_t number) {
  size_t start = 0;
  for (uint32_t line = 1; line < number; ++line) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) return {};
    start = end + 1;
  }
  return content.substr(start, content.find('\n', start) - start);
}

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

int RunSymbols(const SymbolsCommand& cmd) {
  SymbolQuery query = MakeQuery(cmd);
  PathFilter filter = MakePathFilter(cmd.filters);
  if (!filter.empty()) query.include = [&](std::string_view path) { return filter.Includes(path); };

  fs::path cwd = fs::current_path();
  StoreLocation store = FindStore(cwd, cmd.common.store);
  auto started = std::chrono::steady_clock::now();
  SnapshotView snapshot = OpenSnapshot(store, SnapshotForRevision(store, cmd.common.rev));
  auto opened = std::chrono::steady_clock::now();
  std::vector<SymbolHit> hits = FindSymbols(snapshot, query);
  if (cmd.explain) {
    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::fprintf(stderr, "symbols: opened the index in %.2f ms, found %zu hits in %.2f ms\n",
                 ms(opened - started), hits.size(), ms(std::chrono::steady_clock::now() - opened));
  }

  BlockReader reader;
  for (const SymbolHit& hit : hits) {
    const Segment& segment = *snapshot.segments[hit.segment];
    const SymbolRecord& symbol = segment.symbol(hit.symbol);
    std::string path = RelativeTo(cwd, store.root / std::string(snapshot.manifest->path(hit.entry)));
    std::string_view kind = SymbolKindName(static_cast<SymbolKind>(symbol.kind));
    std::string qualified = QualifiedName(segment, symbol);
    std::string signature(SignatureText(LineOf(segment.Content(symbol.doc, &reader), symbol.signature_line)));
    if (cmd.json) {
      auto language = static_cast<Language>(segment.doc(symbol.doc).language);
      nlohmann::ordered_json data = {
          {"name", segment.NameText(symbol.name)},
          {"kind", kind},
          {"scope", segment.String(symbol.scope)},
          {"qualified_name", qualified},
          {"language", LanguageName(language)},
          {"path", path},
          {"start", Position(symbol.first_line, symbol.first_column)},
          {"end", Position(symbol.last_line, symbol.last_column)},
          {"name_position", Position(symbol.name_line, symbol.name_column)},
          {"signature", signature},
          {"match", query.mode == SymbolMode::kRegex ? "regex" : MatchName(hit.score.match)},
      };
      nlohmann::ordered_json message = {{"type", "symbol"}, {"data", std::move(data)}};
      std::printf("%s\n", message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::printf("%s:%u:%u\t%.*s\t%s\t%s\n", path.c_str(), symbol.name_line, symbol.name_column + 1,
                  static_cast<int>(kind.size()), kind.data(), qualified.c_str(), signature.c_str());
    }
  }
  std::fflush(stdout);
  return hits.empty() ? 1 : 0;
}

}  // namespace scry
