#include "indexer/ingest.h"

#include <chrono>

#include "indexer/garbage.h"
#include "indexer/segment.h"
#include "indexer/segment_writer.h"
#include "util/error.h"

namespace scry {

namespace fs = std::filesystem;

Ingest::Ingest(const StoreLocation& store, uint64_t segment_bytes)
    : store_(store), segment_bytes_(segment_bytes) {
  if (!fs::is_directory(store.root)) {
    throw Error(ExitCode::kBadInput, "cannot index " + store.root.string() + ": not a directory");
  }
  fs::create_directories(store.dir / "segments");
  fs::create_directories(SnapshotsDir(store.dir));
  lock_ = std::make_unique<WriterLock>(store.dir);
  catalog_ = std::make_unique<Catalog>(CatalogPath(store.dir), true);
  if (!store.root.empty()) catalog_->SetMeta("root", store.root.string());
  CollectGarbage(store.dir, *catalog_);
  for (const SegmentRow& row : catalog_->Segments()) {
    segments_.emplace_back(row.id, std::make_unique<Segment>(SegmentPath(store.dir, row.id)));
  }
}

Ingest::~Ingest() = default;

std::optional<DocLocation> Ingest::FindBefore(const BlobId& blob) const {
  for (const auto& [id, segment] : segments_) {
    if (std::optional<uint32_t> doc = segment->FindBlob(blob))
      return DocLocation{id, *doc, segment->doc(*doc).size};
  }
  return std::nullopt;
}

std::optional<DocLocation> Ingest::Find(const BlobId& blob) const {
  if (auto a = added_.find(blob); a != added_.end()) return a->second;
  return FindBefore(blob);
}

DocLocation Ingest::Add(const Document& doc) {
  if (writer_ && writer_->content_bytes() >= segment_bytes_) CloseSegment();
  if (!writer_) {
    writer_id_ = catalog_->NextFileId();
    writer_ = std::make_unique<SegmentWriter>(SegmentPath(store_.dir, writer_id_));
  }
  DocLocation location{writer_id_, writer_->Add(doc), doc.content.size()};
  added_.emplace(doc.blob, location);
  counts_.docs_added++;
  counts_.chunks += doc.chunks.size();
  counts_.symbols += doc.symbols.size();
  counts_.parse_fell_back += doc.parse_fell_back;
  counts_.too_large_to_parse += doc.too_large_to_parse;
  return location;
}

void Ingest::CloseSegment() {
  SegmentStats stats = writer_->Finish();
  written_.push_back({writer_id_, stats.docs, stats.content_bytes, stats.file_bytes});
  writer_.reset();
}

void Ingest::Publish(const ManifestBuilder& files, SnapshotRow row) {
  if (writer_) CloseSegment();
  row.manifest = catalog_->NextFileId();
  files.Write(SnapshotsDir(store_.dir), row.manifest);
  catalog_->Publish(written_, row);
  written_.clear();
  CollectGarbage(store_.dir, *catalog_);
}

CompactionReport Ingest::Compact(const CompactionPolicy& policy) {
  CompactionReport report = CompactSegments(store_, *catalog_, policy);
  if (report.segments_merged > 0) CollectGarbage(store_.dir, *catalog_);
  return report;
}

}  // namespace scry
