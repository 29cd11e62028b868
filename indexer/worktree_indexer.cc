#include "indexer/worktree_indexer.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <unordered_map>

#include "indexer/document.h"
#include "indexer/ingest.h"
#include "indexer/manifest_builder.h"
#include "util/error.h"
#include "util/file.h"
#include "util/ordered_parallel.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

// What a worker learnt about one file that had to be read.
struct ReadResult {
  std::optional<Document> doc;  // set unless skipped
  bool known = false;           // content already in the store: only doc->blob is set
  std::string skip_reason;
};

ReadResult ReadForIndex(const fs::path& root, const WalkedFile& file, const Ingest& ingest,
                        const AnalyzeOptions& options, TrigramCollector* collector) {
  ReadResult result;
  Document doc;
  try {
    doc.content = ReadFile(root / file.path);
  } catch (const Error& e) {
    result.skip_reason = std::string("unreadable: ") + e.what();
    return result;
  }
  if (const void* nul = std::memchr(doc.content.data(), '\0', doc.content.size())) {
    result.skip_reason =
        "binary: NUL byte at offset " + std::to_string(static_cast<const char*>(nul) - doc.content.data());
    return result;
  }
  doc.blob = ComputeBlobId(doc.content);
  if (ingest.IsPublished(doc.blob)) {
    result.known = true;
    doc.content.clear();
  } else {
    AnalyzeDocument(&doc, file.path, options, collector);
  }
  result.doc = std::move(doc);
  return result;
}

int64_t NowNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// File systems stamp mtimes from a coarse clock (a jiffy, up to 10 ms); allow for five of those.
constexpr int64_t kMtimeGranularityNs = 50'000'000;

// The files of the tree in path order, less the store itself when it lives inside the tree
// (<root>/.scry), which is never indexed, even with --hidden.
std::vector<WalkedFile> WalkForIndex(const StoreLocation& store, const WalkOptions& options,
                                     WalkReport* report) {
  std::string store_prefix = store.dir.lexically_relative(store.root).generic_string() + "/";
  bool store_inside = !store_prefix.starts_with("..");
  std::vector<WalkedFile> files;
  WalkTree(
      store.root, options,
      [&](WalkedFile&& f) {
        if (!store_inside || !f.path.starts_with(store_prefix)) files.push_back(std::move(f));
      },
      report);
  std::sort(files.begin(), files.end(),
            [](const WalkedFile& a, const WalkedFile& b) { return a.path < b.path; });
  return files;
}

// Which files keep their previous document and which must be read.
struct FileToRead {
  const WalkedFile* file;
  std::optional<DocLocation> replaces;  // its document in the previous snapshot
};

struct ReadPlan {
  std::vector<ManifestEntry> kept;
  std::vector<FileToRead> to_read;
  uint64_t read_bytes = 0;
  uint64_t removed = 0;  // in the previous snapshot, gone from the tree
};

// A file keeps its previous document when its size and mtime are unchanged, unless its mtime is so
// close to the previous run's start that a write in the same clock tick, after that run read the
// file, would have left the mtime as it was (git's "racily clean" entries).
ReadPlan PlanReads(const std::vector<WalkedFile>& files, const std::optional<SnapshotView>& previous) {
  ReadPlan plan;
  std::unordered_map<std::string_view, uint32_t> previous_by_path;
  if (previous) {
    for (uint32_t h : previous->manifest->InPathOrder())
      previous_by_path.emplace(previous->manifest->path(h), h);
  }
  const int64_t racy_after_ns = previous ? previous->row.created_ns - kMtimeGranularityNs : 0;
  for (const WalkedFile& f : files) {
    std::optional<DocLocation> replaces;
    if (auto it = previous_by_path.find(f.path); it != previous_by_path.end()) {
      const EntryRecord& e = previous->manifest->entry(it->second);
      const uint64_t segment_id = previous->manifest->segment_ids()[e.segment];
      previous_by_path.erase(it);
      if (e.size == f.size && e.mtime_ns == f.mtime_ns && f.mtime_ns < racy_after_ns) {
        plan.kept.push_back({f.path, segment_id, e.doc, f.size, f.mtime_ns, e.flags});
        continue;
      }
      replaces = DocLocation{segment_id, e.doc, e.size};
    }
    plan.to_read.push_back({&f, replaces});
    plan.read_bytes += f.size;
  }
  plan.removed = previous_by_path.size();
  return plan;
}

}  // namespace

uint64_t StoreBytes(const fs::path& store) {
  uint64_t total = 0;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(store)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

IndexSummary IndexWorktree(Ingest& ingest, const IndexOptions& options, const IndexProgress& progress) {
  auto start = std::chrono::steady_clock::now();
  const StoreLocation& store = ingest.store();
  const IngestCounts counts_before = ingest.counts();
  std::optional<SnapshotView> previous;
  if (ingest.catalog().Snapshot(kWorktreeSnapshot)) previous = OpenSnapshot(store, kWorktreeSnapshot);
  std::optional<SnapshotView> fork_from;
  if (!options.fork_from.empty() && ingest.catalog().Snapshot(options.fork_from)) {
    fork_from = OpenSnapshot(store, options.fork_from);
  }

  IndexSummary summary;
  const int64_t started_ns = NowNanoseconds();
  WalkReport report;
  std::vector<WalkedFile> files = WalkForIndex(store, options.walk, &report);
  summary.symlinks = report.symlinks_not_followed;
  std::vector<SkippedFile> skipped;
  for (const SkippedPath& s : report.skipped) skipped.push_back({s.path, s.reason});

  ReadPlan plan = PlanReads(files, previous);
  std::vector<ManifestEntry> entries = std::move(plan.kept);
  summary.files_removed = plan.removed;
  if (progress.walked) progress.walked(plan.to_read.size(), plan.read_bytes);

  // Files are read, hashed and analysed on worker threads, and consumed here in path order, so that
  // documents land in segments in path order (searches read them in that order).
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<TrigramCollector> collectors(threads);
  OrderedParallel<ReadResult>(
      plan.to_read.size(), threads, 256,
      [&](unsigned worker, size_t i) {
        return ReadForIndex(store.root, *plan.to_read[i].file, ingest, options.analyze, &collectors[worker]);
      },
      [&](size_t i, ReadResult&& r) {
        const WalkedFile& f = *plan.to_read[i].file;
        summary.files_read++;
        if (progress.advanced) progress.advanced(1, f.size);
        if (!r.doc) {
          skipped.push_back({f.path, r.skip_reason});
          return;
        }
        std::optional<DocLocation> location = ingest.Find(r.doc->blob);
        if (!location) location = ingest.Add(*r.doc, plan.to_read[i].replaces);
        entries.push_back({f.path, location->segment_id, location->doc, f.size, f.mtime_ns});
      });

  summary.files = entries.size();
  for (const ManifestEntry& e : entries) summary.bytes += e.size;
  summary.skipped = skipped.size();
  const SnapshotView* parent = fork_from ? &*fork_from : previous ? &*previous : nullptr;
  ManifestBuilder builder(parent ? parent->manifest.get() : nullptr);
  builder.Reset(std::move(entries));
  builder.SetSkipped(skipped);
  ingest.Publish(builder, {kWorktreeSnapshot, 0, started_ns, summary.files, summary.bytes, "", "",
                           fork_from ? options.fork_from : ""});
  summary.counts = ingest.counts() - counts_before;
  summary.store_bytes = StoreBytes(store.dir);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace scry
