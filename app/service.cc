#include "app/service.h"

#include <sys/stat.h>

#include <algorithm>

#include "app/answer_json.h"
#include "app/document_lines.h"
#include "app/symbol_json.h"
#include "indexer/embeddings.h"
#include "query/compiled_query.h"
#include "query/path_filter.h"
#include "query/rank.h"
#include "query/symbol_search.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace {

// How many revisions' snapshots stay open; the working tree's is one of them.
constexpr size_t kCachedSnapshots = 4;
// A matched line longer than this is cut: a minified file must not flood a client.
constexpr size_t kMaxLineBytes = 500;

std::string_view LineText(std::string_view content, uint64_t offset) {
  std::string_view line = content.substr(offset, content.find('\n', offset) - offset);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.substr(0, kMaxLineBytes);
}

}  // namespace

// The server opens its own catalog (OpenCatalog below), again when `index --rebuild` replaces it: the
// connection FindStore opened would go on reading the replaced one.
Service::Service(StoreLocation store, unsigned threads) : store_(std::move(store)), threads_(threads) {
  store_.catalog.reset();
}
Service::~Service() = default;

Catalog& Service::OpenCatalog() {
  std::filesystem::path path = CatalogPath(store_.dir);
  struct stat file;
  std::pair<uint64_t, uint64_t> identity{0, 0};
  if (stat(path.c_str(), &file) == 0) identity = {file.st_dev, file.st_ino};
  if (!catalog_ || identity != catalog_file_) {
    catalog_ = std::make_unique<Catalog>(path, false);
    catalog_file_ = identity;
    // A new catalog numbers its manifests afresh: an open snapshot's may be reused for another.
    cache_.clear();
  }
  return *catalog_;
}

std::shared_ptr<const SnapshotView> Service::Snapshot(const std::string& rev) {
  std::string name = SnapshotForRevision(store_, rev);
  std::lock_guard lock(mutex_);
  std::optional<SnapshotRow> row = OpenCatalog().Snapshot(name);
  auto cached = std::find_if(cache_.begin(), cache_.end(), [&](const Cached& c) { return c.name == name; });
  if (cached != cache_.end() && row && cached->manifest == row->manifest) return cached->view;
  auto view = std::make_shared<const SnapshotView>(OpenSnapshot(store_, name));
  if (cached != cache_.end()) cache_.erase(cached);
  if (cache_.size() == kCachedSnapshots) cache_.erase(cache_.begin());
  cache_.push_back({name, view->row.manifest, view});
  return view;
}

nlohmann::ordered_json Service::Search(const ServiceSearch& request) {
  PlannedQuery query = PlanQuery(request.query, CaseMode::kAuto, request.rev);
  std::shared_ptr<const SnapshotView> snapshot = Snapshot(query.rev);
  SearchRequest search = query.compiled.Request(*snapshot);
  search.threads = threads_;
  search.deadline = std::chrono::steady_clock::now() + request.time_limit;

  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  size_t seen = 0;
  uint64_t files = 0;
  SearchStats stats =
      SearchRanked(*snapshot, search, Ranker(*snapshot, query.compiled.terms()), [&](FileResult&& file) {
        files++;
        std::string path(snapshot->manifest->path(file.entry));
        if (!query.compiled.shows_lines()) {
          if (seen++ >= request.offset && results.size() < request.max_results)
            results.push_back({{"path", path}});
          return;
        }
        for (const MatchedLine& line : file.lines) {
          if (seen++ < request.offset || results.size() >= request.max_results) continue;
          uint64_t column = line.submatches.empty() ? 1 : line.submatches.front().begin + 1;
          results.push_back({{"path", path},
                             {"line", line.number},
                             {"column", column},
                             {"text", LineText(file.content, line.offset)}});
        }
      });
  if (stats.timed_out) {
    throw TimeLimitError(ExitCode::kBadInput,
                         "query: took longer than " + std::to_string(request.time_limit.count()) +
                             " ms; make it more selective (a longer literal, lang:, file:)");
  }
  nlohmann::ordered_json out = {{"results", std::move(results)}, {"files", files}};
  bool truncated = seen > request.offset + out["results"].size();
  out["truncated"] = truncated;
  if (truncated) out["next_offset"] = request.offset + out["results"].size();
  return out;
}

nlohmann::ordered_json Service::Symbols(const ServiceSymbols& request) {
  SymbolQuery query = ParseSymbolQuery(request.query);
  if (request.exact) query.mode = SymbolMode::kExact;
  query.kinds = ParseSymbolKinds(request.kinds);
  query.limit = request.max_results + 1;
  query.threads = threads_;
  PathFilter filter;
  if (!request.lang.empty()) {
    filter.AddType(request.lang);
    query.include = [&](std::string_view path) { return filter.Includes(path); };
  }
  std::shared_ptr<const SnapshotView> snapshot = Snapshot(request.rev);
  std::vector<SymbolHit> hits = FindSymbols(*snapshot, query);
  bool truncated = hits.size() > request.max_results;
  if (truncated) hits.resize(request.max_results);
  nlohmann::ordered_json symbols = nlohmann::ordered_json::array();
  DocumentLines lines;
  for (const SymbolHit& hit : hits) {
    const Segment& segment = *snapshot->segments[hit.segment];
    const SymbolRecord& record = segment.symbol(hit.symbol);
    nlohmann::ordered_json symbol =
        SymbolJson(*snapshot, hit, query.mode, std::string(snapshot->manifest->path(hit.entry)), &lines);
    // The line the name is on, for clients that count columns in UTF-16 code units (LSP).
    symbol["name_line_text"] = std::string(lines.Line(segment, record.doc, record.name_line));
    symbols.push_back(std::move(symbol));
  }
  return {{"symbols", std::move(symbols)}, {"truncated", truncated}};
}

