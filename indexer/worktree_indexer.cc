#include "indexer/worktree_indexer.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <set>
#include <unordered_map>

#include "indexer/document.h"
#include "indexer/segment_writer.h"
#include "util/error.h"
#include "util/file.h"
#include "util/ordered_parallel.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

struct BlobHash {
  size_t operator()(const BlobId& id) const {
    size_t h;
    std::memcpy(&h, id.data(), sizeof(h));
    return h;
  }
};

struct DocLocation {
  uint64_t segment_id;
  uint32_t doc;
};

using BlobMap = std::unordered_map<BlobId, DocLocation, BlobHash>;

// What a worker learnt about one file that had to be read.
struct ReadResult {
  std::optional<Document> doc;  // set unless skipped
  bool known = false;           // content already in the store: only doc->blob is set
  std::string skip_reason;
};

// Files a crashed writer left behind: temporaries, and segments or manifests the catalog never named.
void RemoveOrphans(const fs::path& store, Catalog& catalog) {
  std::set<fs::path> keep;
  for (const SegmentRow& s : catalog.Segments()) keep.insert(SegmentPath(store, s.id));
  for (const SnapshotRow& s : catalog.Snapshots()) keep.insert(ManifestPath(store, s.manifest));
  for (const char* sub : {"segments", "snapshots"}) {
    for (const fs::directory_entry& e : fs::directory_iterator(store / sub)) {
      if (!keep.contains(e.path())) fs::remove(e.path());
    }
  }
}

