// One store, served: what `scry mcp`, `scry lsp` and `scry serve` answer with, as JSON.
//
// Every request reads the newest published snapshot of the revision it names (the working tree by
// default): the catalog says which manifest that is, and an opened snapshot is kept and shared for as
// long as the catalog names the same manifest, so a server sees `scry index` (or a hook) publish
// without a restart and pays for opening a snapshot once per publication.  A request that is wrong
// (a bad query, an unknown path or revision) throws scry::Error with a message fit to show the user
// or the model that sent it; the server goes on.  Safe to call from many threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "indexer/catalog.h"
#include "indexer/store.h"
#include "query/ask.h"
#include "util/error.h"

namespace scry {

// Failures a server tells apart from a wrong request (HTTP 404 and 504); both are scry::Error(kBadInput)
// for a server that does not.
class UnknownPathError : public Error {
 public:
  using Error::Error;
};
class TimeLimitError : public Error {
 public:
  using Error::Error;
};

struct ServiceSearch {
  std::string query;        // the query language (query/query_syntax.h)
  std::string rev;          // empty: the working tree (a rev: in the query also selects)
  size_t max_results = 50;  // matched lines returned, best files first
  size_t offset = 0;        // lines to skip first: the next page starts where `truncated` said
  std::chrono::milliseconds time_limit{10000};
};

struct ServiceSymbols {
  std::string query;               // exact, prefix, substring or fuzzy; /regex/ for a regex
  std::vector<std::string> kinds;  // empty: every kind
  std::string lang;                // an rg type or language name; empty: every language
  std::string rev;
  size_t max_results = 50;
  bool exact = false;  // only names equal to the query ignoring ASCII case, exact case first
};

struct ServiceRead {
  std::string path;  // relative to the indexed root, as results print it
  std::string rev;
  uint32_t start_line = 1;  // 1-based, inclusive
  uint32_t end_line = 0;    // inclusive; 0: to the end (bounded by max_lines)
  uint32_t max_lines = 400;
};

struct ServiceAsk {
  std::string question;
  std::string mode = "hybrid";  // lexical, semantic or hybrid
  size_t k = 10;
  std::string rev;
};

struct ServiceContext {
  std::string question;
  uint64_t budget = 8000;  // tokens (query/context.h's estimate)
  size_t max_blocks = 20;
  std::string rev;
};

class Service {
 public:
  // `threads`: how many threads one request may search with; 0: one per core.  A server answering
  // many clients at once gives 1, its pool being the parallelism: more would only oversubscribe
  // the cores and queue requests behind each other's threads.
  explicit Service(StoreLocation store, unsigned threads = 0);
  ~Service();

  const StoreLocation& store() const { return store_; }

  // {"results": [{path, line, column, text}], "files": N, "truncated": bool, "next_offset"?: N};
  // TimeLimitError past request.time_limit.
  nlohmann::ordered_json Search(const ServiceSearch& request);
  // {"symbols": [SymbolJson (app/symbol_json.h) + name_line_text, the line the name is on],
  //  "truncated": bool}
  nlohmann::ordered_json Symbols(const ServiceSymbols& request);
  // {path, start_line, end_line, total_lines, text, truncated}; the path must be a file of the
  // snapshot, so nothing outside the index can be read (UnknownPathError).
  nlohmann::ordered_json Read(const ServiceRead& request);
  // {"results": [AskHitJson], "semantic": whether the vector side ran (the store has a model),
  //  "semantic_failure"?: why it did not although the store has one (its embedding service failed:
  //  hybrid answers with words alone)}
  nlohmann::ordered_json Ask(const ServiceAsk& request);
  // ContextJson (app/answer_json.h): the code for a model, under a token budget; "semantic_failure"
  // as Ask's.
  nlohmann::ordered_json Context(const ServiceContext& request);
  // {"snapshots": [{name, rev, commit, parent, files, bytes, created_ns}]}, oldest first.
  nlohmann::ordered_json Snapshots();

  // The newest snapshot for `rev` (empty: the working tree), shared while it stays the newest.
  std::shared_ptr<const SnapshotView> Snapshot(const std::string& rev);

 private:
  struct Cached {
    std::string name;
    uint64_t manifest = 0;
    std::shared_ptr<const SnapshotView> view;
  };

  AskResult RunAsk(const SnapshotView& snapshot, const std::string& question, AskMode mode, size_t k);
  // The catalog, kept open across requests (opening SQLite cost 0.2 ms of CPU, a twentieth of a
  // typical request); reopened, and the open snapshots dropped, if the file was replaced (`scry index
  // --rebuild`).  mutex_ held.
  Catalog& OpenCatalog();

  StoreLocation store_;
  unsigned threads_;
  std::mutex mutex_;
  std::vector<Cached> cache_;  // a few revisions at most
  std::unique_ptr<Catalog> catalog_;
  std::pair<uint64_t, uint64_t> catalog_file_{0, 0};  // device and inode of the file catalog_ opened
};

}  // namespace scry
