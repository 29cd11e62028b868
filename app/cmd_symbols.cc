#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/commands.h"
#include "app/paths.h"
#include "app/symbol_json.h"
#include "grammars/languages.h"
#include "indexer/store.h"
#include "query/path_filter.h"
#include "query/symbol_search.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

SymbolQuery MakeQuery(const SymbolsCommand& cmd) {
  SymbolQuery query = ParseSymbolQuery(cmd.query);
  if (query.mode != SymbolMode::kRegex && cmd.exact) query.mode = SymbolMode::kExact;
  if (query.mode != SymbolMode::kRegex && cmd.prefix) query.mode = SymbolMode::kPrefix;
  query.ignore_case = cmd.ignore_case;
  query.kinds = ParseSymbolKinds(cmd.kinds);
  query.limit = cmd.limit;
  return query;
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

  DocumentLines lines;
  for (const SymbolHit& hit : hits) {
    std::string path = RelativeTo(cwd, store.root / std::string(snapshot.manifest->path(hit.entry)));
    nlohmann::ordered_json data = SymbolJson(snapshot, hit, query.mode, path, &lines);
    if (cmd.json) {
      nlohmann::ordered_json message = {{"type", "symbol"}, {"data", std::move(data)}};
      std::printf("%s\n", message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::printf("%s:%u:%u\t%s\t%s\t%s\n", path.c_str(), data["name_position"]["line"].get<uint32_t>(),
                  data["name_position"]["column"].get<uint32_t>() + 1,
                  data["kind"].get<std::string>().c_str(), data["qualified_name"].get<std::string>().c_str(),
                  data["signature"].get<std::string>().c_str());
    }
  }
  std::fflush(stdout);
  return hits.empty() ? 1 : 0;
}

}  // namespace scry
