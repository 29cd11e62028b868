// The scry subcommands.  main.cc parses the command line into these options and calls Run*; each
// returns the process exit status and throws scry::Error for anything the user must hear about.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/printer.h"
#include "indexer/chunk.h"
#include "indexer/document.h"
#include "indexer/http_embedder.h"
#include "indexer/walk.h"

namespace scry {

struct CommonOptions {
  std::optional<std::string> store;  // --store DIR
  std::string rev;                   // --rev REV of the commands that read a snapshot; empty: worktree
};

// -g, -t and -T, which every command that reads files takes (app/paths.h MakePathFilter).
struct PathFilterOptions {
  std::vector<std::string> globs, types, types_not;
};

struct IndexCommand {
  CommonOptions common;
  std::string dir = ".";
  WalkOptions walk;
  unsigned threads = 0;
  bool rebuild = false;
  bool no_parse = false;
  uint64_t max_parse_bytes = AnalyzeOptions{}.max_parse_bytes;
  ChunkBudget budget;
  std::vector<std::string> revs;  // --rev: commits, branches, tags, ranges A..B
  bool all_branches = false;
  bool no_embed = false, retrain = false;
  std::string embed_model;  // --embed-model: "unif" or "ncs"; empty: the store's kind
  uint64_t embed_train_mb = 8;
  // --embed-url and the rest: an HTTP model instead of an own one (indexer/http_embedder.h).
  std::string embed_url, embed_model_name;
  std::string embed_key_env = HttpEmbedderConfig{}.api_key_env;
  size_t embed_batch = HttpEmbedderConfig{}.batch_size;
};

struct SearchCommand {
  CommonOptions common;
  std::vector<std::string> patterns;  // PATTERN or -e, several
  std::optional<std::string> query;   // -q: the query language instead of patterns
  std::vector<std::string> paths;     // PATH...
  bool ignore_case = false, smart_case = false, case_sensitive = false;
  bool fixed_strings = false, word = false;
  PathFilterOptions filters;
  std::optional<uint32_t> context, before, after;
  uint64_t max_count = 0;
  bool files_with_matches = false, count = false, vimgrep = false, json = false;
  bool only_matching = false, column = false, null = false;
  std::optional<bool> line_numbers, heading;
  std::string color = "auto";
  std::string sort = "rank";  // or "path"
  bool hybrid = false;        // rank with the pattern's meaning too (query/hybrid_rank.h)
  bool explain = false;
  bool type_list = false;
  unsigned threads = 0;
};

struct StatsCommand {
  CommonOptions common;
  bool skipped = false;
};

struct SymbolsCommand {
  CommonOptions common;
  std::string query;  // a name, or /regex/
  bool exact = false, prefix = false, ignore_case = false;
  std::vector<std::string> kinds;  // -k, comma-separated lists
  PathFilterOptions filters;
  size_t limit = 100;
  bool json = false;
  bool explain = false;
};

// What `ask` and `context` take alike: the question, the retrievers to run (--mode) and -g/-t/-T.
struct QuestionOptions {
  std::string text;
  std::string mode = "hybrid";
  PathFilterOptions filters;
};

struct AskCommand {
  CommonOptions common;
  QuestionOptions question;
  size_t k = 10;
  bool json = false;
  bool explain = false;
};

struct ContextCommand {
  CommonOptions common;
  QuestionOptions question;
  int64_t budget = 8000;  // tokens; signed, so that a negative one is refused by name
  size_t k = 20;          // at most this many blocks
  bool json = false;
};

struct EvalCommand {
  CommonOptions common;
  std::string gold;  // JSON lines: {"query": ..., "targets": [{"path": ..., "line": N}]}
  bool json = false;
};

struct ChunksCommand {
  CommonOptions common;
  std::string file;
  bool json = false;
};

struct CheckCommand {
  CommonOptions common;
};

struct SnapshotsCommand {
  CommonOptions common;
  bool json = false;
};

struct McpCommand {
  CommonOptions common;
};

struct LspCommand {
  CommonOptions common;
};

struct ServeCommand {
  std::vector<std::string> stores;  // --store: one at most, refused by name otherwise
  std::string listen = "127.0.0.1:7070";
  int64_t time_limit_ms = 2000;  // signed, so that a negative one is refused by name
  unsigned threads = 16;
};

struct ForkCommand {
  CommonOptions common;
  std::string source;  // a snapshot name or a revision
  std::string name;
};

struct DropCommand {
  CommonOptions common;
  std::vector<std::string> names;
};

struct GcCommand {
  CommonOptions common;
};

struct HooksCommand {
  CommonOptions common;
};

int RunIndex(const IndexCommand& cmd);
int RunSnapshots(const SnapshotsCommand& cmd);
int RunMcp(const McpCommand& cmd);
int RunLsp(const LspCommand& cmd);
// `scry serve` and `scry mcp` run in scry-http (app/http_twin.h).
int RunServe(const ServeCommand& cmd);
int RunFork(const ForkCommand& cmd);
int RunDrop(const DropCommand& cmd);
int RunGc(const GcCommand& cmd);
int RunSearch(const SearchCommand& cmd);
int RunStats(const StatsCommand& cmd);
int RunCheck(const CheckCommand& cmd);
int RunSymbols(const SymbolsCommand& cmd);
int RunChunks(const ChunksCommand& cmd);
int RunAsk(const AskCommand& cmd);
int RunContext(const ContextCommand& cmd);
int RunEval(const EvalCommand& cmd);
int RunHooksInstall(const HooksCommand& cmd);
int RunHooksUninstall(const HooksCommand& cmd);
int RunHooksRun(const HooksCommand& cmd);
int RunHooksStatus(const HooksCommand& cmd);

}  // namespace scry