ReadResult ReadForIndex(const fs::path& root, const WalkedFile& file, const BlobMap& known,
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
  if (known.contains(doc.blob)) {
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

// Every document the store holds, by blob id.
BlobMap KnownDocuments(const fs::path& store, Catalog& catalog) {
  BlobMap known;
  for (const SegmentRow& row : catalog.Segments()) {
    Segment segment(SegmentPath(store, row.id));
    for (uint32_t d = 0; d < segment.doc_count(); ++d) {
      BlobId id;
      std::memcpy(id.data(), segment.doc(d).blob_id, id.size());
      known.emplace(id, DocLocation{row.id, d});
    }
  }
  return known;
}

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
struct ReadPlan {
  std::vector<ManifestEntry> kept;
  std::vector<const WalkedFile*> to_read;
  uint64_t read_bytes = 0;
  uint64_t removed = 0;  // in the previous snapshot, gone from the tree
};

// A file keeps its previous document when its size and mtime are unchanged, unless its mtime is so
// close to the previous run's start that a write in the same clock tick, after that run read the
// file, would have left the mtime as it was (git's "racily clean" entries).
ReadPlan PlanReads(const std::vector<WalkedFile>& files, const std::optional<SnapshotView>& previous) {
  ReadPlan plan;
  std::unordered_map<std::string_view, size_t> previous_by_path;
  if (previous) {
    for (size_t i = 0; i < previous->manifest->size(); ++i)
      previous_by_path.emplace(previous->manifest->path(i), i);
  }
  const int64_t racy_after_ns = previous ? previous->row.created_ns - kMtimeGranularityNs : 0;
  for (const WalkedFile& f : files) {
    if (auto it = previous_by_path.find(f.path); it != previous_by_path.end()) {
      const EntryRecord& e = previous->manifest->entry(it->second);
      previous_by_path.erase(it);
      if (e.size == f.size && e.mtime_ns == f.mtime_ns && f.mtime_ns < racy_after_ns) {
        plan.kept.push_back(
            {f.path, previous->manifest->segment_ids()[e.segment], e.doc, f.size, f.mtime_ns});
        continue;
      }
    }
    plan.to_read.push_back(&f);
    plan.read_bytes += f.size;
  }
  plan.removed = previous_by_path.size();
  return plan;
}

// Adds new documents to segments, starting a new segment past `segment_bytes` of content.
class SegmentSink {
 public:
  SegmentSink(const fs::path& store, Catalog* catalog, uint64_t segment_bytes)
      : store_(store), catalog_(catalog), segment_bytes_(segment_bytes) {}

  DocLocation Add(const Document& doc) {
    if (writer_ && writer_->content_bytes() >= segment_bytes_) Finish();
    if (!writer_) {
      writer_id_ = catalog_->NextFileId();
      writer_ = std::make_unique<SegmentWriter>(SegmentPath(store_, writer_id_));
    }
    return {writer_id_, writer_->Add(doc)};
  }

  // Closes the open segment; returns every segment written.
  std::vector<SegmentRow> Finish() {
    if (writer_) {
      SegmentStats stats = writer_->Finish();
      written_.push_back({writer_id_, stats.docs, stats.content_bytes, stats.file_bytes});
      writer_.reset();
    }
    return written_;
  }

 private:
  fs::path store_;
  Catalog* catalog_;
  uint64_t segment_bytes_;
  std::unique_ptr<SegmentWriter> writer_;
  uint64_t writer_id_ = 0;
  std::vector<SegmentRow> written_;
};

// Writes the manifest, then makes it the worktree snapshot in one catalog transaction, dropping the
// segments no snapshot refers to any more; then deletes the files nothing names.  Readers that
// opened the old files keep them through their maps.
void PublishWorktree(const fs::path& store, Catalog& catalog, std::vector<ManifestEntry> entries,
                     const std::vector<SkippedFile>& skipped, const std::vector<SegmentRow>& new_segments,
                     SnapshotRow row, const std::optional<SnapshotView>& previous) {
  row.manifest = catalog.NextFileId();
  std::set<uint64_t> referenced;
  for (const ManifestEntry& e : entries) referenced.insert(e.segment_id);
  WriteManifest(ManifestPath(store, row.manifest), std::move(entries), skipped);
  for (const SnapshotRow& s : catalog.Snapshots()) {
    if (s.name == row.name) continue;
    Manifest other(ManifestPath(store, s.manifest));
    referenced.insert(other.segment_ids().begin(), other.segment_ids().end());
  }
  std::vector<uint64_t> dropped;
  for (const SegmentRow& s : catalog.Segments()) {
    if (!referenced.contains(s.id)) dropped.push_back(s.id);
  }
  catalog.Publish(new_segments, row, dropped);
  if (previous) fs::remove(ManifestPath(store, previous->row.manifest));
  for (uint64_t id : dropped) fs::remove(SegmentPath(store, id));
}

}  // namespace

uint64_t StoreBytes(const fs::path& store) {
  uint64_t total = 0;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(store)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

IndexSummary IndexWorktree(const StoreLocation& store, const IndexOptions& options,
                           const IndexProgress& progress) {
  auto start = std::chrono::steady_clock::now();
  if (!fs::is_directory(store.root)) {
    throw Error(ExitCode::kBadInput, "cannot index " + store.root.string() + ": not a directory");
  }
  fs::create_directories(store.dir / "segments");
  fs::create_directories(store.dir / "snapshots");
  WriterLock lock(store.dir);
  Catalog catalog(CatalogPath(store.dir), true);
  catalog.SetMeta("root", store.root.string());
  RemoveOrphans(store.dir, catalog);

  std::optional<SnapshotView> previous;
  if (catalog.Snapshot(kWorktreeSnapshot)) previous = OpenSnapshot(store, kWorktreeSnapshot);
  const BlobMap known = KnownDocuments(store.dir, catalog);

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
  SegmentSink sink(store.dir, &catalog, options.segment_bytes);
  BlobMap added;  // workers read `known` concurrently, so this run's new documents go here
  OrderedParallel<ReadResult>(
      plan.to_read.size(), threads, 256,
      [&](unsigned worker, size_t i) {
        return ReadForIndex(store.root, *plan.to_read[i], known, options.analyze, &collectors[worker]);
      },
      [&](size_t i, ReadResult&& r) {
        const WalkedFile& f = *plan.to_read[i];
        summary.files_read++;
        if (progress.advanced) progress.advanced(1, f.size);
        if (!r.doc) {
          skipped.push_back({f.path, r.skip_reason});
          return;
        }
        DocLocation location;
        if (auto k = known.find(r.doc->blob); k != known.end()) {
          location = k->second;
        } else if (auto a = added.find(r.doc->blob); a != added.end()) {
          location = a->second;
        } else {
          location = sink.Add(*r.doc);
          summary.docs_added++;
          summary.chunks += r.doc->chunks.size();
          summary.symbols += r.doc->symbols.size();
          summary.parse_fell_back += r.doc->parse_fell_back;
          summary.too_large_to_parse += r.doc->too_large_to_parse;
          added.emplace(r.doc->blob, location);
        }
        entries.push_back({f.path, location.segment_id, location.doc, f.size, f.mtime_ns});
      });

  summary.files = entries.size();
  for (const ManifestEntry& e : entries) summary.bytes += e.size;
  summary.skipped = skipped.size();
  PublishWorktree(store.dir, catalog, std::move(entries), skipped, sink.Finish(),
                  {kWorktreeSnapshot, 0, started_ns, summary.files, summary.bytes}, previous);

  summary.store_bytes = StoreBytes(store.dir);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace scry
