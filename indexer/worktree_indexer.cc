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
                        TrigramCollector* collector) {
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
    AnalyzeDocument(&doc, collector);
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

  // Every document the store holds, by blob id, and the previous snapshot's files by path.
  std::optional<SnapshotView> previous;
  if (catalog.Snapshot(kWorktreeSnapshot)) previous = OpenSnapshot(store, kWorktreeSnapshot);
  BlobMap known;
  for (const SegmentRow& row : catalog.Segments()) {
    Segment segment(SegmentPath(store.dir, row.id));
    for (uint32_t d = 0; d < segment.doc_count(); ++d) {
      BlobId id;
      std::memcpy(id.data(), segment.doc(d).blob_id, id.size());
      known.emplace(id, DocLocation{row.id, d});
    }
  }

  IndexSummary summary;
  const int64_t started_ns = NowNanoseconds();
  std::vector<WalkedFile> files;
  WalkReport report;
  // The store may live inside the tree (<root>/.scry): never index it, even with --hidden.
  std::string store_prefix = store.dir.lexically_relative(store.root).generic_string() + "/";
  bool store_inside = !store_prefix.starts_with("..");
  WalkTree(
      store.root, options.walk,
      [&](WalkedFile&& f) {
        if (!store_inside || !f.path.starts_with(store_prefix)) files.push_back(std::move(f));
      },
      &report);
  std::sort(files.begin(), files.end(),
            [](const WalkedFile& a, const WalkedFile& b) { return a.path < b.path; });
  summary.symlinks = report.symlinks_not_followed;
  std::vector<SkippedFile> skipped;
  for (const SkippedPath& s : report.skipped) skipped.push_back({s.path, s.reason});

  // A file keeps its previous document when its size and mtime are unchanged, unless its mtime is so
  // close to the previous run's start that a write in the same clock tick, after that run read the
  // file, would have left the mtime as it was (git's "racily clean" entries).
  std::vector<ManifestEntry> entries;
  std::vector<const WalkedFile*> to_read;
  uint64_t read_bytes = 0;
  std::unordered_map<std::string_view, size_t> previous_by_path;
  if (previous) {
    for (size_t i = 0; i < previous->manifest->size(); ++i)
      previous_by_path.emplace(previous->manifest->path(i), i);
  }
  const int64_t racy_after_ns = previous ? previous->row.created_ns - kMtimeGranularityNs : 0;
  for (const WalkedFile& f : files) {
    auto it = previous_by_path.find(f.path);
    if (it != previous_by_path.end()) {
      const EntryRecord& e = previous->manifest->entry(it->second);
      if (e.size == f.size && e.mtime_ns == f.mtime_ns && f.mtime_ns < racy_after_ns) {
        entries.push_back({f.path, previous->manifest->segment_ids()[e.segment], e.doc, f.size, f.mtime_ns});
        previous_by_path.erase(it);
        continue;
      }
      previous_by_path.erase(it);
    }
    to_read.push_back(&f);
    read_bytes += f.size;
  }
  summary.files_removed = previous_by_path.size();
  if (progress.walked) progress.walked(to_read.size(), read_bytes);

  std::vector<SegmentRow> new_segments;
  std::unique_ptr<SegmentWriter> writer;
  uint64_t writer_id = 0;
  auto finish_segment = [&] {
    if (!writer) return;
    SegmentStats stats = writer->Finish();
    new_segments.push_back({writer_id, stats.docs, stats.content_bytes, stats.file_bytes});
    writer.reset();
  };

  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<TrigramCollector> collectors(threads);
  BlobMap added;
  OrderedParallel<ReadResult>(
      to_read.size(), threads, 256,
      [&](unsigned worker, size_t i) {
        return ReadForIndex(store.root, *to_read[i], known, &collectors[worker]);
      },
      [&](size_t i, ReadResult&& r) {
        const WalkedFile& f = *to_read[i];
        summary.files_read++;
        if (progress.advanced) progress.advanced(1, f.size);
        if (!r.doc) {
          skipped.push_back({f.path, r.skip_reason});
          return;
        }
        // Workers read `known` concurrently, so documents added by this run go to their own map.
        DocLocation location;
        if (auto k = known.find(r.doc->blob); k != known.end()) {
          location = k->second;
        } else if (auto a = added.find(r.doc->blob); a != added.end()) {
          location = a->second;
        } else {
          if (writer && writer->content_bytes() >= options.segment_bytes) finish_segment();
          if (!writer) {
            writer_id = catalog.NextFileId();
            writer = std::make_unique<SegmentWriter>(SegmentPath(store.dir, writer_id));
          }
          location = {writer_id, writer->Add(*r.doc)};
          summary.docs_added++;
          summary.chunks += r.doc->chunks.size();
          added.emplace(r.doc->blob, location);
        }
        entries.push_back({f.path, location.segment_id, location.doc, f.size, f.mtime_ns});
      });
  finish_segment();

  summary.files = entries.size();
  for (const ManifestEntry& e : entries) summary.bytes += e.size;
  summary.skipped = skipped.size();

  // Publish: the manifest file first, then the catalog transaction that makes it the snapshot.
  uint64_t manifest_id = catalog.NextFileId();
  std::set<uint64_t> referenced;
  for (const ManifestEntry& e : entries) referenced.insert(e.segment_id);
  WriteManifest(ManifestPath(store.dir, manifest_id), std::move(entries), skipped);
  for (const SnapshotRow& s : catalog.Snapshots()) {
    if (s.name == kWorktreeSnapshot) continue;
    Manifest other(ManifestPath(store.dir, s.manifest));
    referenced.insert(other.segment_ids().begin(), other.segment_ids().end());
  }
  std::vector<uint64_t> dropped;
  for (const SegmentRow& s : catalog.Segments()) {
    if (!referenced.contains(s.id)) dropped.push_back(s.id);
  }
  std::vector<SegmentRow> published;
  for (const SegmentRow& s : new_segments) {
    if (referenced.contains(s.id)) {
      published.push_back(s);
    } else {
      fs::remove(SegmentPath(store.dir, s.id));  // every document in it turned out to be skipped
    }
  }
  catalog.Publish(published, {kWorktreeSnapshot, manifest_id, started_ns, summary.files, summary.bytes},
                  dropped);

  // Readers that opened the old files keep them through their maps; new readers see the new snapshot.
  if (previous) fs::remove(ManifestPath(store.dir, previous->row.manifest));
  for (uint64_t id : dropped) fs::remove(SegmentPath(store.dir, id));

  summary.store_bytes = StoreBytes(store.dir);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace scry
