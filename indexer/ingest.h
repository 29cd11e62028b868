// One indexing run's writes to a store, whatever the files come from (a directory or a commit).
//
// An Ingest holds the writer lock for its lifetime, knows every document the store holds by blob id
// (content is analysed and stored once), adds new documents to segments of bounded size, and ends by
// publishing a snapshot: the manifest first, then one catalog transaction, then garbage collection.
// A run that throws or is killed before publishing leaves the published snapshots as they were; its
// files are unreferenced and the next writer deletes them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "indexer/blob_id.h"
#include "indexer/catalog.h"
#include "indexer/compaction.h"
#include "indexer/document.h"
#include "indexer/manifest_builder.h"
#include "indexer/segment.h"
#include "indexer/store.h"

namespace scry {

class SegmentWriter;

struct DocLocation {
  uint64_t segment_id;
  uint32_t doc;
  uint64_t size;  // of the content
};

// What the new documents of a run hold.
struct IngestCounts {
  uint64_t docs_added = 0;
  uint64_t chunks = 0;
  uint64_t symbols = 0;
  uint64_t parse_fell_back = 0;     // whose parse ran out of time (line windows)
  uint64_t too_large_to_parse = 0;  // in a language, but over the size parsed

  IngestCounts operator-(const IngestCounts& earlier) const {
    return {docs_added - earlier.docs_added, chunks - earlier.chunks, symbols - earlier.symbols,
            parse_fell_back - earlier.parse_fell_back, too_large_to_parse - earlier.too_large_to_parse};
  }
};

// Start a new segment past this much content: segments stay small enough to write, merge and map.
constexpr uint64_t kSegmentBytes = 512ull << 20;

class Ingest {
 public:
  // Throws scry::Error: kBadInput if the store's root is not a directory, kBusy if another writer runs.
  Ingest(const StoreLocation& store, uint64_t segment_bytes = kSegmentBytes);
  ~Ingest();
  Ingest(const Ingest&) = delete;
  Ingest& operator=(const Ingest&) = delete;

  Catalog& catalog() { return *catalog_; }
  const StoreLocation& store() const { return store_; }

  // Whether a published segment holds this content; safe to call from many threads (not during
  // Publish).
  bool IsPublished(const BlobId& blob) const { return FindPublished(blob).has_value(); }
  // Where the store holds this content, counting this run's new documents (not thread-safe).
  std::optional<DocLocation> Find(const BlobId& blob) const;
  // Stores a new document (its blob must not be found).  `replaces` is the document it is a new
  // version of (the same path's in the parent snapshot): the document may be stored as a delta over
  // that one, or over its base if it is a delta itself (SegmentWriter::Add), once it is published.
  DocLocation Add(const Document& doc, const std::optional<DocLocation>& replaces = std::nullopt);
  const IngestCounts& counts() const { return counts_; }

  // Closes the open segment, writes the manifest and publishes `row` (its manifest field is set here),
  // then deletes what no snapshot reaches.
  void Publish(const ManifestBuilder& files, SnapshotRow row);
  // Merges small segments when the policy says so (indexer/compaction.h), then deletes what no
  // snapshot reaches.  Call after the last Publish.
  CompactionReport Compact(const CompactionPolicy& policy = {});

 private:
  void CloseSegment();
  std::optional<DocLocation> FindPublished(const BlobId& blob) const;
  const Segment* Published(uint64_t segment_id) const;
  // The full document a new version of `doc` would be a delta over, if one is published.
  std::optional<DocLocation> KeyframeOf(const DocLocation& doc) const;

  StoreLocation store_;
  uint64_t segment_bytes_;
  std::unique_ptr<WriterLock> lock_;
  std::unique_ptr<Catalog> catalog_;
  // The published segments, searched by blob id (each keeps its blob ids sorted) and read for the
  // bases of deltas: those of the store when the run started, then those of each Publish.  Read by
  // worker threads, changed only by Publish, when none runs.
  std::vector<std::pair<uint64_t, std::unique_ptr<Segment>>> segments_;
  std::unordered_map<BlobId, DocLocation, ObjectIdHash> added_;  // this run's new documents
  BlockReader base_reader_;
  std::unique_ptr<SegmentWriter> writer_;
  uint64_t writer_id_ = 0;
  std::vector<SegmentRow> written_;
  IngestCounts counts_;
};

}  // namespace scry
