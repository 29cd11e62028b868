#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/paths.h"
#include "indexer/embeddings.h"
#include "query/ask.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

struct Target {
  std::string path;
  uint32_t line;
};

struct GoldQuery {
  std::string query;
  std::vector<Target> targets;
  bool shares_name_word = true;  // optional metadata: whether the query names the target
};

std::vector<GoldQuery> ReadGold(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw Error(ExitCode::kBadInput, file.string() + ": cannot read");
  std::vector<GoldQuery> gold;
  size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string where = file.string() + ":" + std::to_string(number) + ": ";
    try {
      nlohmann::json j = nlohmann::json::parse(line);
      GoldQuery q{j.at("query").get<std::string>(), {}, j.value("shares_name_word", true)};
      for (const nlohmann::json& t : j.at("targets")) {
        q.targets.push_back({t.at("path").get<std::string>(), t.at("line").get<uint32_t>()});
      }
      if (q.query.empty() || q.targets.empty())
        throw Error(ExitCode::kBadInput, where + "empty query or targets");
      gold.push_back(std::move(q));
    } catch (const nlohmann::json::exception& e) {
      throw Error(ExitCode::kBadInput, where + e.what());
    }
  }
  if (gold.empty()) throw Error(ExitCode::kBadInput, file.string() + ": no queries");
  return gold;
}

constexpr size_t kCutoffs[] = {1, 5, 10};

struct Metrics {
  size_t queries = 0;
  size_t within[3] = {0, 0, 0};  // a target within the first 1, 5, 10
  double reciprocal_ranks = 0;

  void Add(size_t rank) {  // 1-based, 0 for not found in the first 10
    ++queries;
    if (rank == 0) return;
    for (size_t i = 0; i < 3; ++i) within[i] += rank <= kCutoffs[i];
    reciprocal_ranks += 1.0 / static_cast<double>(rank);
  }
  double recall(size_t i) const { return queries ? static_cast<double>(within[i]) / queries : 0; }
  double mrr() const { return queries ? reciprocal_ranks / queries : 0; }
};

}  // namespace

int RunEval(const EvalCommand& cmd) {
  std::vector<GoldQuery> gold = ReadGold(cmd.gold);
  fs::path cwd = fs::current_path();
  StoreLocation store = FindStore(cwd, cmd.common.store);
  SnapshotView snapshot = OpenSnapshot(store, SnapshotForRevision(store, cmd.common.rev));
  std::unique_ptr<Embedder> embedder = OpenStoreEmbedder(store.dir);

  const std::pair<const char*, AskMode> modes[] = {
      {"lexical", AskMode::kLexical}, {"semantic", AskMode::kSemantic}, {"hybrid", AskMode::kHybrid}};
  nlohmann::ordered_json report = nlohmann::ordered_json::object();
  if (!cmd.json)
    std::printf("%-9s %-16s %8s %9s %9s %10s %7s\n", "mode", "queries", "count", "recall@1", "recall@5",
                "recall@10", "MRR");
  for (const auto& [name, mode] : modes) {
    if (mode != AskMode::kLexical && embedder == nullptr) continue;
    Metrics all, unnamed;
    for (const GoldQuery& q : gold) {
      AskRequest request;
      request.question = q.query;
      request.mode = mode;
      request.k = 10;
      request.embedder = embedder.get();
      request.store = store.dir;
      AskResult result = Ask(snapshot, request);
      size_t rank = 0;
      for (size_t i = 0; i < result.hits.size() && rank == 0; ++i) {
        const AskHit& hit = result.hits[i];
        const ChunkRecord& chunk = snapshot.segments[hit.ref.segment]->all_chunks()[hit.ref.chunk];
        std::string_view path = snapshot.manifest->path(hit.entry);
        for (const Target& t : q.targets) {
          if (path == t.path && chunk.first_line <= t.line && t.line <= chunk.last_line) rank = i + 1;
        }
      }
      all.Add(rank);
      if (!q.shares_name_word) unnamed.Add(rank);
    }
    for (const auto& [group, m] :
         {std::pair<const char*, const Metrics&>{"all", all}, {"no-shared-word", unnamed}}) {
      if (m.queries == 0) continue;
      if (cmd.json) {
        report[name][group] = {{"queries", m.queries},
                               {"recall@1", m.recall(0)},
                               {"recall@5", m.recall(1)},
                               {"recall@10", m.recall(2)},
                               {"mrr", m.mrr()}};
      } else {
        std::printf("%-9s %-16s %8zu %9.3f %9.3f %10.3f %7.3f\n", name, group, m.queries, m.recall(0),
                    m.recall(1), m.recall(2), m.mrr());
      }
    }
  }
  if (cmd.json) std::printf("%s\n", report.dump().c_str());
  return 0;
}

}  // namespace scry