nlohmann::ordered_json Service::Read(const ServiceRead& request) {
  std::shared_ptr<const SnapshotView> snapshot = Snapshot(request.rev);
  uint32_t entry = snapshot->manifest->Find(request.path);
  if (entry == Manifest::kNoEntry) {
    throw UnknownPathError(ExitCode::kBadInput, request.path +
                                                    ": not a file of the index (paths are relative to " +
                                                    store_.root.string() + ", as search results print them)");
  }
  if (request.start_line == 0 || (request.end_line != 0 && request.end_line < request.start_line)) {
    throw Error(ExitCode::kBadInput, "read: lines start at 1 and end_line may not be before start_line");
  }
  const EntryRecord& record = snapshot->manifest->entry(entry);
  BlockReader reader;
  std::string_view content = snapshot->segments[record.segment]->Content(record.doc, &reader);
  uint32_t last = request.end_line ? request.end_line : UINT32_MAX;
  last = std::min<uint64_t>(last, uint64_t{request.start_line} + std::max(request.max_lines, 1u) - 1);
  size_t begin = content.size(), end = content.size();
  uint32_t number = 1, total = 0;
  for (size_t pos = 0; pos < content.size(); ++number) {
    if (number == request.start_line) begin = pos;
    size_t next = content.find('\n', pos);
    next = next == std::string_view::npos ? content.size() : next + 1;
    if (number == last) end = next;
    pos = next;
    total = number;
  }
  if (request.start_line > total && total > 0) {
    throw Error(ExitCode::kBadInput, request.path + ": has " + std::to_string(total) + " lines, not " +
                                         std::to_string(request.start_line));
  }
  uint32_t shown_last = std::min(last, total);
  return {{"path", request.path},
          {"start_line", request.start_line},
          {"end_line", shown_last},
          {"total_lines", total},
          {"text", std::string(content.substr(begin, end - begin))},
          {"truncated", shown_last < std::min(request.end_line ? request.end_line : total, total)}};
}

AskResult Service::RunAsk(const SnapshotView& snapshot, const std::string& question, AskMode mode, size_t k) {
  std::unique_ptr<Embedder> embedder = mode == AskMode::kSemantic
                                           ? RequireStoreEmbedder(store_.dir, "mode semantic")
                                           : OpenStoreEmbedder(store_.dir);
  AskRequest request;
  request.question = question;
  request.mode = mode;
  request.k = k;
  request.embedder = embedder.get();
  request.store = store_.dir;
  return scry::Ask(snapshot, request);
}

nlohmann::ordered_json Service::Ask(const ServiceAsk& request) {
  if (request.k == 0) throw Error(ExitCode::kBadInput, "ask: k must be at least 1");
  std::shared_ptr<const SnapshotView> snapshot = Snapshot(request.rev);
  AskResult result = RunAsk(*snapshot, request.question, ParseAskMode(request.mode), request.k);
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const AskHit& hit : result.hits) {
    hits.push_back(AskHitJson(*snapshot, hit, std::string(snapshot->manifest->path(hit.entry))));
  }
  nlohmann::ordered_json answer = {{"results", std::move(hits)}, {"semantic", result.semantic}};
  if (!result.semantic_failure.empty()) answer["semantic_failure"] = result.semantic_failure;
  return answer;
}

nlohmann::ordered_json Service::Context(const ServiceContext& request) {
  if (request.budget == 0 || request.max_blocks == 0) {
    throw Error(ExitCode::kBadInput, "context: the budget and max_blocks must be at least 1");
  }
  std::shared_ptr<const SnapshotView> snapshot = Snapshot(request.rev);
  AskResult result =
      RunAsk(*snapshot, request.question, AskMode::kHybrid, request.max_blocks * kHitsPerBlock);
  ContextOptions options;
  options.budget = request.budget;
  options.max_blocks = request.max_blocks;
  nlohmann::ordered_json answer =
      ContextJson(AssembleContext(*snapshot, result.hits, options), request.budget, result.hits.size());
  if (!result.semantic_failure.empty()) answer["semantic_failure"] = result.semantic_failure;
  return answer;
}

nlohmann::ordered_json Service::Snapshots() {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::vector<SnapshotRow> snapshots;
  {
    std::lock_guard lock(mutex_);
    snapshots = OpenCatalog().Snapshots();
  }
  for (const SnapshotRow& row : snapshots) {
    rows.push_back({{"name", row.name},
                    {"rev", row.rev},
                    {"commit", row.commit},
                    {"parent", row.parent},
                    {"files", row.files},
                    {"bytes", row.bytes},
                    {"created_ns", row.created_ns}});
  }
  return {{"snapshots", std::move(rows)}};
}

}  // namespace scry
