#include "vcs/commit_indexer.h"

#include <chrono>
#include <cstring>
#include <optional>
#include <thread>

#include "indexer/manifest_builder.h"
#include "indexer/store.h"
#include "util/error.h"
#include "util/ordered_parallel.h"
#include "vcs/ancestors.h"
#include "vcs/attributes.h"
#include "vcs/tree_diff.h"

namespace scry {

namespace {

// git's rule (buffer_is_binary): a NUL byte among the first 8,000 bytes makes a blob binary.
constexpr size_t kGitBinaryProbe = 8000;

int64_t NowNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A blob of the commit that must be read from git: content the store has not seen.
struct BlobToRead {
  const TreeChange* change;
  PathAttributes attributes;
  std::optional<DocLocation> replaces;  // the path's document in the parent snapshot
};

// What a worker made of a blob: a document, or the reason it is left out.
struct ReadBlob {
  std::optional<Document> doc;
  std::string skip_reason;
};

ReadBlob ReadAndAnalyze(const Repository& repo, const BlobToRead& blob, const AnalyzeOptions& options,
                        TrigramCollector* collector) {
  git_oid oid = ToGitOid(blob.change->blob);
  git_blob* object = nullptr;
  CheckGit(git_blob_lookup(&object, repo.get(), &oid),
           "cannot read blob " + ObjectIdHex(blob.change->blob) + " (" + blob.change->path + ")");
  Document doc;
  doc.content.assign(static_cast<const char*>(git_blob_rawcontent(object)),
                     static_cast<size_t>(git_blob_rawsize(object)));
  git_blob_free(object);
  ReadBlob result;
  if (!blob.attributes.text.value_or(false)) {
    const void* nul = std::memchr(doc.content.data(), '\0', std::min(doc.content.size(), kGitBinaryProbe));
    if (nul != nullptr) {
      result.skip_reason =
          "binary: NUL byte at offset " + std::to_string(static_cast<const char*>(nul) - doc.content.data());
      return result;
    }
  }
  doc.blob = blob.change->blob;
  AnalyzeDocument(&doc, blob.change->path, options, collector);
  result.doc = std::move(doc);
  return result;
}

uint32_t EntryFlagsOf(const PathAttributes& a) {
  uint32_t flags = 0;
  if (a.generated) flags |= kGenerated;
  if (a.vendored) flags |= kVendored;
  return flags;
}

// The indexed commits, newest first.
std::vector<ObjectId> IndexedCommits(Catalog& catalog) {
  std::vector<ObjectId> indexed;
  std::vector<SnapshotRow> rows = catalog.Snapshots();
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    if (row->name != row->commit) continue;  // a copy made by `scry fork` holds the same files
    if (std::optional<ObjectId> id = ObjectIdFromHex(row->commit)) indexed.push_back(*id);
  }
  return indexed;
}

// Indexes one commit; the Ingest publishes it.
class CommitIndexer {
 public:
  CommitIndexer(Ingest& ingest, const Repository& repo, const CommitIndexOptions& options)
      : ingest_(ingest), repo_(repo), options_(options), attributes_(repo) {}

  CommitSummary Index(const CommitToIndex& target) {
    auto start = std::chrono::steady_clock::now();
    CommitSummary summary;
    summary.commit = ObjectIdHex(target.commit);
    if (ingest_.catalog().Snapshot(summary.commit)) {
      summary.already_indexed = true;
      return summary;
    }
    const IngestCounts counts_before = ingest_.counts();
    std::optional<ObjectId> parent = NearestIndexed(repo_, target.commit, IndexedCommits(ingest_.catalog()));
    std::optional<SnapshotView> parent_view;
    if (parent) {
      summary.parent = ObjectIdHex(*parent);
      parent_view = OpenSnapshot(ingest_.store(), summary.parent);
    }
    ManifestBuilder files(parent_view ? parent_view->manifest.get() : nullptr);
    uint64_t bytes = parent_view ? parent_view->row.bytes : 0;

    std::vector<TreeChange> changes = DiffCommits(repo_, parent, target.commit);
    summary.changed = changes.size();
    std::vector<BlobToRead> to_read;
    for (const TreeChange& change : changes) {
      std::optional<ManifestEntry> old = files.Get(change.path);
      if (old) bytes -= old->size;
      files.Remove(change.path);
      files.Unskip(change.path);
      if (change.removed) continue;
      if (change.mode == kGitlinkMode) {
        files.Skip(change.path, "submodule");
        continue;
      }
      if (change.mode == kSymlinkMode) {
        files.Skip(change.path, "symbolic link");
        continue;
      }
      PathAttributes attributes = attributes_.Read(change.path);
      if (attributes.text == false) {
        files.Skip(change.path, "binary: the diff attribute is unset");
        continue;
      }
      if (std::optional<DocLocation> known = ingest_.Find(change.blob)) {
        files.Put({change.path, known->segment_id, known->doc, known->size, 0, EntryFlagsOf(attributes)});
        bytes += known->size;
        continue;
      }
      std::optional<DocLocation> replaces;
      if (old) replaces = DocLocation{old->segment_id, old->doc, old->size};
      to_read.push_back({&change, attributes, replaces});
    }
    summary.blobs_read = to_read.size();
    ReadNewBlobs(to_read, &files, &bytes);

    summary.files = files.size();
    summary.bytes = bytes;
    ingest_.Publish(files, {summary.commit, 0, NowNanoseconds(), summary.files, summary.bytes, summary.commit,
                            target.revision, summary.parent});
    summary.skipped = files.skipped_count();
    summary.counts = ingest_.counts() - counts_before;
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
  }

 private:
  // Reads and analyses blobs on worker threads, each with its own repository handle (libgit2 objects
  // are not shared between threads), and stores them here in order.
  void ReadNewBlobs(const std::vector<BlobToRead>& to_read, ManifestBuilder* files, uint64_t* bytes) {
    if (to_read.empty()) return;
    unsigned threads =
        options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<size_t>(threads, to_read.size()));
    std::vector<Repository> repos;
    for (unsigned t = 0; t < threads; ++t) repos.push_back(*Repository::Discover(repo_.git_dir()));
    std::vector<TrigramCollector> collectors(threads);
    OrderedParallel<ReadBlob>(
        to_read.size(), threads, 256,
        [&](unsigned worker, size_t i) {
          return ReadAndAnalyze(repos[worker], to_read[i], options_.analyze, &collectors[worker]);
        },
        [&](size_t i, ReadBlob&& r) {
          const BlobToRead& blob = to_read[i];
          if (!r.doc) {
            files->Skip(blob.change->path, r.skip_reason);
            return;
          }
          std::optional<DocLocation> location = ingest_.Find(r.doc->blob);
          if (!location) location = ingest_.Add(*r.doc, blob.replaces);
          files->Put({blob.change->path, location->segment_id, location->doc, location->size, 0,
                      EntryFlagsOf(blob.attributes)});
          *bytes += location->size;
        });
  }

  Ingest& ingest_;
  const Repository& repo_;
  const CommitIndexOptions& options_;
  AttributeReader attributes_;
};

}  // namespace

void IndexCommits(Ingest& ingest, const Repository& repo, const std::vector<CommitToIndex>& commits,
                  const CommitIndexOptions& options, const CommitProgress& progress) {
  CommitIndexer indexer(ingest, repo, options);
  for (const CommitToIndex& commit : commits) {
    CommitSummary summary = indexer.Index(commit);
    if (progress) progress(summary);
  }
}

}  // namespace scry
