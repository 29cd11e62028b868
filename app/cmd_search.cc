#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "app/commands.h"
#include "app/paths.h"
#include "indexer/embeddings.h"
#include "indexer/store.h"
#include "query/compiled_query.h"
#include "query/hybrid_rank.h"
#include "query/path_filter.h"
#include "query/query_syntax.h"
#include "query/rank.h"
#include "query/search.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

// A PATH argument: the part of the index it names and how rg would print paths under it.
struct Scope {
  std::string rel;      // relative to the indexed root; "" is the whole root
  std::string display;  // the argument as written; "" when no PATH was given
  bool is_file = false;
};

bool Contains(const Scope& scope, std::string_view path) {
  if (scope.rel.empty()) return true;
  if (scope.is_file) return path == scope.rel;
  return path.size() > scope.rel.size() && path.starts_with(scope.rel) && path[scope.rel.size()] == '/';
}

std::vector<Scope> ResolveScopes(const std::vector<std::string>& paths, const SnapshotView& snapshot,
                                 const fs::path& root, const fs::path& cwd) {
  std::vector<Scope> scopes;
  if (paths.empty()) {
    std::string rel = RelativeTo(root, cwd);
    scopes.push_back({rel.starts_with("..") ? "" : rel, "", false});
    return scopes;
  }
  const Manifest& manifest = *snapshot.manifest;
  for (const std::string& arg : paths) {
    std::string rel = RelativeTo(root, cwd / arg);
    if (rel.starts_with("..")) {
      throw Error(ExitCode::kBadInput, arg + ": outside the index at " + root.string());
    }
    bool is_file = manifest.Find(rel) < manifest.size();
    if (!is_file && !rel.empty() && !fs::is_directory(root / rel)) {
      throw Error(ExitCode::kBadInput, arg + ": not in the index (no such file or directory)");
    }
    scopes.push_back({rel, arg, is_file});
  }
  return scopes;
}

std::string DisplayPath(const Scope& scope, std::string_view path, const fs::path& root,
                        const fs::path& cwd) {
  if (scope.display.empty()) {
    std::string rel = RelativeTo(cwd, root / path);
    return rel;
  }
  if (scope.is_file) return scope.display;
  std::string_view rest = scope.rel.empty() ? path : path.substr(scope.rel.size() + 1);
  std::string shown = scope.display;
  if (!shown.ends_with('/')) shown += '/';
  return shown + std::string(rest);
}

PrinterOptions MakePrinterOptions(const SearchCommand& cmd) {
  bool tty = isatty(STDOUT_FILENO) != 0;
  PrinterOptions o;
  if (cmd.json) {
    o.format = OutputFormat::kJson;
  } else if (cmd.vimgrep) {
    o.format = OutputFormat::kVimgrep;
  } else if (cmd.files_with_matches) {
    o.format = OutputFormat::kFilesWithMatches;
  } else if (cmd.count) {
    o.format = OutputFormat::kCount;
  }
  o.heading = cmd.heading.value_or(tty);
  o.line_numbers = cmd.line_numbers.value_or(tty || cmd.column);
  o.column = cmd.column;
  o.color = cmd.color == "always" || (cmd.color == "auto" && tty);
  o.only_matching = cmd.only_matching;
  o.before_context = cmd.before.value_or(cmd.context.value_or(0));
  o.after_context = cmd.after.value_or(cmd.context.value_or(0));
  o.null_after_path = cmd.null;
  if (cmd.max_count) o.max_count = cmd.max_count;
  return o;
}

// Plain lines, counts and path lists print no match positions, so the search need not find them.
bool NeedsSubmatches(const PrinterOptions& o) {
  switch (o.format) {
    case OutputFormat::kFilesWithMatches:
    case OutputFormat::kCount:
      return false;
    case OutputFormat::kStandard:
      return o.color || o.only_matching || o.column;
    case OutputFormat::kVimgrep:
    case OutputFormat::kJson:
      return true;
  }
  return true;
}

// -q: the query, checked against the flags it replaces.
PlannedQuery PlanQuery(const SearchCommand& cmd) {
  if (!cmd.patterns.empty() || cmd.fixed_strings || cmd.word) {
    throw Error(ExitCode::kBadInput, "search: -q takes the query language; -e, -F and -w do not apply to it");
  }
  CaseMode flags = cmd.case_sensitive ? CaseMode::kYes : cmd.ignore_case ? CaseMode::kNo : CaseMode::kAuto;
  return PlanQuery(*cmd.query, flags, cmd.common.rev);
}

}  // namespace

