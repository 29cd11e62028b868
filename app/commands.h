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
};

struct SearchCommand {
  CommonOptions common;
  std::vector<std::string> patterns;  // PATTERN or -e, several
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

struct AskCommand {
  CommonOptions common;
  std::string question;
  std::string mode = "hybrid";
  size_t k = 10;
  PathFilterOptions filters;
  bool json = false;
  bool explain = false;
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
int RunFork(const ForkCommand& cmd);
int RunDrop(const DropCommand& cmd);
int RunGc(const GcCommand& cmd);
int RunSearch(const SearchCommand& cmd);
int RunStats(const StatsCommand& cmd);
int RunCheck(const CheckCommand& cmd);
int RunSymbols(const SymbolsCommand& cmd);
int RunChunks(const ChunksCommand& cmd);
int RunAsk(const AskCommand& cmd);
int RunEval(const EvalCommand& cmd);
int RunHooksInstall(const HooksCommand& cmd);
int RunHooksUninstall(const HooksCommand& cmd);
int RunHooksRun(const HooksCommand& cmd);
int RunHooksStatus(const HooksCommand& cmd);

}  // namespace scry
