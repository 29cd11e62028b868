// scry: index source code, search it like ripgrep, in milliseconds.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/commands.h"
#include "app/http_twin.h"
#include "indexer/word_vectors.h"
#include "query/path_filter.h"
#include "util/error.h"

namespace {

// A search decompresses each candidate's block into a fresh buffer that its results keep, and frees
// them as they are printed.  glibc gives the freed top of the heap back to the kernel past 128 KiB,
// and serves a block of a large file (over 128 KiB) from mmap, so the next blocks were faulted in
// and zeroed again page by page: half of a common search's page faults and a quarter of its CPU
// (spin_lock_irqsave on Linux: 17,600 faults and 200 ms, 10,000 and 140 ms with these), a fifth of
// the CPU of a server's request reading 5 MB.  Memory a command freed stays with it up to 256 MiB.
// Not for `index`: its buffers come and go by the hundred megabytes, and kept they raised its peak
// RSS on Linux by 110-270 MB for no speed.
void KeepFreedMemory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
}

// Whether the command line runs `cmd`.  Only its options are declared: declaring every command's
// took CLI11 2.5 million instructions, a ninth of a `scry fork` (1 ms on a slow machine).  `scry
// --help` lists the commands, which all exist; `scry CMD --help`, CMD's options.
bool Chosen(const CLI::App* cmd, int argc, char** argv) { return argc > 1 && cmd->check_name(argv[1]); }

void AddCommon(CLI::App* app, scry::CommonOptions* common) {
  app->add_option("--store", common->store, "Store directory (default: <root>/.git/scry or <root>/.scry)");
}

void AddRev(CLI::App* app, scry::CommonOptions* common) {
  app->add_option("--rev", common->rev,
                  "Read the snapshot of this indexed commit, branch or tag, or a snapshot by name "
                  "(default: the working tree)");
}

