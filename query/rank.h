// Ranking a search's files, as zoekt does: a match in a symbol's name where it is defined first,
// then whole-word matches, then the rest; among equals, files holding more of a multi-term query's
// identifier subtokens (BM25), then ordinary code before tests, vendored and generated code
// (query/path_prior.h), then path order.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/store.h"
#include "query/search.h"

namespace scry {

// How good the best match of a file is.  Larger is better.
enum class MatchClass : uint8_t {
  kPartial = 0,     // inside a longer identifier
  kWord = 1,        // a whole word
  kDefinition = 2,  // on a symbol's name where the symbol is defined
};

struct FileScore {
  MatchClass best = MatchClass::kPartial;
  double bm25 = 0;
  int path_penalty = 0;

  // Better files compare greater.
  std::partial_ordering operator<=>(const FileScore& other) const;
  bool operator==(const FileScore& other) const = default;
};

class Ranker {
 public:
  // `patterns` are the user's patterns as typed: their identifier subtokens are the query's terms.
  Ranker(const SnapshotView& snapshot, const std::vector<std::string>& patterns);

  FileScore Score(const SnapshotView& snapshot, const FileResult& file) const;

 private:
  struct Term {
    std::string subtoken;
    double idf = 0;
  };
  std::vector<Term> terms_;  // only for a query of two or more terms: one term ranks by class alone
  double average_file_bytes_ = 1;
};

// A found file and its score, as SearchRanked holds it before printing.  `file.content` may be empty
// (see below); its matched lines are always there.
struct RankedFile {
  FileScore score;
  FileResult file;
};

// Reorders files that arrive best first by score, equal scores in path order (query/hybrid_rank.h).
using Rerank = std::function<void(std::vector<RankedFile>& files)>;

// Search with the files in rank order, best first, or in the order `rerank` makes of it; lines within
// a file stay in order.  Every file must be found before the first is printed: found files keep their
// decompressed content up to a budget (256 MiB); past it a file keeps its matched lines only, and its
// content is decompressed again for printing, so memory stays bounded however much matches.
SearchStats SearchRanked(const SnapshotView& snapshot, const SearchRequest& request, const Ranker& ranker,
                         const std::function<void(FileResult&&)>& on_file, const Rerank& rerank = nullptr);

}  // namespace scry
