// The answers of `ask` and `context` as JSON: what `--json` prints and the servers send.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "indexer/store.h"
#include "query/ask.h"
#include "query/context.h"

namespace scry {

// {path, start_line, end_line, symbol, scope, kind, score, signals: {lexical_rank, vector_rank, bm25,
// cosine, name_match}}; `path` as the caller shows it.
nlohmann::ordered_json AskHitJson(const SnapshotView& snapshot, const AskHit& hit, const std::string& path);

// {blocks: [{path, start_line, end_line, symbol, scope, kind, score, tokens, lines_cut, also_in, text}],
//  totals: {tokens, budget, truncated, hits_considered}}
nlohmann::ordered_json ContextJson(const Context& context, uint64_t budget, size_t hits_considered);

}  // namespace scry