void AddPathFilterOptions(CLI::App* cmd, scry::PathFilterOptions* filters) {
  cmd->add_option("-g,--glob", filters->globs, "Include or, with '!', exclude paths (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("-t,--type", filters->types, "Only files of this type (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("-T,--type-not", filters->types_not, "Not files of this type (repeatable)")
      ->allow_extra_args(false);
}

// --store, --rev, the question, --mode and the path filters: what `ask` and `context` take alike.
void AddQuestionOptions(CLI::App* cmd, scry::CommonOptions* common, scry::QuestionOptions* question) {
  AddCommon(cmd, common);
  AddRev(cmd, common);
  cmd->add_option("question", question->text, "The question, e.g. \"where are failed requests retried\"")
      ->required();
  cmd->add_option("--mode", question->mode, "lexical, semantic or hybrid")->capture_default_str();
  AddPathFilterOptions(cmd, &question->filters);
}

void AddSearchOptions(CLI::App* cmd, scry::SearchCommand* s, std::vector<std::string>* positional) {
  cmd->add_option("-e,--regexp", s->patterns, "A pattern to search for (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("-q,--query", s->query,
                  "A query in scry's query language instead of a pattern: lang:go file:RE sym:NAME "
                  "\"literal\" /regex/ word, or, -, ( )")
      ->allow_extra_args(false);
  cmd->add_option("args", *positional, "PATTERN [PATH...]");
  cmd->add_flag("-i,--ignore-case", s->ignore_case, "Case-insensitive search");
  cmd->add_flag("-S,--smart-case", s->smart_case,
                "Case-insensitive unless the pattern has an upper-case letter");
  cmd->add_flag("-s,--case-sensitive", s->case_sensitive, "Case-sensitive search (the default)");
  cmd->add_flag("-F,--fixed-strings", s->fixed_strings, "Treat patterns as literals");
  cmd->add_flag("-w,--word-regexp", s->word, "Only matches surrounded by word boundaries");
  AddPathFilterOptions(cmd, &s->filters);
  cmd->add_option("-C,--context", s->context, "Lines of context around each match");
  cmd->add_option("-A,--after-context", s->after, "Lines of context after each match");
  cmd->add_option("-B,--before-context", s->before, "Lines of context before each match");
  cmd->add_option("-m,--max-count", s->max_count, "At most this many matching lines per file");
  cmd->add_flag("-l,--files-with-matches", s->files_with_matches, "Print only the paths with a match");
  cmd->add_flag("-c,--count", s->count, "Print the number of matching lines per file");
  cmd->add_flag("--vimgrep", s->vimgrep, "Print path:line:column:text for every match");
  cmd->add_flag("--json", s->json, "Print ripgrep's JSON Lines messages");
  cmd->add_flag("-o,--only-matching", s->only_matching, "Print only the matched parts");
  cmd->add_flag("--column", s->column, "Print column numbers");
  cmd->add_flag("-0,--null", s->null, "End paths with NUL (with -l)");
  cmd->add_flag_function(
      "-n,--line-number", [s](int64_t) { s->line_numbers = true; }, "Print line numbers");
  cmd->add_flag_function(
      "-N,--no-line-number", [s](int64_t) { s->line_numbers = false; }, "No line numbers");
  cmd->add_flag_function(
      "--heading", [s](int64_t) { s->heading = true; }, "Group matches under each path");
  cmd->add_flag_function(
      "--no-heading", [s](int64_t) { s->heading = false; }, "Path on every line");
  cmd->add_option("--color,--colour", s->color, "When to use colours: auto, always, never");
  cmd->add_option("--sort", s->sort,
                  "Order of files: rank (the default: definitions, then whole words, first) or path (as rg)")
      ->check(CLI::IsMember({"rank", "path"}));
  cmd->add_flag("--hybrid", s->hybrid,
                "Rank with what the pattern's words mean too (the store's word-vector model)");
  cmd->add_flag("--type-list", s->type_list, "List the file types -t and -T know, with their globs");
  cmd->add_flag("--explain", s->explain,
                "Print the RE2 pattern, the trigram plan and candidate counts to stderr");
  cmd->add_option("-j,--threads", s->threads, "Worker threads (default: one per core)");
}

}  // namespace

int main(int argc, char** argv) {
  scry::SetUpHttp(argc, argv);
  CLI::App app{"scry: indexed code search with ripgrep's results"};
  app.require_subcommand(1);

  scry::IndexCommand index;
  CLI::App* index_cmd = app.add_subcommand(
      "index", "Index a directory tree (default: the current directory), or commits with --rev");
  if (Chosen(index_cmd, argc, argv)) {
    AddCommon(index_cmd, &index.common);
    index_cmd->add_option("dir", index.dir, "Directory to index");
    index_cmd->add_flag("--hidden", index.walk.hidden, "Index hidden files and directories");
    index_cmd->add_flag("-L,--follow", index.walk.follow_symlinks, "Follow symbolic links");
    index_cmd->add_flag_function(
        "--no-ignore", [&](int64_t) { index.walk.ignore_files = false; },
        "Do not honour .gitignore, .ignore or .rgignore");
    index_cmd->add_option("-j,--threads", index.threads, "Worker threads (default: one per core)");
    index_cmd
        ->add_option("--rev", index.revs,
                     "Index a commit, branch, tag or range A..B from git's objects (repeatable); without "
                     "it, a git work tree is indexed as a fork of HEAD")
        ->allow_extra_args(false);
    index_cmd->add_flag("--all-branches", index.all_branches, "Index the head of every local branch");
    index_cmd->add_flag("--rebuild", index.rebuild, "Delete the existing index first (after damage)");
    index_cmd->add_flag("--no-embed", index.no_embed, "Do not train or compute the vectors of `scry ask`");
    index_cmd->add_flag("--retrain", index.retrain, "Train the store's model for `scry ask` again");
    index_cmd
        ->add_option("--embed-model", index.embed_model,
                     "The kind of model to train: unif (a supervised encoder, the default) or ncs (word "
                     "vectors only); another kind than the store's, or its --embed-url, trains anew")
        ->check(CLI::IsMember({"unif", "ncs"}));
    CLI::Option* embed_url =
        index_cmd
            ->add_option("--embed-url", index.embed_url,
                         "Embed chunks with this OpenAI-compatible server (POST URL/v1/embeddings: Ollama, "
                         "llama.cpp, a hosted API) instead of a model trained here; the store keeps it")
            ->excludes("--no-embed")
            ->excludes("--retrain")
            ->excludes("--embed-model");
    index_cmd->add_option("--embed-model-name", index.embed_model_name, "The model the server is to use")
        ->needs(embed_url);
    embed_url->needs("--embed-model-name");
    index_cmd
        ->add_option("--embed-key-env", index.embed_key_env,
                     "The environment variable holding the server's API key, sent as a Bearer token (its "
                     "name is kept in the store, never the key)")
        ->needs(embed_url)
        ->capture_default_str();
    index_cmd->add_option("--embed-batch", index.embed_batch, "Chunks sent to the server per request")
        ->needs(embed_url)
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    index_cmd
        ->add_option("--embed-train-mb", index.embed_train_mb,
                     "Source the word-vector model learns from, sampled evenly (MB)")
        ->capture_default_str();
    index_cmd->add_flag("--no-parse", index.no_parse,
                        "Chunk new documents in line windows, without tree-sitter (no symbols)");
    index_cmd
        ->add_option("--parse-max-bytes", index.max_parse_bytes,
                     "Larger files get line windows and no symbols")
        ->capture_default_str();
    index_cmd->add_option("--chunk-lines", index.budget.max_lines, "Most lines in a chunk")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    index_cmd->add_option("--chunk-bytes", index.budget.max_bytes, "Most bytes in a chunk")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    index_cmd
        ->add_option("--parse-timeout-ms", index.budget.max_parse_ms,
                     "Parse time after which a file gets line windows instead")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
  }

  scry::SearchCommand search;
  std::vector<std::string> positional;
  CLI::App* search_cmd = app.add_subcommand("search", "Search the index with a regular expression, like rg");
  if (Chosen(search_cmd, argc, argv)) {
    AddCommon(search_cmd, &search.common);
    AddRev(search_cmd, &search.common);
    AddSearchOptions(search_cmd, &search, &positional);
  }

  scry::StatsCommand stats;
  CLI::App* stats_cmd = app.add_subcommand("stats", "Print what the index holds, part by part");
  if (Chosen(stats_cmd, argc, argv)) {
    AddCommon(stats_cmd, &stats.common);
    AddRev(stats_cmd, &stats.common);
    stats_cmd->add_flag("--skipped", stats.skipped, "List the files left out of the index, with the reason");
  }

  scry::AskCommand ask;
  CLI::App* ask_cmd = app.add_subcommand(
      "ask", "Find the code that answers a question in plain words (lexical and semantic, fused)");
  if (Chosen(ask_cmd, argc, argv)) {
    AddQuestionOptions(ask_cmd, &ask.common, &ask.question);
    ask_cmd->add_option("-k", ask.k, "How many chunks to print")->capture_default_str();
    ask_cmd->add_flag("--json", ask.json, "One JSON object per result, with the signals behind its score");
    ask_cmd->add_flag("--explain", ask.explain, "Print to stderr the words looked for and the time taken");
  }

  scry::ContextCommand context;
  CLI::App* context_cmd = app.add_subcommand(
      "context", "Assemble the code that answers a question for a language model, under a token budget");
  if (Chosen(context_cmd, argc, argv)) {
    AddQuestionOptions(context_cmd, &context.common, &context.question);
    context_cmd->add_option("--budget", context.budget, "Most tokens to print, headers included (estimated)")
        ->capture_default_str();
    context_cmd->add_option("-k", context.k, "Most blocks of code to print")->capture_default_str();
    context_cmd->add_flag("--json", context.json, "One JSON object: the blocks and the tokens they use");
  }

  scry::EvalCommand eval;
  CLI::App* eval_cmd = app.add_subcommand(
      "eval", "Measure `scry ask` on a gold set: recall@1/5/10 and MRR, lexical, semantic and hybrid");
  if (Chosen(eval_cmd, argc, argv)) {
    AddCommon(eval_cmd, &eval.common);
    AddRev(eval_cmd, &eval.common);
    eval_cmd
        ->add_option("gold", eval.gold,
                     "JSON lines: {\"query\": ..., \"targets\": [{\"path\": ..., \"line\": N}]}")
        ->required();
    eval_cmd->add_flag("--json", eval.json, "One JSON object with every figure");
  }

  scry::SymbolsCommand symbols;
  CLI::App* symbols_cmd = app.add_subcommand(
      "symbols", "Find definitions by name: exact, prefix or fuzzy, or /regex/ (best matches first)");
  if (Chosen(symbols_cmd, argc, argv)) {
    AddCommon(symbols_cmd, &symbols.common);
    AddRev(symbols_cmd, &symbols.common);
    symbols_cmd->add_option("query", symbols.query, "A name, part of one, or /regex/")->required();
    symbols_cmd->add_flag("--exact", symbols.exact, "Only names equal to the query (ignoring case)");
    symbols_cmd->add_flag("--prefix", symbols.prefix, "Only names starting with the query (ignoring case)");
    symbols_cmd->add_flag("-i,--ignore-case", symbols.ignore_case, "Match a /regex/ ignoring case");
    symbols_cmd
        ->add_option("-k,--kind", symbols.kinds, "Only these kinds, comma-separated: function,method,...")
        ->allow_extra_args(false);
    AddPathFilterOptions(symbols_cmd, &symbols.filters);
    symbols_cmd->add_option("--limit", symbols.limit, "Print at most this many (0: all)")
        ->capture_default_str();
    symbols_cmd->add_flag("--json", symbols.json, "One JSON object per line");
    symbols_cmd->add_flag("--explain", symbols.explain, "Print to stderr how long opening and matching took");
  }

  scry::ChunksCommand chunks;
  CLI::App* chunks_cmd = app.add_subcommand("chunks", "Show how a file was chunked: lines, kind, name");
  if (Chosen(chunks_cmd, argc, argv)) {
    AddCommon(chunks_cmd, &chunks.common);
    AddRev(chunks_cmd, &chunks.common);
    chunks_cmd->add_option("file", chunks.file, "An indexed file")->required();
    chunks_cmd->add_flag("--json", chunks.json, "One JSON object per line");
  }

  scry::SnapshotsCommand snapshots;
  CLI::App* snapshots_cmd =
      app.add_subcommand("snapshots", "List the indexed snapshots: the working tree, commits, forks");
  if (Chosen(snapshots_cmd, argc, argv)) {
    AddCommon(snapshots_cmd, &snapshots.common);
    snapshots_cmd->add_flag("--json", snapshots.json, "One JSON object per line");
  }

  scry::McpCommand mcp;
  CLI::App* mcp_cmd =
      app.add_subcommand("mcp", "Serve the index to coding agents: Model Context Protocol over stdio");
  if (Chosen(mcp_cmd, argc, argv)) {
    AddCommon(mcp_cmd, &mcp.common);
  }

  scry::LspCommand lsp;
  CLI::App* lsp_cmd = app.add_subcommand(
      "lsp",
      "Serve the index to editors: Language Server Protocol over stdio (symbols, definitions, references)");
  if (Chosen(lsp_cmd, argc, argv)) {
    AddCommon(lsp_cmd, &lsp.common);
  }

  scry::ServeCommand serve;
  CLI::App* serve_cmd =
      app.add_subcommand("serve", "Serve the index over HTTP: a JSON API for search, symbols, files");
  if (Chosen(serve_cmd, argc, argv)) {
    serve_cmd
        ->add_option("--store", serve.stores, "Store directory (default: found from the current directory)")
        ->allow_extra_args(false);
    serve_cmd
        ->add_option("--listen", serve.listen,
                     "HOST:PORT to listen on; a host other than 127.0.0.1 or localhost serves the network")
        ->capture_default_str();
    serve_cmd->add_option("--time-limit-ms", serve.time_limit_ms, "Longest a search may run (504 past it)")
        ->capture_default_str();
    serve_cmd->add_option("--threads", serve.threads, "Requests served at once")->capture_default_str();
  }

  scry::ForkCommand fork;
  CLI::App* fork_cmd =
      app.add_subcommand("fork", "Copy a snapshot under a new name, instantly (it shares all data)");
  if (Chosen(fork_cmd, argc, argv)) {
    AddCommon(fork_cmd, &fork.common);
    fork_cmd->add_option("source", fork.source, "A snapshot name or an indexed revision")->required();
    fork_cmd->add_option("name", fork.name, "The new snapshot's name")->required();
  }

  scry::DropCommand drop;
  CLI::App* drop_cmd = app.add_subcommand("drop", "Drop snapshots, then delete what no snapshot reaches");
  if (Chosen(drop_cmd, argc, argv)) {
    AddCommon(drop_cmd, &drop.common);
    drop_cmd->add_option("names", drop.names, "Snapshot names or indexed revisions")->required();
  }

  scry::GcCommand gc;
  CLI::App* gc_cmd = app.add_subcommand("gc", "Merge small segments and delete what no snapshot reaches");
  if (Chosen(gc_cmd, argc, argv)) {
    AddCommon(gc_cmd, &gc.common);
  }

  scry::CheckCommand check;
  CLI::App* check_cmd = app.add_subcommand("check", "Verify every checksum in the store");
  if (Chosen(check_cmd, argc, argv)) {
    AddCommon(check_cmd, &check.common);
  }

  scry::HooksCommand hooks;
  CLI::App* hooks_cmd =
      app.add_subcommand("hooks", "Git hooks that re-index in the background after commits and checkouts");
  hooks_cmd->require_subcommand(1);
  CLI::App* hooks_install = hooks_cmd->add_subcommand(
      "install",
      "Install post-commit, post-checkout, post-merge and post-rewrite hooks (chaining any there)");
  CLI::App* hooks_uninstall =
      hooks_cmd->add_subcommand("uninstall", "Remove scry's hooks and restore the ones they chained");
  CLI::App* hooks_run = hooks_cmd->add_subcommand(
      "run", "Index the repository now, unless a run is under way (what the hooks call)");
  CLI::App* hooks_status =
      hooks_cmd->add_subcommand("status", "Show which hooks are installed and the last index runs");
  for (CLI::App* sub : {hooks_install, hooks_uninstall, hooks_run, hooks_status})
    AddCommon(sub, &hooks.common);

  // What `scry` runs in scry-http to train word vectors, which needs fastText (app/http_exec.cc).
  // Not for users: no group, so no help lists it.
  std::filesystem::path train_corpus, train_out;
  scry::WordVectorOptions train;
  CLI::App* train_cmd = app.add_subcommand("train-word-vectors", "")->group("");
  if (Chosen(train_cmd, argc, argv)) {
    train_cmd->add_option("corpus", train_corpus)->required();
    train_cmd->add_option("out", train_out)->required();
    train_cmd->add_option("--dimension", train.dimension);
    train_cmd->add_option("--epochs", train.epochs);
    train_cmd->add_option("--min-count", train.min_count);
    train_cmd->add_option("--window", train.window);
    train_cmd->add_option("--threads", train.threads);
    train_cmd->add_option("--seed", train.seed);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "scry: %s\n", e.what());
    return static_cast<int>(scry::ExitCode::kBadInput);
  }

  if (!*index_cmd) KeepFreedMemory();
  try {
    if (*index_cmd) return scry::RunIndex(index);
    if (*search_cmd) {
      if (search.type_list) {
        for (const std::string& line : scry::FileTypeList()) std::printf("%s\n", line.c_str());
        return 0;
      }
      auto args = positional.begin();
      if (search.patterns.empty() && !search.query) {
        if (args == positional.end())
          throw scry::Error(scry::ExitCode::kBadInput, "search: no pattern given");
        search.patterns.push_back(*args++);
      }
      search.paths.assign(args, positional.end());
      return scry::RunSearch(search);
    }
    if (*stats_cmd) return scry::RunStats(stats);
    if (*check_cmd) return scry::RunCheck(check);
    if (*symbols_cmd) return scry::RunSymbols(symbols);
    if (*ask_cmd) return scry::RunAsk(ask);
    if (*context_cmd) return scry::RunContext(context);
    if (*eval_cmd) return scry::RunEval(eval);
    if (*chunks_cmd) return scry::RunChunks(chunks);
    if (*snapshots_cmd) return scry::RunSnapshots(snapshots);
    if (*mcp_cmd) return scry::RunMcp(mcp);
    if (*lsp_cmd) return scry::RunLsp(lsp);
    if (*serve_cmd) return scry::RunServe(serve);
    if (*fork_cmd) return scry::RunFork(fork);
    if (*drop_cmd) return scry::RunDrop(drop);
    if (*gc_cmd) return scry::RunGc(gc);
    if (*hooks_install) return scry::RunHooksInstall(hooks);
    if (*hooks_uninstall) return scry::RunHooksUninstall(hooks);
    if (*hooks_run) return scry::RunHooksRun(hooks);
    if (*hooks_status) return scry::RunHooksStatus(hooks);
    if (*train_cmd) {
      scry::TrainWordVectors(train_corpus, train, train_out);
      return 0;
    }
  } catch (const scry::Error& e) {
    std::fflush(stdout);
    const char* hint =
        e.code() == scry::ExitCode::kCorrupt ? " (rebuild the index: `scry index --rebuild`)" : "";
    std::fprintf(stderr, "scry: %s%s\n", e.what(), hint);
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "scry: %s\n", e.what());
    return static_cast<int>(scry::ExitCode::kIo);
  }
  return 0;
}
