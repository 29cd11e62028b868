#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>

#include "app/commands.h"
#include "app/human_bytes.h"
#include "app/progress.h"
#include "indexer/embeddings.h"
#include "indexer/ingest.h"
#include "indexer/worktree_indexer.h"
#include "util/error.h"
#include "vcs/commit_indexer.h"
#include "vcs/repository.h"

namespace scry {

namespace {

AnalyzeOptions AnalyzeOptionsOf(const IndexCommand& cmd) {
  AnalyzeOptions options;
  options.parse = !cmd.no_parse;
  options.budget = cmd.budget;
  options.max_parse_bytes = cmd.max_parse_bytes;
  return options;
}

// The commits --rev and --all-branches name, in order, each labelled with the revision that named it
// (a range's commits with their own short ids).
std::vector<CommitToIndex> CommitsToIndex(const IndexCommand& cmd, const Repository& repo) {
  std::vector<CommitToIndex> commits;
  for (const std::string& rev : cmd.revs) {
    std::vector<ObjectId> ids = repo.ResolveCommits(rev);
    bool range = rev.find("..") != std::string::npos;
    for (const ObjectId& id : ids) commits.push_back({id, range ? ObjectIdHex(id).substr(0, 12) : rev});
  }
  if (cmd.all_branches) {
    for (auto& [name, id] : repo.LocalBranches()) commits.push_back({id, name});
  }
  return commits;
}

void PrintCommit(const CommitSummary& s, const std::string& revision) {
  std::string name = s.commit.substr(0, 12);
  if (!revision.empty() && !s.commit.starts_with(revision)) name += " (" + revision + ")";
  if (s.already_indexed) {
    std::printf("commit %s is indexed already\n", name.c_str());
    return;
  }
  std::string from = s.parent.empty() ? "read whole" : "a fork of " + s.parent.substr(0, 12);
  std::printf(
      "indexed commit %s in %.3fs, %s: %llu files changed, %llu blobs read, %llu new documents; "
      "%llu files (%s)",
      name.c_str(), s.seconds, from.c_str(), static_cast<unsigned long long>(s.changed),
      static_cast<unsigned long long>(s.blobs_read), static_cast<unsigned long long>(s.counts.docs_added),
      static_cast<unsigned long long>(s.files), HumanBytes(s.bytes).c_str());
  if (s.skipped) std::printf("; %llu skipped", static_cast<unsigned long long>(s.skipped));
  std::printf("\n");
}

// The HTTP model this run embeds with: --embed-url's, else the store's unless --no-embed,
// --embed-model, --retrain or --rebuild (which start from an own model).  Opened before the run reads
// or writes anything: a bad URL stops it at once, and `scry` becomes scry-http here (app/http_twin.h).
std::optional<HttpModel> OpenHttpModel(const IndexCommand& cmd, const std::filesystem::path& store) {
  std::optional<HttpEmbedderConfig> endpoint;
  if (!cmd.embed_url.empty()) {
    endpoint.emplace();
    endpoint->url = cmd.embed_url;
    endpoint->model = cmd.embed_model_name;
    endpoint->api_key_env = cmd.embed_key_env;
    endpoint->batch_size = cmd.embed_batch;
  } else if (!cmd.no_embed && !cmd.retrain && !cmd.rebuild && cmd.embed_model.empty()) {
    endpoint = StoreEndpoint(store);
  }
  if (!endpoint) return std::nullopt;
  std::unique_ptr<Embedder> embedder = OpenHttpEmbedder(*endpoint);
  return HttpModel{std::move(*endpoint), std::move(embedder)};
}

void Embed(const IndexCommand& cmd, Ingest& ingest, std::optional<HttpModel>& http) {
  if (cmd.no_embed) return;
  EmbeddingOptions options;
  options.retrain = cmd.retrain;
  options.training_bytes = cmd.embed_train_mb << 20;
  if (!cmd.embed_model.empty())
    options.kind = cmd.embed_model == "ncs" ? OwnModel::kWordVectors : OwnModel::kEncoder;
  options.threads = cmd.threads;
  if (cmd.threads) options.model.threads = static_cast<int>(cmd.threads);  // -j 1: a reproducible model
  EmbeddingReport r;
  try {
    r = UpdateEmbeddings(ingest.store().dir, ingest.catalog(), options, http ? &*http : nullptr);
  } catch (const Error& e) {
    if (e.code() != ExitCode::kEmbedding) throw;
    throw Error(ExitCode::kEmbedding, std::string(e.what()) +
                                          " (the index is updated and searchable; the next `scry index` "
                                          "embeds what is left)");
  }
  if (r.model_id.empty()) return;  // a small tree: `scry ask` is lexical (r.skipped says why)
  if (r.trained) {
    std::printf("trained %s %s in %.1fs: %u words", r.encoder.pairs ? "an encoder" : "word vectors",
                r.model_id.c_str(), r.train_seconds, r.words);
    if (r.encoder.pairs) {
      std::printf(", %llu doc comments (held-out MRR %.3f, %.3f before training)",
                  static_cast<unsigned long long>(r.encoder.pairs), r.encoder.mrr_after,
                  r.encoder.mrr_before);
    }
    if (!r.no_encoder.empty()) std::printf(" (no encoder: %s)", r.no_encoder.c_str());
    std::printf("\n");
  }
  if (r.segments) {
    std::printf("embedded %llu chunks with %s in %.1fs\n", static_cast<unsigned long long>(r.chunks),
                r.model_id.c_str(), r.embed_seconds);
  }
}

}  // namespace

int RunIndex(const IndexCommand& cmd) {
  StoreLocation store = StoreForRoot(
      cmd.dir, cmd.common.store ? std::optional<std::filesystem::path>(*cmd.common.store) : std::nullopt);
  std::optional<Repository> repo = Repository::Discover(store.root);
  std::vector<CommitToIndex> commits;
  const bool named_commits = !cmd.revs.empty() || cmd.all_branches;
  if (named_commits) {
    if (!repo) {
      throw Error(ExitCode::kBadInput, "--rev and --all-branches need a git repository: " +
                                           store.root.string() + " is not in one");
    }
    commits = CommitsToIndex(cmd, *repo);
  } else if (repo && repo->workdir() == store.root) {
    // The working tree is indexed as a fork of HEAD's snapshot: index HEAD first, unless the
    // repository has no commit yet.
    if (std::optional<ObjectId> head = repo->Head()) commits.push_back({*head, "HEAD"});
  }
  std::optional<HttpModel> http = OpenHttpModel(cmd, store.dir);
  if (cmd.rebuild) std::filesystem::remove_all(store.dir);
  Ingest ingest(store);

  CommitIndexOptions commit_options;
  commit_options.threads = cmd.threads;
  commit_options.analyze = AnalyzeOptionsOf(cmd);
  if (!commits.empty()) {
    size_t next = 0;
    IndexCommits(ingest, *repo, commits, commit_options,
                 [&](const CommitSummary& s) { PrintCommit(s, commits[next++].revision); });
  }
  if (named_commits) {
    ingest.Compact();
    Embed(cmd, ingest, http);
    return 0;
  }

  Progress bar(stderr);
  IndexOptions options;
  options.walk = cmd.walk;
  options.threads = cmd.threads;
  options.analyze = commit_options.analyze;
  if (!commits.empty()) options.fork_from = ObjectIdHex(commits.front().commit);
  IndexProgress progress{[&](uint64_t files, uint64_t bytes) { bar.SetTotal(files, bytes, true); },
                         [&](uint64_t files, uint64_t bytes) { bar.Advance(files, bytes); }};
  IndexSummary s = IndexWorktree(ingest, options, progress);
  ingest.Compact();
  bar.Clear();
  // Before the summary, which stays the last line (hooks.log keeps it); after it, if the embedding
  // service failed: what was indexed is published, and the error line says what is left.
  std::exception_ptr embedding_failed;
  try {
    Embed(cmd, ingest, http);
  } catch (const Error& e) {
    if (e.code() != ExitCode::kEmbedding) throw;
    embedding_failed = std::current_exception();
  }
  std::printf(
      "indexed %llu files (%s) in %.1fs: %llu read, %llu new documents, %llu chunks, %llu symbols, "
      "%llu removed; index %s (%.2fx)",
      static_cast<unsigned long long>(s.files), HumanBytes(s.bytes).c_str(), s.seconds,
      static_cast<unsigned long long>(s.files_read), static_cast<unsigned long long>(s.counts.docs_added),
      static_cast<unsigned long long>(s.counts.chunks), static_cast<unsigned long long>(s.counts.symbols),
      static_cast<unsigned long long>(s.files_removed), HumanBytes(s.store_bytes).c_str(),
      s.bytes ? static_cast<double>(s.store_bytes) / s.bytes : 0.0);
  if (s.skipped)
    std::printf("; %llu skipped (scry stats --skipped)", static_cast<unsigned long long>(s.skipped));
  if (s.counts.parse_fell_back) {
    std::printf("; %llu parses ran out of time (line windows)",
                static_cast<unsigned long long>(s.counts.parse_fell_back));
  }
  if (s.counts.too_large_to_parse) {
    std::printf("; %llu files over %llu bytes not parsed (line windows)",
                static_cast<unsigned long long>(s.counts.too_large_to_parse),
                static_cast<unsigned long long>(options.analyze.max_parse_bytes));
  }
  if (s.symlinks) std::printf("; %llu symlinks not followed", static_cast<unsigned long long>(s.symlinks));
  std::printf("\n");
  if (embedding_failed) std::rethrow_exception(embedding_failed);
  return 0;
}

}  // namespace scry
