// A symbol as `scry symbols --json` and the servers show it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/document_lines.h"
#include "indexer/segment.h"
#include "indexer/store.h"
#include "query/symbol_search.h"

namespace scry {

// {name, kind, scope, qualified_name, language, path, start, end, name_position, signature, match};
// positions are {line (1-based), column (0-based bytes)}.  `path` as the caller shows it.
nlohmann::ordered_json SymbolJson(const SnapshotView& snapshot, const SymbolHit& hit, SymbolMode mode,
                                  const std::string& path, DocumentLines* lines);

}  // namespace scry