int RunSearch(const SearchCommand& cmd) {
  auto started = std::chrono::steady_clock::now();
  if (cmd.color != "auto" && cmd.color != "always" && cmd.color != "never" && cmd.color != "ansi") {
    throw Error(ExitCode::kBadInput,
                "--color: expected auto, always, never or ansi, got '" + cmd.color + "'");
  }
  if (cmd.hybrid && cmd.sort == "path") {
    throw Error(ExitCode::kBadInput, "--hybrid ranks files: it cannot be combined with --sort path");
  }
  if (cmd.hybrid && (cmd.files_with_matches || cmd.count)) {
    throw Error(ExitCode::kBadInput, "--hybrid ranks files: -l and -c print them in path order");
  }
  std::optional<PlannedQuery> query;
  std::optional<Pattern> own_pattern;
  if (cmd.query) {
    query = PlanQuery(cmd);
  } else {
    PatternOptions pattern_options;
    pattern_options.ignore_case = cmd.ignore_case && !cmd.case_sensitive;
    pattern_options.smart_case = cmd.smart_case && !cmd.case_sensitive;
    pattern_options.fixed_strings = cmd.fixed_strings;
    pattern_options.word = cmd.word;
    own_pattern = Pattern::Compile(cmd.patterns, pattern_options);
  }
  // Null for a query with no content atom shown.
  const Pattern* pattern = query ? query->compiled.lines() : &*own_pattern;
  // What the user typed, as words: for ranking by BM25 and, with --hybrid, by meaning.
  const std::vector<std::string>& terms = query ? query->compiled.terms() : cmd.patterns;

  PathFilter filter = MakePathFilter(cmd.filters);

  fs::path cwd = fs::current_path();
  StoreLocation store = FindStore(cwd, cmd.common.store);
  SnapshotView snapshot =
      OpenSnapshot(store, SnapshotForRevision(store, query ? query->rev : cmd.common.rev));
  std::vector<Scope> scopes = ResolveScopes(cmd.paths, snapshot, store.root, cwd);
  std::unique_ptr<Embedder> embedder = cmd.hybrid ? RequireStoreEmbedder(store.dir, "--hybrid") : nullptr;
  auto scope_of = [&](std::string_view path) -> const Scope* {
    for (const Scope& s : scopes) {
      if (Contains(s, path)) return &s;
    }
    return nullptr;
  };

  const TrigramQuery& plan = query ? query->compiled.plan() : pattern->prefilter();
  if (cmd.explain) {
    if (query) std::fprintf(stderr, "query: %s\n", ToString(query->root).c_str());
    std::fprintf(stderr, "re2: %s\ntrigrams: %s\n", pattern ? pattern->re2_pattern().c_str() : "-",
                 plan.ToString().c_str());
    if (pattern) std::fprintf(stderr, "lines: %s\n", pattern->DescribeLineSearch().c_str());
    if (embedder) {
      std::fprintf(stderr, "hybrid: \"%s\" with %s\n", PatternQuestion(terms).c_str(),
                   embedder->model_id().c_str());
    }
  }

  PrinterOptions printer_options = MakePrinterOptions(cmd);
  if (query && !query->compiled.shows_lines()) printer_options.format = OutputFormat::kFilesWithMatches;
  SearchRequest request = query ? query->compiled.Request(snapshot) : SearchRequest{};
  request.pattern = pattern;
  request.plan = &plan;
  request.max_count = printer_options.format == OutputFormat::kFilesWithMatches ? 1 : cmd.max_count;
  request.submatches = NeedsSubmatches(printer_options);
  request.threads = cmd.threads;
  request.include = [&](std::string_view path) {
    const Scope* scope = scope_of(path);
    if (scope == nullptr || (query && !query->compiled.MayMatch(path))) return false;
    if (filter.empty()) return true;
    std::string shown = DisplayPath(*scope, path, store.root, cwd);
    return filter.Includes(shown.starts_with("./") ? std::string_view(shown).substr(2)
                                                   : std::string_view(shown));
  };

  printer_options.find_matches = [&](std::string_view content, size_t line_start,
                                     std::vector<Submatch>* out) {
    if (pattern) pattern->MatchesInFileLine(content, line_start, out);
  };
  std::unique_ptr<Printer> printer = MakePrinter(printer_options, stdout);
  auto print = [&](FileResult&& r) {
    std::string_view path = snapshot.manifest->path(r.entry);
    FileMatches file{DisplayPath(*scope_of(path), path, store.root, cwd), r.content, {}};
    file.lines = std::move(r.lines);
    printer->PrintFile(file);
  };
  // Ranking looks at the matched lines, which -l and -c do not print: those stay in path order.
  bool ranked = cmd.sort == "rank" && printer_options.format != OutputFormat::kFilesWithMatches &&
                printer_options.format != OutputFormat::kCount;
  SearchStats stats;
  if (ranked) {
    request.submatches = true;
    Rerank rerank = embedder ? RerankByMeaning(snapshot, store.dir, *embedder, terms) : nullptr;
    stats = SearchRanked(snapshot, request, Ranker(snapshot, terms), print, rerank);
  } else {
    stats = Search(snapshot, request, print);
  }
  printer->Finish(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (cmd.explain) {
    std::fprintf(stderr, "candidates: %llu files, %llu bytes; matched %llu files\n",
                 static_cast<unsigned long long>(stats.candidates),
                 static_cast<unsigned long long>(stats.candidate_bytes),
                 static_cast<unsigned long long>(stats.files_with_match));
  }
  std::fflush(stdout);
  return stats.files_with_match > 0 ? 0 : 1;
}

}  // namespace scry
