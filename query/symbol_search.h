// Finding definitions by name over a snapshot's symbol tables: `scry symbols QUERY`.
//
// Each segment keeps its distinct names sorted case-folded (indexer/segment_format.h), so an exact or
// prefix lookup is a binary search; a fuzzy or substring lookup scans the names, skipping on a
// 64-bit character mask the names that lack one of the query's characters; /regex/ runs RE2 over the
// names as lines of one buffer.  Hits in live documents are ranked: better name match, then ordinary
// code before tests and vendored code (query/path_prior.h), then path and line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/store.h"
#include "indexer/symbol.h"
#include "query/name_match.h"

namespace scry {

enum class SymbolMode {
  kAny,     // exact, prefix, substring and fuzzy matches, ranked in that order
  kExact,   // the whole name, ignoring ASCII case (exact case ranks first)
  kPrefix,  // names starting with the query, ignoring ASCII case
  kRegex,   // an rg regular expression that must match somewhere in the name (`/re/` on the command line)
};

struct SymbolQuery {
  std::string text;
  SymbolMode mode = SymbolMode::kAny;
  bool ignore_case = false;                            // kRegex: -i
  std::vector<SymbolKind> kinds;                       // empty: every kind
  std::function<bool(std::string_view path)> include;  // path filter, relative to the root; null: all
  size_t limit = 0;                                    // 0: every hit
  unsigned threads = 0;                                // 0: one per core
};

struct SymbolHit {
  uint32_t segment = 0;  // index into SnapshotView::segments
  uint32_t symbol = 0;   // symbol id in that segment
  uint32_t entry = 0;    // manifest entry: the path (one hit per path holding the document)
  NameScore score;
};

// Throws scry::Error(kBadInput) for an empty query or an invalid regex.
std::vector<SymbolHit> FindSymbols(const SnapshotView& snapshot, const SymbolQuery& query);

// A query as typed: /regex/ for a regex, else kAny.
SymbolQuery ParseSymbolQuery(std::string_view text);

// Kind names, alone or comma-separated ("function,method").  Throws scry::Error(kBadInput) naming an
// unknown kind and listing the known ones.
std::vector<SymbolKind> ParseSymbolKinds(const std::vector<std::string>& lists);

// The scope path a user reads: "pkg.Class.method", "net/http.(*Client).Do".
std::string QualifiedName(const Segment& segment, const SymbolRecord& symbol);

}  // namespace scry
